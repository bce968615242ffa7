"""Import recommendations from a file (OHCHR matrix, UPR Info, UHRI) into the registry.

One transaction per file: every row is resolved against the reference data first, every
problem is collected (file, row, column, message), and if there is any, nothing is written.
Records are matched on their external id (UHRI annotation id, or the stable id the parser
derives), so re-importing the same file creates nothing; a changed file updates what
changed, with history.
"""

from __future__ import annotations

import datetime
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from recommendations.imports.parsers.base import (
    ImportFailed,
    ImportProblem,
    ParsedRecommendation,
    Source,
    source_name,
)
from recommendations.imports.parsers.detect import PARSERS, detect_format
from recommendations.imports.parsers.states import state_key
from recommendations.models import (
    AffectedGroup,
    Body,
    Cluster,
    ClusterSet,
    Recommendation,
    ResponseEntry,
    Review,
    SdgGoal,
    SdgTarget,
    State,
    Theme,
    cycle_for_session,
)
from recommendations.reference.services import REFERENCE_DIR

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
RESPONSE_KEYS = ["supported", "noted", "partially_supported", "pending", "none"]
Progress = Callable[[int], None]  # called with the number of source rows read so far


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

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": self.errors,
            "by_response": self.by_response,
        }


class _Rollback(Exception):  # noqa: N818 - control flow only
    pass


def _key(value: str) -> str:
    return " ".join(value.replace("’", "'").casefold().split())


class _Resolver:
    """Finds reference records for the names found in files; built once per import."""

    def __init__(self) -> None:
        self.states: dict[str, State] = {}
        for state in State.objects.all():
            for name in [state.name, state.iso3, *state.aliases]:
                self.states.setdefault(state_key(name), state)
        self.bodies: dict[str, Body] = {}
        for body in Body.objects.all():
            for name in [body.code, body.name, *body.aliases]:
                self.bodies.setdefault(_key(name), body)
        self.themes: dict[str, Theme] = {}
        for theme in Theme.objects.all():
            for name in [theme.code, theme.name, f"{theme.code} {theme.name}", *theme.aliases]:
                self.themes.setdefault(_key(name), theme)
        self.groups: dict[str, AffectedGroup] = {}
        for group in AffectedGroup.objects.all():
            for name in [group.code, group.name, *group.aliases]:
                self.groups.setdefault(_key(name), group)
        self.targets = {t.code: t for t in SdgTarget.objects.all()}
        self.goals = {str(g.number): g for g in SdgGoal.objects.all()}
        issues = json.loads((REFERENCE_DIR / "upr_info_issues.json").read_text(encoding="utf-8"))
        self.issues = {_key(i["issue"]): i for i in issues}
        self.reviews: dict[tuple[int, int], Review] = {}

    def state(self, name: str) -> State | None:
        return self.states.get(state_key(name))

    def body(self, record: ParsedRecommendation) -> Body | None:
        for candidate in [record.extra.get("body_code") or "", record.body]:
            if candidate and (found := self.bodies.get(_key(candidate))):
                return found
        return None

    def theme_and_group_ids(self, record: ParsedRecommendation, warnings: set[str]):
        themes, groups = set(), set()
        for label in record.themes:
            if issue := self.issues.get(_key(label)):
                themes |= {
                    self.themes[_key(c)].pk for c in issue["themes"] if _key(c) in self.themes
                }
                groups |= {
                    self.groups[_key(g)].pk for g in issue["groups"] if _key(g) in self.groups
                }
            elif theme := self.themes.get(_key(label)):
                themes.add(theme.pk)
            else:
                warnings.add(f"unknown theme '{label}' (not in the reference data; left out)")
        for label in record.affected_groups:
            if group := self.groups.get(_key(label)):
                groups.add(group.pk)
            else:
                warnings.add(
                    f"unknown affected group '{label}' (not in the reference data; left out)"
                )
        return themes, groups


@dataclass
class _Resolved:
    record: ParsedRecommendation
    fields: dict[str, Any]
    m2m: dict[str, set[int]]
    cluster: str | None


def _resolve(record, resolver: _Resolver, problems: list, warnings: set[str], *, publish: bool):
    file, row = record.source_file, record.source_row
    body = resolver.body(record)
    if body is None:
        problems.append(ImportProblem(file, row, "body", f"unknown body '{record.body}'"))
        return None
    if not record.text.strip():
        problems.append(ImportProblem(file, row, "text", "the recommendation has no text"))
        return None
    review = None
    if record.mechanism == "upr" or record.state_under_review and record.session:
        if record.state_under_review and record.session:
            state = resolver.state(record.state_under_review)
            if state is None:
                problems.append(
                    ImportProblem(
                        file,
                        row,
                        "State under review",
                        f"unknown State '{record.state_under_review}'",
                    )
                )
                return None
            review_key = (state.pk, record.session)
            review = resolver.reviews.get(review_key)
            if review is None:
                review, _ = Review.objects.get_or_create(
                    state_under_review=state,
                    session=record.session,
                    defaults={"cycle": record.cycle or cycle_for_session(record.session)},
                )
                resolver.reviews[review_key] = review
        elif record.mechanism == "upr":
            problems.append(
                ImportProblem(
                    file,
                    row,
                    "session",
                    "UPR recommendation without State under review and session",
                )
            )
            return None
    states = set()
    for name in record.recommending_states:
        state = resolver.state(name)
        if state is None:
            problems.append(
                ImportProblem(file, row, "recommending States", f"unknown State '{name}'")
            )
            return None
        states.add(state.pk)
    themes, groups = resolver.theme_and_group_ids(record, warnings)
    targets = {resolver.targets[c].pk for c in record.sdg_targets if c in resolver.targets}
    goal_numbers = set(record.sdg_goals) | {c.split(".")[0] for c in record.sdg_targets}
    goals = {resolver.goals[n].pk for n in goal_numbers if n in resolver.goals}
    fields = {
        "text": record.text,
        "paragraph": record.paragraph,
        "mechanism": record.mechanism,
        "body_id": body.pk,
        "document_symbol": record.document_symbol,
        "date": record.date,
        "review_id": review.pk if review else None,
        "response": record.response or "",
        "response_label": record.response_label,
        "action_category": record.action_category,
        "source_file": record.source_file,
        "source_row": record.source_row,
        "external_id": record.external_id,
    }
    m2m = {
        "recommending_states": states,
        "themes": themes,
        "groups": groups,
        "sdg_targets": targets,
        "sdg_goals": goals,
    }
    resolved = _Resolved(record, fields, m2m, record.cluster)
    resolved.fields["is_published"] = publish
    return resolved


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


def _batches(items: Iterable, size: int) -> Iterator[list]:
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
    "text", "paragraph", "mechanism", "body_id", "document_symbol", "date", "review_id",
    "response", "response_label", "action_category",
]  # fmt: skip


class _Writer:
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

    def write(self, batch: list[_Resolved]) -> None:
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

    def _create(self, new: list[_Resolved]) -> None:
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
            for name, ids in resolved.m2m.items():
                self._add_through(name, obj.pk, ids)
            cluster = self.cluster_id(resolved.cluster)
            if cluster:
                self._add_through("clusters", obj.pk, {cluster})
            if resolved.fields["response"] or resolved.fields["response_label"]:
                responses.append(
                    self._response_entry(obj.pk, resolved, ResponseEntry.Stage.ADOPTION)
                )
        self._flush_through()
        ResponseEntry.objects.bulk_create(responses, batch_size=BATCH_SIZE)
        record_creation_history(
            [o.pk for o in objs], user=self.actor, reason=f"imported from {self.summary.file}"
        )
        self.summary.created += len(objs)

    def _response_entry(self, pk: int, resolved: _Resolved, stage: str) -> ResponseEntry:
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

    def _update(self, rec: Recommendation, resolved: _Resolved, current: dict[str, set]) -> None:
        changed = [f for f in _COMPARED if getattr(rec, f) != resolved.fields[f]]
        m2m_changed = {name: ids for name, ids in resolved.m2m.items() if current[name] != ids}
        cluster = self.cluster_id(resolved.cluster)
        if cluster and cluster not in current["clusters"]:
            m2m_changed["clusters"] = current["clusters"] | {cluster}
        if not changed and not m2m_changed:
            self.summary.unchanged += 1
            return
        response_changed = "response" in changed or "response_label" in changed
        for name in changed:
            setattr(rec, name, resolved.fields[name])
        if changed:
            rec.version += 1
            rec._change_reason = f"re-imported from {self.summary.file}"
            rec._history_user = self.actor
            rec.save()
        for name, ids in m2m_changed.items():
            getattr(rec, name).set(ids)
        if response_changed:
            self._response_entry(rec.pk, resolved, ResponseEntry.Stage.OTHER).save()
        self.summary.updated += 1


def import_recommendations(
    source: Source,
    *,
    filename: str | None = None,
    format: str | None = None,  # noqa: A002 - the option's name
    state: str | None = None,
    session: int | None = None,
    dry_run: bool = False,
    actor=None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import one file. Returns the summary; writes nothing if ``summary.errors``."""
    file = source_name(source, filename)
    try:
        fmt = format or detect_format(source, filename=file)
        if fmt not in PARSERS:
            raise ImportFailed.for_file(file, f"unknown format '{fmt}'")
        summary = ImportSummary(file=file, format=fmt, dry_run=dry_run)
        items = PARSERS[fmt](source, filename=file, state=state, session=session)
        _run(items, summary, actor=actor, progress=progress, dry_run=dry_run)
    except ImportFailed as exc:
        summary = ImportSummary(file=file, format=format or "", dry_run=dry_run)
        summary.errors = [str(p) for p in exc.problems]
    return summary


def import_parsed(
    records: Iterable[ParsedRecommendation],
    *,
    filename: str,
    format: str,
    actor=None,  # noqa: A002
) -> ImportSummary:
    """Import records already parsed (the demo fixture), with the same rules as a file."""
    summary = ImportSummary(file=filename, format=format)
    _run(records, summary, actor=actor, progress=None, dry_run=False)
    return summary


def _run(items, summary: ImportSummary, *, actor, progress, dry_run: bool) -> None:
    publish = getattr(settings, "NRTD_PUBLISH_ON_IMPORT", True)
    problems: list[ImportProblem] = []
    warnings: set[str] = set()
    try:
        with transaction.atomic():
            resolver = _Resolver()
            review_label = None
            writer: _Writer | None = None
            seen: set[str] = set()
            for batch in _batches(items, BATCH_SIZE):
                resolved_batch = []
                for item in batch:
                    if isinstance(item, ImportProblem):
                        problems.append(item)
                        continue
                    summary.rows += len(item.extra.get("rows") or [None])
                    summary.by_response[item.response or "none"] += 1
                    if item.external_id in seen:
                        summary.skipped += 1
                        continue
                    seen.add(item.external_id)
                    resolved = _resolve(item, resolver, problems, warnings, publish=publish)
                    if resolved is not None:
                        resolved_batch.append(resolved)
                if problems:
                    continue  # keep reading to report every problem; write nothing
                if writer is None:
                    if summary.format == "ohchr-matrix" and resolved_batch:
                        first = resolved_batch[0].record
                        review_label = (
                            f"OHCHR matrix themes — {first.state_under_review}, "
                            f"UPR session {first.session}"
                        )
                    writer = _Writer(summary, actor, review_label)
                writer.write(resolved_batch)
                if progress:
                    progress(summary.rows)
            summary.review_ids = sorted(r.pk for r in resolver.reviews.values())
            if problems or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    summary.errors = [str(p) for p in problems]
    if not problems and not dry_run and (summary.created or summary.updated):
        from recommendations.filtering.filters import forget_facet_counts

        forget_facet_counts()
    summary.warnings = sorted(warnings)
    if problems:
        summary.created = summary.updated = summary.unchanged = 0


def summary_line(summary: ImportSummary) -> str:
    return json.dumps(summary.as_dict(), ensure_ascii=False)


def estimate_rows(path: str | Path, fmt: str) -> int | None:
    """Roughly how many source rows a file has, to turn rows read into a percentage."""
    path = Path(path)
    try:
        if fmt == "ohchr-matrix":
            import zipfile

            with zipfile.ZipFile(path) as archive:
                return archive.read("word/document.xml").count(b"<w:tr ") or None
        if path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True)
            try:
                return workbook.worksheets[0].max_row
            finally:
                workbook.close()
        newlines = returns = 0
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                newlines += chunk.count(b"\n")
                returns += chunk.count(b"\r")
        return max(newlines, returns) or None
    except Exception:  # an estimate only: the import itself reports real problems
        logger.debug("could not estimate rows of %s", path, exc_info=True)
        return None


# --- jobs: an upload run as a Celery task ----------------------------------------------


def import_job_create(*, actor, uploaded_file, format="", state="", session=None, dry_run=False):  # noqa: A002
    """Store the upload and queue the import once the transaction commits."""
    from recommendations.models import ImportJob
    from recommendations.tasks import run_import_job

    job = ImportJob.objects.create(
        file=uploaded_file,
        original_name=Path(uploaded_file.name).name,
        format=format or "",
        state_name=state or "",
        session=session,
        dry_run=dry_run,
        created_by=actor,
    )
    transaction.on_commit(lambda: run_import_job.delay(job.pk))
    return job


def import_job_run(job_id: int) -> None:
    """Run a queued import job, reporting progress on the job row as it goes."""
    from django.utils import timezone

    from recommendations.models import ImportJob

    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportJob.JobStatus.QUEUED, ImportJob.JobStatus.RUNNING):
        return  # already done: a redelivered message must not import twice
    path = Path(job.file.path)
    job.status = ImportJob.JobStatus.RUNNING
    job.started = timezone.now()
    job.progress = 1
    job.save(update_fields=["status", "started", "progress"])
    fmt = job.format
    if not fmt:
        try:
            fmt = detect_format(path, filename=job.original_name)
        except ImportFailed:
            fmt = ""
    total = estimate_rows(path, fmt) if fmt else None
    last = [0]

    def report(rows: int) -> None:
        if not total:
            return
        percent = max(1, min(99, rows * 100 // total))
        if percent - last[0] >= 5:
            last[0] = percent
            ImportJob.objects.filter(pk=job.pk).update(progress=percent)

    try:
        summary = import_recommendations(
            path,
            filename=job.original_name,
            format=fmt or None,
            state=job.state_name or None,
            session=job.session,
            dry_run=job.dry_run,
            actor=job.created_by,
            progress=report,
        )
    except Exception as exc:
        logger.exception("import job %s crashed", job.pk)
        job.status = ImportJob.JobStatus.FAILED
        job.errors = [f"{job.original_name}: the import stopped on an unexpected error ({exc})"]
        job.finished = timezone.now()
        job.save(update_fields=["status", "errors", "finished"])
        raise
    if summary.ok and not job.dry_run and (summary.created or summary.updated):
        # Look for repeats and similar recommendations of the reviews just imported.
        from recommendations.assistant.tasks import find_similar

        for review_id in summary.review_ids:
            transaction.on_commit(lambda review_id=review_id: find_similar.delay(review_id))
    job.format = summary.format or job.format
    job.result = {**summary.as_dict(), "warnings": summary.warnings, "rows": summary.rows}
    job.errors = summary.errors
    job.status = ImportJob.JobStatus.DONE if summary.ok else ImportJob.JobStatus.FAILED
    job.progress = 100
    job.finished = timezone.now()
    job.save(update_fields=["format", "result", "errors", "status", "progress", "finished"])
