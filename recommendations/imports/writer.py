"""Writing resolved records in batches: creation history, many-to-many pairs, and the
changes against what is already stored."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from nrtd.concurrency import save_version
from recommendations.filtering.facet_sql import facet_keys_written_once
from recommendations.imports.resolver import RESPONSE_KEYS, Resolved
from recommendations.models import (
    Cluster,
    ClusterSet,
    Recommendation,
    ResponseEntry,
)

BATCH_SIZE = 500
# Problems, warnings and unresolved names kept in a summary: the first ones, with the total.
# A 50 MB bad file once stored 110,000 error strings in its job, and every list of jobs
# carried them.
MAX_LISTED = 1000


@dataclass
class ImportSummary:
    file: str
    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    by_response: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESPONSE_KEYS, 0))
    dry_run: bool = False
    review_ids: list[int] = field(default_factory=list)
    # Per State under review (ISO3 code; "" for records without one, "?<name>" for a name
    # that did not resolve): what the file holds and what an import would do with it.
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    left_out: int = 0  # records of States under review not kept
    unresolved: list[dict[str, Any]] = field(default_factory=list)
    errors_total: int = 0
    warnings_total: int = 0
    unmapped: int = 0  # theme and group labels not in the reference data, kept as text
    refused: bool = False  # nothing written: then no created or by-response counts are shown

    @property
    def ok(self) -> bool:
        return not self.errors

    def state(self, code: str, name: str) -> dict[str, Any]:
        entry = self.states.get(code)
        if entry is None:
            entry = self.states[code] = {
                "code": code,
                "name": name,
                "rows": 0,
                "recommendations": 0,
                "pledges": 0,
                "new": 0,
                "changed": 0,
                "unchanged": 0,
                "problems": 0,
                "by_response": dict.fromkeys(RESPONSE_KEYS, 0),
            }
        return entry

    def tally(self, resolved: Resolved, outcome: str) -> None:
        """Count a written record as "new", "changed" or "unchanged" for its State."""
        if resolved.state_code in self.states:
            self.states[resolved.state_code][outcome] += 1

    def preview(self) -> dict[str, Any]:
        """What the dry run found, as the job records it: one entry per State under review
        (largest first), the totals, the names that did not resolve with their rows."""
        states = sorted(
            self.states.values(),
            key=lambda e: (-(e["recommendations"] + e["pledges"]), e["name"]),
        )
        totals: dict[str, Any] = {
            key: sum(e[key] for e in states)
            for key in ("rows", "recommendations", "pledges", "new", "changed", "unchanged")
        }
        totals["by_response"] = {
            key: sum(e["by_response"][key] for e in states) for key in RESPONSE_KEYS
        }
        return {
            "states": states,
            "totals": totals,
            "unresolved": self.unresolved,
            "problems": len(self.errors),
            "left_out": self.left_out,
        }

    def as_dict(self) -> dict[str, Any]:
        """The summary line: counts of what was done, the first problems with their total,
        the number of warnings and the names that did not resolve."""
        done = (
            {}
            if self.refused
            else {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "skipped": self.skipped,
                "by_response": self.by_response,
            }
        )
        return {
            **done,
            "errors": self.errors,
            "errors_total": max(self.errors_total, len(self.errors)),
            "warnings": max(self.warnings_total, len(self.warnings)),
            "unmapped_labels": self.unmapped,
            "unresolved": [
                {"what": u["what"], "name": u["name"], "count": u.get("count", len(u["rows"]))}
                for u in self.unresolved
            ],
        }


M2M_NAMES = ["recommending_states", "themes", "groups", "sdg_targets", "sdg_goals", "clusters"]


def _current_relations(pks: list[int]) -> dict[str, defaultdict[int, set[int]]]:
    """{relation: {recommendation id: {related ids}}} read as plain pairs (no model objects)."""
    result: dict[str, defaultdict[int, set[int]]] = {}
    for name in M2M_NAMES:
        field = Recommendation._meta.get_field(name)
        pairs: defaultdict[int, set[int]] = defaultdict(set)
        if pks:
            rows = field.remote_field.through.objects.filter(
                **{f"{field.m2m_field_name()}_id__in": pks}
            ).values_list(field.m2m_column_name(), field.m2m_reverse_name())
            for source, target in rows:
                pairs[source].add(target)
        result[name] = pairs
    return result


def record_creation_history(pks: list[int], *, user, reason: str) -> None:
    """Write the '+' history rows of newly created recommendations in one statement.

    The same rows django-simple-history writes on save, copied in the database from the
    recommendation table (INSERT ... SELECT) instead of built as Python objects.
    """
    if not pks:
        return
    history = Recommendation.history.model
    base_columns = {f.column for f in Recommendation._meta.concrete_fields}
    copied = [
        f.column
        for f in history._meta.concrete_fields
        if f.column in base_columns and not f.column.startswith("history_")
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in copied)
    placeholders = ", ".join(["%s"] * len(pks))
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, history_type, "  # noqa: S608
        f"history_user_id, history_change_reason) SELECT {columns}, %s, '+', %s, %s "
        f"FROM {quote(Recommendation._meta.db_table)} WHERE id IN ({placeholders})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), getattr(user, "pk", None), reason[:100], *pks])


def insert_pairs(m2m_field, pairs: list[tuple[int, int]]) -> None:
    """Insert rows of an M2M through table of Recommendation as (recommendation id, other id)."""
    through = m2m_field.remote_field.through
    table = connection.ops.quote_name(through._meta.db_table)
    source = connection.ops.quote_name(m2m_field.m2m_column_name())
    target = connection.ops.quote_name(m2m_field.m2m_reverse_name())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            sql = f"INSERT INTO {table} ({source}, {target}) VALUES %s"  # noqa: S608
            execute_values(cursor.cursor, sql, pairs, page_size=5000)
        else:
            sql = f"INSERT INTO {table} ({source}, {target}) VALUES (%s, %s)"  # noqa: S608
            cursor.executemany(sql, pairs)


def batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# Fields compared on re-import: what the file says. Publication and provenance row numbers
# are not compared (the secretariat may have unpublished; a row may move in a new export).
_COMPARED = [
    "kind", "text", "paragraph", "mechanism", "body_id", "document_symbol", "date", "review_id",
    "response", "response_label", "action_category", "unmapped_labels",
]  # fmt: skip


class Writer:
    def __init__(self, summary: ImportSummary, actor, cluster_set_name: str | None):
        self.summary = summary
        self.actor = actor
        self.cluster_set_name = cluster_set_name
        self.cluster_set: ClusterSet | None = None
        self.clusters: dict[str, Cluster] = {}
        self._through_rows: dict[str, list] = {}

    def cluster_id(self, name: str | None) -> int | None:
        if not name or not self.cluster_set_name:
            return None
        if self.cluster_set is None:
            self.cluster_set, _ = ClusterSet.objects.get_or_create(name=self.cluster_set_name)
            self.clusters = {c.name: c for c in self.cluster_set.clusters.all()}
        if name not in self.clusters:
            self.clusters[name] = Cluster.objects.create(
                cluster_set=self.cluster_set, name=name, order=len(self.clusters) + 1
            )
        return self.clusters[name].pk

    def write(self, batch: list[Resolved]) -> None:
        ids = [r.fields["external_id"] for r in batch]
        existing = {
            rec.external_id: rec for rec in Recommendation.objects.filter(external_id__in=ids)
        }
        current = _current_relations([rec.pk for rec in existing.values()])
        new = [r for r in batch if r.fields["external_id"] not in existing]
        for resolved in batch:
            rec = existing.get(resolved.fields["external_id"])
            if rec is not None:
                self._update(rec, resolved, {name: ids[rec.pk] for name, ids in current.items()})
        if new:
            self._create(new)

    def _create(self, new: list[Resolved]) -> None:
        objs = Recommendation.objects.bulk_create(
            [Recommendation(**r.fields) for r in new], batch_size=BATCH_SIZE
        )
        if not all(o.pk for o in objs):
            by_id = dict(
                Recommendation.objects.filter(
                    external_id__in=[o.external_id for o in objs]
                ).values_list("external_id", "pk")
            )
            for obj in objs:
                obj.pk = obj.id = by_id[obj.external_id]
        responses = []
        for obj, resolved in zip(objs, new, strict=True):
            self.summary.tally(resolved, "new")
            for name, ids in resolved.m2m.items():
                self._add_through(name, obj.pk, ids)
            cluster = self.cluster_id(resolved.cluster)
            if cluster:
                self._add_through("clusters", obj.pk, {cluster})
            if resolved.fields["response"] or resolved.fields["response_label"]:
                responses.append(
                    self._response_entry(obj.pk, resolved, ResponseEntry.Stage.ADOPTION)
                )
        pks = [o.pk for o in objs]
        with facet_keys_written_once(pks):
            self._flush_through()
        ResponseEntry.objects.bulk_create(responses, batch_size=BATCH_SIZE)
        record_creation_history(pks, user=self.actor, reason=f"imported from {self.summary.file}")
        self.summary.created += len(objs)

    def _response_entry(self, pk: int, resolved: Resolved, stage: str) -> ResponseEntry:
        record = resolved.record
        return ResponseEntry(
            recommendation_id=pk,
            stage=stage,
            date=record.date if stage == ResponseEntry.Stage.ADOPTION else datetime.date.today(),
            label=record.response_label,
            value=record.response or "",
            source=record.response_source or record.document_symbol,
        )

    def _add_through(self, name: str, pk: int, ids: set[int]) -> None:
        self._through_rows.setdefault(name, []).extend((pk, i) for i in ids)

    def _flush_through(self) -> None:
        # Plain (recommendation_id, target_id) pairs written in one statement per relation:
        # building thousands of through-model instances costs more than the rows themselves.
        for name, rows in self._through_rows.items():
            if rows:
                insert_pairs(getattr(Recommendation, name).field, rows)
        self._through_rows = {}

    def _update(self, rec: Recommendation, resolved: Resolved, current: dict[str, set]) -> None:
        changed = [f for f in _COMPARED if getattr(rec, f) != resolved.fields[f]]
        m2m_changed = {name: ids for name, ids in resolved.m2m.items() if current[name] != ids}
        cluster = self.cluster_id(resolved.cluster)
        if cluster and cluster not in current["clusters"]:
            m2m_changed["clusters"] = current["clusters"] | {cluster}
        if not changed and not m2m_changed:
            self.summary.unchanged += 1
            self.summary.tally(resolved, "unchanged")
            return
        self.summary.tally(resolved, "changed")
        response_changed = "response" in changed or "response_label" in changed
        for name in changed:
            setattr(rec, name, resolved.fields[name])
        if changed:
            save_version(rec, self.actor, reason=f"re-imported from {self.summary.file}")
        for name, ids in m2m_changed.items():
            getattr(rec, name).set(ids)
        if response_changed:
            self._response_entry(rec.pk, resolved, ResponseEntry.Stage.OTHER).save()
        self.summary.updated += 1
