"""Matching a parsed record's names (States, bodies, themes, groups, SDGs) to the reference data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from recommendations.imports.parsers.base import (
    ImportProblem,
    ParsedRecommendation,
)
from recommendations.imports.parsers.states import state_key
from recommendations.models import (
    AffectedGroup,
    Body,
    Recommendation,
    Review,
    SdgGoal,
    SdgTarget,
    State,
    Theme,
    cycle_for_session,
)
from recommendations.reference.services import REFERENCE_DIR

RESPONSE_KEYS = ["supported", "noted", "partially_supported", "pending", "none"]


def _key(value: str) -> str:
    return " ".join(value.replace("’", "'").casefold().split())


class Resolver:
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
        self.reviews: dict[tuple, Review] = {}
        self._upr_body: Body | None = None
        # Names found nowhere in the reference data: {(what, name): [rows]}, for the preview.
        self.unresolved: dict[tuple[str, str], list[int]] = {}

    def missing(self, what: str, name: str, row: int | None) -> None:
        rows = self.unresolved.setdefault((what, name), [])
        if row is not None and row not in rows:
            rows.append(row)

    def upr_body(self) -> Body | None:
        if self._upr_body is None:
            self._upr_body = Body.objects.filter(code="UPR").first()
        return self._upr_body

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


_PLEDGE_LABELS = {"voluntary pledge", "voluntary commitment"}


def record_kind(record: ParsedRecommendation) -> str:
    """A voluntary pledge (UPR Info marks it in the Response column) is a commitment of the
    State's own, kept as such and never as a recommendation."""
    if record.extra.get("voluntary_pledge") or _key(record.response_label) in _PLEDGE_LABELS:
        return Recommendation.Kind.VOLUNTARY_PLEDGE
    return Recommendation.Kind.RECOMMENDATION


@dataclass
class Resolved:
    record: ParsedRecommendation
    fields: dict[str, Any]
    m2m: dict[str, set[int]]
    cluster: str | None
    state_code: str = ""  # the key of the State under review in ImportSummary.states


class _Refused(Exception):  # noqa: N818 - control flow: the problem is already listed
    pass


def _review_for(record, resolver: Resolver, problems: list, body=None):
    """The review of a record, created on first sight: a UPR review by State and session;
    another mechanism's by State, body and document symbol (as UHRI exports carry them).
    None for a record that names no State under review."""
    file, row = record.source_file, record.source_row
    if record.mechanism != "upr" and record.state_under_review and body is not None:
        return _document_review_for(record, resolver, problems, body)
    if not (record.state_under_review and record.session):
        if record.mechanism == "upr":
            problems.append(
                ImportProblem(
                    file,
                    row,
                    "session",
                    "UPR recommendation without State under review and session",
                )
            )
            raise _Refused
        return None
    state = resolver.state(record.state_under_review)
    if state is None:
        resolver.missing("State under review", record.state_under_review, row)
        problems.append(
            ImportProblem(
                file, row, "State under review", f"unknown State '{record.state_under_review}'"
            )
        )
        raise _Refused
    review_key = (state.pk, record.session)
    review = resolver.reviews.get(review_key)
    if review is None:
        review, _ = Review.objects.get_or_create(
            state_under_review=state,
            mechanism="upr",
            session=record.session,
            defaults={
                "cycle": record.cycle or cycle_for_session(record.session),
                "body": resolver.upr_body(),
            },
        )
        resolver.reviews[review_key] = review
    return review


def _document_review_for(record, resolver: Resolver, problems: list, body):
    state = resolver.state(record.state_under_review)
    if state is None:
        resolver.missing("State under review", record.state_under_review, record.source_row)
        problems.append(
            ImportProblem(
                record.source_file,
                record.source_row,
                "State under review",
                f"unknown State '{record.state_under_review}'",
            )
        )
        raise _Refused
    symbol = record.document_symbol or ""
    key = (state.pk, record.mechanism, body.pk, symbol, None if symbol else record.date)
    review = resolver.reviews.get(key)
    if review is None:
        lookup = {
            "state_under_review": state,
            "mechanism": record.mechanism,
            "body": body,
            "document_symbol": symbol,
        }
        if not symbol:
            lookup["date"] = record.date
        review = Review.objects.filter(**lookup).order_by("pk").first()
        if review is None:
            review = Review.objects.create(**lookup, date=record.date)
        resolver.reviews[key] = review
    return review


def resolve_record(
    record, resolver: Resolver, problems: list, warnings: set[str], *, publish: bool
):
    file, row = record.source_file, record.source_row
    body = resolver.body(record)
    if body is None:
        resolver.missing("body", record.body, row)
        problems.append(ImportProblem(file, row, "body", f"unknown body '{record.body}'"))
        return None
    if not record.text.strip():
        problems.append(ImportProblem(file, row, "text", "the recommendation has no text"))
        return None
    try:
        review = _review_for(record, resolver, problems, body)
    except _Refused:
        return None
    states = set()
    for name in record.recommending_states:
        state = resolver.state(name)
        if state is None:
            resolver.missing("recommending State", name, row)
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
        "kind": record_kind(record),
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
    resolved = Resolved(record, fields, m2m, record.cluster)
    resolved.fields["is_published"] = publish
    return resolved
