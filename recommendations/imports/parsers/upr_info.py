"""UPR Info database export (CSV, or the same columns in .xlsx).

Columns: To, To-Rgrp, To-Org, Text, From, From-Rgrp, From-Org, Response, Action,
Issue, Session. There is one row per recommending State: rows with the same text
(ignoring case, spacing and punctuation) to the same State in the same session are
one recommendation made by several States. Old exports come in Mac Roman and some
cells carry HTML entities ("&#40;Unknown&#41;").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from recommendations.imports.parsers.base import (
    RESPONSE_UNKNOWN,
    ImportFailed,
    ImportProblem,
    ParsedItem,
    ParsedRecommendation,
    Source,
    clean_text,
    cycle_for_session,
    int_or_none,
    normalise_response,
    source_name,
    stable_id,
    text_key,
    unique,
)
from recommendations.imports.parsers.states import state_key
from recommendations.imports.parsers.tabular import Table, normalise_header, open_table

FORMAT = "upr-info"

COLUMNS: dict[str, tuple[str, ...]] = {
    "To": (),
    "To-Rgrp": (),
    "To-Org": (),
    "Text": (),
    "From": (),
    "From-Rgrp": (),
    "From-Org": (),
    "Response": (),
    "Action": (),
    "Issue": ("Issues",),
    "Session": (),
}
REQUIRED = ("To", "Text", "From", "Response", "Session")
UNKNOWN_STATE = "(unknown)"


def is_header(header: list[str]) -> bool:
    names = {normalise_header(h) for h in header}
    return {"to", "from", "text"} <= names or {"to", "text", "response"} <= names


@dataclass
class _Group:
    row: int
    text: str
    state: str
    session: int
    label: str
    response: Any
    action: int | None
    states: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    actions: list[int] = field(default_factory=list)
    from_rgrp: dict[str, str] = field(default_factory=dict)
    from_org: dict[str, list[str]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    conflict: bool = False


def parse(
    source: Source,
    *,
    filename: str | None = None,
    state: str | None = None,
    session: int | None = None,
) -> Iterator[ParsedItem]:
    """Yield one record per recommendation, and a problem for each bad row.

    `state` and `session`, when given, keep only the rows for that State under
    review and that UPR session; the export usually covers many States.
    """
    file = source_name(source, filename)
    with open_table(source, file, is_header=is_header) as table:
        columns = table.column_index(COLUMNS)
        missing = [name for name in REQUIRED if name not in columns]
        if missing:
            raise ImportFailed.for_file(
                file, "missing required columns: " + ", ".join(f"'{m}'" for m in missing)
            )
        groups: dict[tuple[str, int, str], _Group] = {}
        seen_rows = False
        for item in _rows(file, table, columns, state, session):
            seen_rows = True
            if isinstance(item, ImportProblem):
                yield item
            elif problem := _add_row(file, groups, item):
                yield problem
    for group in groups.values():
        if not group.conflict:
            yield _record(file, group)
    if not seen_rows:
        scope = " for ".join(
            [""] + [s for s in (state, f"session {session}" if session else "") if s]
        )
        yield ImportProblem(file, None, None, f"no recommendations found{scope}")


def _rows(
    file: str,
    table: Table,
    columns: dict[str, int],
    only_state: str | None,
    only_session: int | None,
) -> Iterator[dict[str, Any] | ImportProblem]:
    for number, values in table.rows:

        def cell(name: str, values: list[Any] = values) -> str:
            index = columns.get(name)
            return clean_text(values[index]) if index is not None and index < len(values) else ""

        if not any(clean_text(v) for v in values):
            continue
        row = {name: cell(name) for name in COLUMNS}
        if only_state and state_key(row["To"]) != state_key(only_state):
            continue
        problems = []
        to = row["To"]
        try:
            session = int_or_none(row["Session"])
        except ValueError:
            session = None
        if session is None:
            problems.append(
                ImportProblem(
                    file, number, "Session", f"not a session number: '{row['Session']}'", to
                )
            )
        elif only_session and session != only_session:
            continue
        if not row["Text"]:
            problems.append(
                ImportProblem(file, number, "Text", "the recommendation has no text", to)
            )
        if not row["To"]:
            problems.append(ImportProblem(file, number, "To", "no State under review"))
        if not row["From"]:
            problems.append(ImportProblem(file, number, "From", "no recommending State", to))
        response = normalise_response(row["Response"], upr=True)
        if response is RESPONSE_UNKNOWN:
            problems.append(
                ImportProblem(file, number, "Response", f"unknown response '{row['Response']}'", to)
            )
        action = None
        if row["Action"]:
            try:
                action = int_or_none(row["Action"])
            except ValueError:
                action = None
            if action not in (1, 2, 3, 4, 5):
                problems.append(
                    ImportProblem(
                        file,
                        number,
                        "Action",
                        f"action category must be 1 to 5: '{row['Action']}'",
                        to,
                    )
                )
        if problems:
            yield from problems
            continue
        row.update(number=number, session=session, response=response, action=action)
        yield row


def _add_row(file: str, groups: dict, row: dict[str, Any]) -> ImportProblem | None:
    key = (state_key(row["To"]), row["session"], text_key(row["Text"]))
    group = groups.get(key)
    if group is None:
        group = groups[key] = _Group(
            row=row["number"],
            text=row["Text"],
            state=row["To"],
            session=row["session"],
            label=row["Response"],
            response=row["response"],
            action=row["action"],
            extra={"to_rgrp": row["To-Rgrp"], "to_org": _orgs(row["To-Org"])},
        )
    elif group.response != row["response"]:
        group.conflict = True
        return ImportProblem(
            file,
            row["number"],
            "Response",
            f"'{row['Response']}' here but '{group.label}' in row {group.row} "
            "for the same recommendation",
            row["To"],
        )
    group.rows.append(row["number"])
    if row["action"] is not None and row["action"] not in group.actions:
        group.actions.append(row["action"])
    group.themes.extend(clean_text(i) for i in row["Issue"].split(","))
    name = row["From"]
    if name.casefold() == UNKNOWN_STATE:
        group.extra["recommending_state_unknown"] = True
    elif name not in group.states:
        group.states.append(name)
        group.from_rgrp[name] = row["From-Rgrp"]
        group.from_org[name] = _orgs(row["From-Org"])
    return None


def _orgs(value: str) -> list[str]:
    return unique(clean_text(v) for v in value.split(","))


def _record(file: str, group: _Group) -> ParsedRecommendation:
    extra = dict(group.extra)
    extra.update(rows=group.rows, from_rgrp=group.from_rgrp, from_org=group.from_org)
    if len(group.actions) > 1:
        extra["action_categories"] = group.actions
    if group.label.casefold() == "voluntary pledge":
        extra["voluntary_pledge"] = True
    return ParsedRecommendation(
        source_file=file,
        source_row=group.row,
        external_id=stable_id(FORMAT, state_key(group.state), group.session, text_key(group.text)),
        text=group.text,
        mechanism="upr",
        body="UPR",
        state_under_review=group.state,
        cycle=cycle_for_session(group.session),
        session=group.session,
        recommending_states=group.states,
        response_label=group.label,
        response=group.response,
        themes=unique(group.themes),
        action_category=group.action,
        extra=extra,
    )
