"""Universal Human Rights Index (UHRI) export, .xlsx or .csv.

Sixteen columns; OHCHR's own exports spell "Reccomending", some spell it right, and
both are accepted. Multi-valued cells hold one value per line, each prefixed by
"- ". Dates may be Excel serial numbers. SDGs come as targets ("1.4 - Equal
rights ..."). Observer States carry an asterisk ("State of Palestine*"). The OHCHR
Annotation Id is a stable UUID and becomes the record's external id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from recommendations.imports.parsers.base import (
    RESPONSE_UNKNOWN,
    ImportFailed,
    ImportProblem,
    Mechanism,
    ParsedItem,
    ParsedRecommendation,
    Source,
    clean_text,
    cycle_for_session,
    int_or_none,
    normalise_response,
    parse_date,
    parse_sdgs,
    sdg_in_theme,
    source_name,
    split_multi_value,
    split_themes_and_sdgs,
    strip_observer_mark,
    unique,
)
from recommendations.imports.parsers.states import state_key
from recommendations.imports.parsers.tabular import normalise_header, open_table

FORMAT = "uhri"

COLUMNS: dict[str, tuple[str, ...]] = {
    "Text": ("Recommendation", "Recommendation text"),
    "Countries Concerned": ("Country Concerned", "Countries"),
    "Recommending Body": ("Body", "Mechanism"),
    "Document Symbol": ("Symbol",),
    "Themes": ("Theme",),
    "Affected Persons": ("Affected persons/groups", "Affected Groups"),
    "Sdgs": ("SDG", "SDGs", "SDG Targets"),
    "Document Publication Date": ("Publication Date",),
    "UPR Recommending States": ("Recommending States",),
    "UPR Position": ("Position",),
    "Type": (),
    "OHCHR Annotation Id": ("Annotation Id",),
    "UPR Session": ("Session",),
    "Regions Concerned": (),
    "Recommending Regions": (),
    "Date of publication on UHRI": (),
}
REQUIRED = ("Text", "Countries Concerned", "Recommending Body")
# The column names as OHCHR's exports spell them, for messages.
SHOWN = {
    "Recommending Body": "Reccomending Body",
    "UPR Recommending States": "UPR Reccomending States",
}

TREATY_BODY_CODES = ("CCPR", "CESCR", "CERD", "CEDAW", "CAT", "SPT", "CRC", "CRC-OP-AC",
                     "CRC-OP-SC", "CMW", "CRPD", "CED")  # fmt: skip
_CODE_SPELLINGS = {"OPAC": "CRC-OP-AC", "OPSC": "CRC-OP-SC", "ICCPR": "CCPR", "ICESCR": "CESCR"}
# Long names, most specific first (the Subcommittee before the Committee against Torture).
_TREATY_BODY_NAMES = (
    ("subcommittee on prevention of torture", "SPT"),
    ("subcommittee on the prevention of torture", "SPT"),
    ("human rights committee", "CCPR"),
    ("committee on economic, social and cultural rights", "CESCR"),
    ("committee on the elimination of racial discrimination", "CERD"),
    ("committee on the elimination of discrimination against women", "CEDAW"),
    ("committee against torture", "CAT"),
    ("committee on the rights of persons with disabilities", "CRPD"),
    ("committee on enforced disappearances", "CED"),
    ("committee on migrant workers", "CMW"),
    ("rights of all migrant workers", "CMW"),
    ("committee on the rights of the child", "CRC"),
)
_UPR = re.compile(r"\b(upr|universal periodic review)\b", re.I)
_SPECIAL_PROCEDURE = re.compile(
    r"^(special rapporteur|independent expert|working group|special representative|"
    r"sr|ie|wg)\b|\bmandate\b",
    re.I,
)
_REGIONAL = re.compile(
    r"african commission|african committee|inter-american|european committee|"
    r"european court|council of europe|\b(ecri|cpt|greta|grevio|achpr|iachr|acerwc)\b",
    re.I,
)
_PARAGRAPH = re.compile(r"^(\d{1,3}\.\d{1,3})\s+")


def is_header(header: list[str]) -> bool:
    names = {normalise_header(h) for h in header}
    return "text" in names and bool(
        names & {"recommending body", "countries concerned", "ohchr annotation id"}
    )


def classify_body(body: str, kind: str = "") -> tuple[Mechanism, str | None] | None:
    """(mechanism, treaty body code or None) for a recommending body, or None if unknown.

    The "Type" column is the fallback when the body's name does not tell.
    """
    name = clean_text(body)
    compact = re.sub(r"[\s\-_]+", "", name).upper()
    for code in TREATY_BODY_CODES:
        if compact == code.replace("-", ""):
            return "treaty_body", code
    if compact in _CODE_SPELLINGS:
        return "treaty_body", _CODE_SPELLINGS[compact]
    lowered = name.casefold()
    if _UPR.search(name):
        return "upr", None
    for phrase, code in _TREATY_BODY_NAMES:
        if phrase in lowered:
            if code == "CRC" and "armed conflict" in lowered:
                code = "CRC-OP-AC"
            elif code == "CRC" and "sale of children" in lowered:
                code = "CRC-OP-SC"
            return "treaty_body", code
    if _SPECIAL_PROCEDURE.search(name):
        return "special_procedure", None
    if _REGIONAL.search(name):
        return "regional", None
    kind = clean_text(kind).casefold()
    if _UPR.search(kind):
        return "upr", None
    if "treaty" in kind:
        return "treaty_body", None
    if "special procedure" in kind:
        return "special_procedure", None
    if "regional" in kind:
        return "regional", None
    return None


def parse(
    source: Source,
    *,
    filename: str | None = None,
    state: str | None = None,
    session: int | None = None,
) -> Iterator[ParsedItem]:
    """Yield one record per row, and the problems of each bad row.

    `state` and `session`, when given, keep only the rows concerning that State and
    (for UPR rows) that UPR session.
    """
    file = source_name(source, filename)
    with open_table(source, file, is_header=is_header) as table:
        columns = table.column_index(COLUMNS)
        missing = [SHOWN.get(name, name) for name in REQUIRED if name not in columns]
        if missing:
            raise ImportFailed.for_file(
                file, "missing required columns: " + ", ".join(f"'{m}'" for m in missing)
            )
        seen = False
        for number, values in table.rows:
            if not any(clean_text(v) for v in values):
                continue

            def cell(name: str, values: list[Any] = values) -> Any:
                index = columns.get(name)
                return values[index] if index is not None and index < len(values) else None

            countries = [
                strip_observer_mark(c) for c in split_multi_value(cell("Countries Concerned"))
            ]
            if state and state_key(state) not in {state_key(c) for c in countries}:
                continue
            items = list(_parse_row(file, number, cell, countries, session))
            if items:
                seen = True
            yield from items
    if not seen:
        scope = f" for {state}" if state else ""
        yield ImportProblem(file, None, None, f"no recommendations found{scope}")


# Longer than 80 lines on purpose: one UHRI row, read column by column in the order the
# problems are reported (file, row, column), so a reader can check it against the export.
def _parse_row(
    file: str, number: int, cell: Any, countries: list[str], only_session: int | None
) -> Iterator[ParsedItem]:
    problems = []
    text = clean_text(cell("Text"))
    if not text:
        problems.append(ImportProblem(file, number, "Text", "the recommendation has no text"))
    if not countries:
        problems.append(
            ImportProblem(file, number, "Countries Concerned", "no State concerned is given")
        )
    bodies = split_multi_value(cell("Recommending Body"))
    kind = clean_text(cell("Type"))
    classified = classify_body(bodies[0], kind) if bodies else None
    if not bodies:
        problems.append(
            ImportProblem(file, number, SHOWN["Recommending Body"], "no recommending body is given")
        )
    elif classified is None:
        problems.append(
            ImportProblem(
                file, number, SHOWN["Recommending Body"], f"unknown recommending body '{bodies[0]}'"
            )
        )
    try:
        session = int_or_none(cell("UPR Session"))
    except ValueError:
        session = None
        problems.append(
            ImportProblem(
                file,
                number,
                "UPR Session",
                f"not a session number: '{clean_text(cell('UPR Session'))}'",
            )
        )
    dates = {}
    for column in ("Document Publication Date", "Date of publication on UHRI"):
        try:
            dates[column] = parse_date(cell(column))
        except ValueError:
            problems.append(
                ImportProblem(file, number, column, f"not a date: '{clean_text(cell(column))}'")
            )
    mechanism, code = classified or ("upr", None)
    label = clean_text(cell("UPR Position"))
    response = normalise_response(label, upr=mechanism == "upr")
    if response is RESPONSE_UNKNOWN:
        problems.append(ImportProblem(file, number, "UPR Position", f"unknown position '{label}'"))
    if problems:
        yield from problems
        return
    if only_session and mechanism == "upr" and session != only_session:
        return

    paragraph = ""
    if mechanism == "upr" and (match := _PARAGRAPH.match(text)):
        paragraph, text = match.group(1), text[match.end() :]
    themes, theme_sdgs = split_themes_and_sdgs(split_multi_value(cell("Themes")))
    targets, goals, unparsed = parse_sdgs(
        [sdg_in_theme(v) or v for v in split_multi_value(cell("Sdgs"))] + theme_sdgs
    )
    extra: dict[str, Any] = {}
    if code:
        extra["body_code"] = code
    if len(bodies) > 1:
        extra["bodies"] = bodies
    if len(countries) > 1:
        extra["countries_concerned"] = countries
    if kind:
        extra["type"] = kind
    for column, key in (("Regions Concerned", "regions_concerned"),
                        ("Recommending Regions", "recommending_regions")):  # fmt: skip
        if values := split_multi_value(cell(column)):
            extra[key] = values
    if published := dates["Date of publication on UHRI"]:
        extra["published_on_uhri"] = published.isoformat()
    if unparsed:
        extra["sdgs_unparsed"] = unparsed

    yield ParsedRecommendation(
        source_file=file,
        source_row=number,
        external_id=clean_text(cell("OHCHR Annotation Id")) or None,
        text=text,
        paragraph=paragraph,
        mechanism=mechanism,
        body=bodies[0],
        document_symbol=clean_text(cell("Document Symbol")),
        date=dates["Document Publication Date"],
        state_under_review=countries[0],
        cycle=cycle_for_session(session) if mechanism == "upr" else None,
        session=session if mechanism == "upr" else None,
        recommending_states=unique(
            strip_observer_mark(s) for s in split_multi_value(cell("UPR Recommending States"))
        ),
        response_label=label,
        response=response,  # type: ignore[arg-type]
        themes=themes,
        affected_groups=split_multi_value(cell("Affected Persons")),
        sdg_targets=targets,
        sdg_goals=goals,
        extra=extra,
    )
