"""Matching a parsed record's names (States, bodies, themes, groups, SDGs) to the reference data."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q

from nrtd.public_cache import public_data_changed
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
    StateAlias,
    Theme,
    cycle_for_session,
)
from recommendations.reference.services import REFERENCE_DIR

RESPONSE_KEYS = ["supported", "noted", "partially_supported", "pending", "none"]


def _key(value: str) -> str:
    return " ".join(value.replace("’", "'").casefold().split())


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 once it is certain to exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _spaceless(key: str) -> str:
    return "".join(key.split())


class Resolver:
    """Finds reference records for the names found in files; built once per import.

    ``mappings``: {name in the file: State name or ISO3 code}, the secretariat's own
    (``--map``); they are stored as aliases when the import is written."""

    def __init__(self, mappings: dict[str, str] | None = None) -> None:
        self.states: dict[str, State] = {}
        for state in State.objects.all():
            for name in [state.name, state.iso3, *state.aliases]:
                self.states.setdefault(state_key(name), state)
        for alias in StateAlias.objects.select_related("state"):
            self.states.setdefault(alias.key, alias.state)
        self.mapped: dict[str, tuple[str, State]] = {}  # key: (name in the file, State)
        for name, target in (mappings or {}).items():
            if state := self.states.get(state_key(target)):
                self.mapped[state_key(name)] = (name, state)
                self.states[state_key(name)] = state
            else:
                self.missing("State named in a mapping", target, None)
        # Spellings accepted loosely: {(name, State name): [rows]}, reported as warnings.
        self.loose: dict[tuple[str, str], list[int]] = {}
        self.unmapped_links = 0  # theme and group labels kept as text
        self.unknown_labels: dict[tuple[str, str], list[int]] = {}
        self._loose_cache: dict[str, State | None] = {}
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

    def state(self, name: str, row: int | None = None) -> State | None:
        key = state_key(name)
        if (found := self.states.get(key)) is not None:
            return found
        if key not in self._loose_cache:
            self._loose_cache[key] = self._loose_match(key)
        found = self._loose_cache[key]
        if found is not None:
            rows = self.loose.setdefault((name, found.name), [])
            if row is not None and row not in rows:
                rows.append(row)
        return found

    def _loose_match(self, key: str) -> State | None:
        """A State whose name or alias differs only by stray spaces ("Sierra Le one"), or
        else by a small edit distance; None when no State or more than one is that close."""
        compact = _spaceless(key)
        same = {s.pk: s for k, s in self.states.items() if _spaceless(k) == compact}
        if len(same) == 1:
            return next(iter(same.values()))
        if same:
            return None
        limit = min(2, len(compact) // 6)
        if not limit:
            return None
        best: dict[int, tuple[int, State]] = {}
        for name, state in self.states.items():
            distance = _edit_distance(compact, _spaceless(name), limit + 1)
            if distance <= limit + 1 and distance < best.get(state.pk, (limit + 2,))[0]:
                best[state.pk] = (distance, state)
        ranked = sorted(best.values(), key=lambda pair: pair[0])
        if not ranked or ranked[0][0] > limit:
            return None
        # Unambiguous: no other State within one edit of the best.
        if len(ranked) > 1 and ranked[1][0] <= ranked[0][0] + 1:
            return None
        return ranked[0][1]

    def _unknown(self, label: tuple[str, str], row: int | None) -> None:
        rows = self.unknown_labels.setdefault(label, [])
        if row is not None and (not rows or rows[-1] != row):
            rows.append(row)

    def label_warnings(self, file: str) -> list[str]:
        return [
            f"{_where(file, rows)}: unknown {what} '{label}' (not in the reference data; kept "
            "as text on the recommendation)"
            for (what, label), rows in sorted(self.unknown_labels.items())
        ]

    def loose_warnings(self, file: str) -> list[str]:
        return [
            f"{_where(file, rows)}: the State '{name}' was read as {state} "
            "(a near match; map it if wrong)"
            for (name, state), rows in sorted(self.loose.items())
        ]

    def save_mappings(self, actor=None) -> None:
        """Store the ``--map`` mappings as aliases, for the next import of such a file."""
        for key, (name, state) in self.mapped.items():
            StateAlias.objects.update_or_create(
                key=key, defaults={"name": name, "state": state, "created_by": actor}
            )

    def body(self, record: ParsedRecommendation) -> Body | None:
        for candidate in [record.extra.get("body_code") or "", record.body]:
            if candidate and (found := self.bodies.get(_key(candidate))):
                return found
        return None

    def _theme(self, label: str) -> Theme | None:
        """A theme by code, name, "code name" or alias; a coded label by its code ("A12 <any
        wording>"), else, when the code is not in the reference data ("A28 Cooperation with
        ...", an older UHRI vintage), by the name after the code when it is a theme's own."""
        if theme := self.themes.get(_key(label)):
            return theme
        if match := _CODED.match(label):
            code, name = match.groups()
            # A code the reference data knows (its own or an older one kept as an alias)
            # wins over the wording, which changed between UHRI vintages.
            return self.themes.get(_key(code)) or self.themes.get(_key(name))
        return None

    def theme_and_group_ids(self, record: ParsedRecommendation, warnings: set[str]):
        """(theme ids, group ids, labels found in neither); the unknown labels are reported
        once each, with their rows (``label_warnings``)."""
        themes, groups, unmapped = set(), set(), []
        for label in record.themes:
            if issue := self.issues.get(_key(label)):
                themes |= {
                    self.themes[_key(c)].pk for c in issue["themes"] if _key(c) in self.themes
                }
                groups |= {
                    self.groups[_key(g)].pk for g in issue["groups"] if _key(g) in self.groups
                }
            elif theme := self._theme(label):
                themes.add(theme.pk)
            else:
                unmapped.append(label)
                self._unknown(("theme", label), record.source_row)
        for label in record.affected_groups:
            if group := self.groups.get(_key(label)):
                groups.add(group.pk)
            else:
                unmapped.append(label)
                self._unknown(("affected group", label), record.source_row)
        return themes, groups, unmapped


def _where(file: str, rows: list[int]) -> str:
    """'file, rows 3, 4, 7 …' (the first 20), or the file alone."""
    if not rows:
        return file
    more = " …" if len(rows) > 20 else ""
    return f"{file}, rows {', '.join(map(str, rows[:20]))}{more}"


_CODED = re.compile(r"^([A-Z]\d{0,3})\s+(\S.*)$")
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
    A record of another mechanism that names no State under review is the deployment's own
    State's (NRTD_OWN_STATE); with none set, it is refused: no recommendation is without one."""
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
        # Every recommendation belongs to a review: an item that names no State under
        # review (an empty "Countries Concerned") is the deployment's own State's, if known.
        own = _own_state()
        if own is None:
            problems.append(
                ImportProblem(
                    file,
                    row,
                    "State under review",
                    "no State under review: every recommendation belongs to a review of one "
                    "State (fill the column, or set NRTD_OWN_STATE to read such rows as this "
                    "deployment's own State's)",
                )
            )
            raise _Refused
        return _document_review_for(record, resolver, problems, body, state=own)
    state = resolver.state(record.state_under_review, row)
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
    symbol = record.document_symbol
    if symbol and not review.document_symbol and len(symbol) <= 60:
        # The Working Group report every matrix row cites (A/HRC/40/6): the Review's own.
        review.document_symbol = symbol
        Review.objects.filter(pk=review.pk, document_symbol="").update(document_symbol=symbol)
        public_data_changed(labels=True)  # an update() sends no signal
    return review


def _own_state() -> State | None:
    own = settings.NRTD_OWN_STATE
    if not own:
        return None
    return State.objects.filter(Q(iso3=own) | Q(iso2=own)).order_by("pk").first()


def _document_review_for(record, resolver: Resolver, problems: list, body, state=None):
    state = state or resolver.state(record.state_under_review)
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
        state = resolver.state(name, row)
        if state is None:
            resolver.missing("recommending State", name, row)
            problems.append(
                ImportProblem(file, row, "recommending States", f"unknown State '{name}'")
            )
            return None
        states.add(state.pk)
    themes, groups, unmapped = resolver.theme_and_group_ids(record, warnings)
    resolver.unmapped_links += len(unmapped)
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
        "unmapped_labels": unmapped,
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
