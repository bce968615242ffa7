"""OHCHR "Thematic list of recommendations" (.docx), published after each UPR review.

One Word table. Theme rows ("Theme: ..." or "Right or area: ...") span the table
and head a block; each recommendation row starts with its paragraph number, then
the text with the recommending States in brackets, then "Source of position:".
The columns changed over the cycles, so they are found by their header text:

- cycle 2: Recommendation | Position | Full list of themes | Assessment/comments ...
- cycle 3: the same, with an "SDGs:" section inside the themes cell
- cycle 4: Recommendation and recommending State | Position of the State under review |
  Human rights themes and groups of persons | Relevant SDGs
- older: a separate "Recommending State/s" column

The State under review and the UPR session come from the page header ("UPR of
Slovenia (3rd Cycle - 34th Session)"). The "Source of position" symbol names a
Human Rights Council session (A/HRC/43/15/Add.1), not the UPR session.

The cells' text (sources, themes sections, recommending States) is read in
``matrix_cells``.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from recommendations.imports.parsers.base import (
    RESPONSE_UNKNOWN,
    ImportFailed,
    ImportProblem,
    ImportWarning,
    ParsedItem,
    ParsedRecommendation,
    Source,
    clean_text,
    cycle_for_session,
    normalise_response,
    parse_sdgs,
    sdg_in_theme,
    source_name,
    stable_id,
)
from recommendations.imports.parsers.matrix_cells import (
    SDGS_HEADING,
    SOURCE_LINE,
    cell_lines,
    split_source,
    split_state_list,
    split_themes_cell,
    states_in_text,
)
from recommendations.imports.parsers.states import state_key
from recommendations.imports.parsers.tabular import (
    OLE2_MAGIC,
    ZIP_MAGIC,
    normalise_header,
    read_head,
)

FORMAT = "ohchr-matrix"

_HEADER_SEARCH_ROWS = 6
_PARAGRAPH = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,2})\.?\s+")
_SYMBOL = re.compile(r"\b[A-Z]{1,8}(?:/[A-Za-z0-9.\-]+)+")
_ADDENDUM = re.compile(r"/Add\.\d+$", re.I)
_HEADING_ROW = re.compile(
    r"^(theme|right or area|cluster|area|th[eè]me|droit ou domaine|tema|derecho o [aá]rea)\s*:",
    re.I,
)

# "UPR of Slovenia (3rd Cycle - 34th Session)"; the State may hold brackets itself.
# The same in French and Spanish matrices: "EPU de la France (3e cycle – 29e session)",
# "EPU de Honduras (3er ciclo – 36º período de sesiones)".
_UPR_OF = r"(?:UPR\s+of|EPU\s+(?:de\s+la|de\s+l['’]|del|de|d['’]))"
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th|er|re|e|ème|eme|º|°|o|a)?"
_REVIEW = re.compile(
    _UPR_OF + r"\s*(?P<state>.+?)\s*\(\s*(?P<cycle>\d+)\s*" + _ORDINAL_SUFFIX
    + r"\s+(?:cycle|ciclo)\b(?P<rest>[^)]*)\)",
    re.I,
)  # fmt: skip
_SESSION = re.compile(
    r"(\d+)\s*" + _ORDINAL_SUFFIX + r"\s+(?:session|sesi[oó]n|per[ií]odo de sesiones)\b"
    r"|\b(?:session|sesi[oó]n)\s+(\d+)",
    re.I,
)
_STATE_ONLY = re.compile(_UPR_OF + r"\s*(?P<state>[^(\t\n]+)", re.I)
_TITLE = re.compile(r"^UPR\s*(?P<session>\d+)[\s_-]+(?P<state>[^_]+?)\s*_", re.I)


# A running header without brackets: "Sierra Leone - Second Cycle Thematic list of
# recommendations Page 2 of 39".
_HEADER_STATE = re.compile(
    r"^(?:UPR\s+of\s+)?(?P<state>[^\t]+?)\s*[-–—:]\s*"
    r"(?:(?P<ordinal>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)\s+cycle\b"
    r"|thematic\s+list\b|page\s+\d)",
    re.I,
)
_STATE_NOISE = re.compile(
    r"\s*(?:[-–—:]\s*)?(?:(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th)?)\s+cycle\b.*"
    r"|thematic\s+list\b.*|page\s+\d+.*)$",
    re.I,
)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


@dataclass
class Review:
    state: str = ""
    cycle: int | None = None
    session: int | None = None


def parse(
    source: Source,
    *,
    filename: str | None = None,
    state: str | None = None,
    session: int | None = None,
) -> Iterator[ParsedItem]:
    """Yield the recommendations of one matrix, and a problem for each bad row.

    `state` and `session` are used when the document does not name them; when it
    does and they differ, that is reported as a problem (the wrong file, most likely).
    """
    file = source_name(source, filename)
    document = _open_document(source, file)
    tables = list(_recommendation_tables(document))
    if not tables:
        raise ImportFailed.for_file(
            file,
            "no table with 'Recommendation' and 'Position' columns; "
            "is this an OHCHR thematic list of recommendations?",
        )
    review, problems = _resolve_review(file, _find_review(document), state, session)
    yield from problems

    rows = list(_matrix_rows(file, tables))
    if not rows:
        yield ImportProblem(file, None, None, "the recommendations table is empty")
        return
    for row in rows:
        if isinstance(row, ImportWarning):
            yield row
            continue
        number, cells, columns, headers, cluster = row
        yield from _parse_row(file, number, cells, columns, headers, review, cluster)


def _has_paragraph(cells: list[str], columns: dict[str, int]) -> bool:
    return bool(_PARAGRAPH.match(clean_text(_cell(cells, columns, "recommendation"))))


def _matrix_rows(file: str, tables: list) -> Iterator[tuple | ImportWarning]:
    """(row number, cells, columns, headers, cluster) of each recommendation, its
    continuation rows merged into it.

    Word leaves a recommendation cut in two when a row breaks across a page and is retyped:
    the second row has no paragraph number and no position of its own. It is merged, cell by
    cell, into the row above, with a warning naming both rows.
    """
    pending: list | None = None  # [number, cells, columns, headers, cluster]
    row_offset = 0
    cluster = None  # a block may run on into a continuation table
    for rows, columns, headers, start in tables:
        for index in range(start, len(rows)):
            cells = [c.text for c in rows[index].cells]
            texts = [clean_text(t) for t in cells]
            number = row_offset + index + 1
            if not any(texts) or texts == headers:
                continue
            if _is_heading_row(texts, columns):
                cluster = texts[columns["recommendation"]] or next(t for t in texts if t)
                if pending:
                    yield tuple(pending)
                    pending = None
                continue
            if pending and _continues(pending[1], cells, columns):
                pending[1] = [
                    "\n".join(part for part in (a, b) if part.strip())
                    for a, b in zip(pending[1], cells, strict=False)
                ]
                paragraph = _PARAGRAPH.match(
                    clean_text(_cell(pending[1], columns, "recommendation"))
                )
                yield ImportWarning(
                    file,
                    number,
                    f"row {number} has no paragraph number and no position: merged into "
                    f"the recommendation of row {pending[0]}"
                    + (f" ({paragraph.group(1)})" if paragraph else ""),
                )
                continue
            if pending:
                yield tuple(pending)
            pending = [number, cells, columns, headers, cluster]
        row_offset += len(rows)
    if pending:
        yield tuple(pending)


def _continues(previous: list[str], cells: list[str], columns: dict[str, int]) -> bool:
    """Whether a row carries on the recommendation above it: no paragraph number of its own
    and no second position."""
    if _has_paragraph(cells, columns) or not _has_paragraph(previous, columns):
        return False
    position = split_source(_cell(cells, columns, "position"))[0]
    return not (position and split_source(_cell(previous, columns, "position"))[0])


def _recommendation_tables(document: Any) -> Iterator[tuple[list, dict[str, int], list[str], int]]:
    """Tables with a Recommendation and a Position column, and header-less continuations.

    The header may sit below a title row or two, so the first rows are searched for it."""
    columns: dict[str, int] | None = None
    headers: list[str] = []
    for table in document.tables:
        rows = list(table.rows)
        if not rows:
            continue
        for index, row in enumerate(rows[:_HEADER_SEARCH_ROWS]):
            first = [clean_text(c.text) for c in row.cells]
            found = _column_roles(first)
            if "recommendation" in found and "position" in found:
                columns, headers = found, first
                yield rows, columns, headers, index + 1
                break
        else:
            first = [clean_text(c.text) for c in rows[0].cells]
            if columns is not None and len(first) == len(headers):
                yield rows, columns, headers, 0


def _open_document(source: Source, file: str) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    head = read_head(source, file)
    if head.startswith(OLE2_MAGIC):
        raise ImportFailed.for_file(
            file, "this is an old binary Word file (.doc); save it as .docx and import again"
        )
    if not head.startswith(ZIP_MAGIC):
        raise ImportFailed.for_file(file, "not a Word .docx file")
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        return docx.Document(source)
    except zipfile.BadZipFile as exc:
        raise ImportFailed.for_file(file, f"the .docx file is damaged ({exc})") from exc
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ImportFailed.for_file(file, f"not a readable Word .docx file ({exc})") from exc
    except Exception as exc:  # lxml and zlib errors on a damaged package
        raise ImportFailed.for_file(file, f"the .docx file is damaged ({exc})") from exc


# --- the review: State under review, cycle, session ----------------------------------


def _document_texts(document: Any) -> Iterator[str]:
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header):
            if part.is_linked_to_previous:
                continue
            for paragraph in part.paragraphs:
                yield paragraph.text
            for table in part.tables:
                for row in table.rows:
                    yield " ".join(c.text for c in row.cells)
    for paragraph in document.paragraphs[:50]:
        yield paragraph.text


def _find_review(document: Any) -> Review:
    review = Review()
    for raw in _document_texts(document):
        text = " ".join(raw.split())
        if match := _REVIEW.search(text):
            review.state = review.state or match.group("state").strip()
            review.cycle = review.cycle or int(match.group("cycle"))
            if session := _SESSION.search(match.group("rest")):
                review.session = review.session or int(session.group(1) or session.group(2))
        elif match := _HEADER_STATE.match(text):
            review.state = review.state or match.group("state").strip(" -–,")
            if ordinal := (match.group("ordinal") or "").casefold():
                review.cycle = review.cycle or _ORDINALS.get(ordinal) or int(ordinal[0])
        else:
            if not review.state and (match := _STATE_ONLY.search(text)):
                review.state = _STATE_NOISE.sub("", match.group("state")).strip(" -–,")
            if review.session is None and (session := _SESSION.search(text)):
                review.session = int(session.group(1) or session.group(2))
        if review.state and review.session:
            break
    title = document.core_properties.title or ""
    if match := _TITLE.match(title.strip()):
        review.state = review.state or match.group("state").strip()
        review.session = review.session or int(match.group("session"))
    return review


def _resolve_review(
    file: str, found: Review, state: str | None, session: int | None
) -> tuple[Review, list[ImportProblem | ImportWarning]]:
    """The review from the document, and the State given by the user. A State given
    explicitly wins over the page header (which may be misspelt or carry other words)."""
    problems: list[ImportProblem | ImportWarning] = []
    if found.state and state and state_key(found.state) != state_key(state):
        problems.append(
            ImportWarning(
                file,
                None,
                f"the page header names '{found.state}'; the State given, {state}, is used",
            )
        )
        found.state = ""
    if found.session and session and found.session != session:
        problems.append(
            ImportProblem(
                file, None, None, f"the document is for UPR session {found.session}, not {session}"
            )
        )
    review = Review(
        state=(state or "").strip() or found.state,
        session=found.session or session,
    )
    review.cycle = cycle_for_session(review.session) or found.cycle
    if not review.state:
        problems.append(
            ImportProblem(
                file, None, None, "the document does not name the State under review; give it"
            )
        )
    if not review.session:
        problems.append(
            ImportProblem(file, None, None, "the document does not name the UPR session; give it")
        )
    return review, problems


# --- columns and rows ---------------------------------------------------------------


def _column_role(header: str) -> str | None:
    """The role of a column from its header, in English, French or Spanish."""
    text = unicodedata.normalize("NFKD", normalise_header(header))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if text.startswith(("recommending", "etat auteur", "etats auteurs", "estado que recomienda",
                        "estados que recomiendan", "pays auteur")):  # fmt: skip
        return "states"
    if text.startswith(("recommendation", "recommandation", "recomendacion")):
        return "recommendation"
    if "position" in text or "posicion" in text or text.startswith(("response", "respuesta")):
        return "position"
    if "sdg" in text or "sustainable development" in text or text.startswith(("odd", "ods")):
        return "sdgs"
    if (
        "theme" in text
        or text.startswith("tema")
        or "groups of persons" in text
        or "affected" in text
        or "groupes de personnes" in text
        or "grupos de personas" in text
    ):
        return "themes"
    if "assessment" in text or "comment" in text or "evaluation" in text:
        return "assessment"
    return None


def _column_roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, text in enumerate(header):
        role = _column_role(text)
        if role and role not in roles:
            roles[role] = index
    return roles


def _is_heading_row(texts: list[str], columns: dict[str, int]) -> bool:
    first = texts[columns["recommendation"]]
    if _HEADING_ROW.match(first) and not _PARAGRAPH.match(first):
        return True
    distinct = {t for t in texts if t}
    return (
        len(distinct) == 1
        and len([t for t in texts if t]) > 1
        and not _PARAGRAPH.match(first)
        and not SOURCE_LINE.search(first)
    )


def _cell(cells: list[str], columns: dict[str, int], role: str) -> str:
    index = columns.get(role)
    return cells[index] if index is not None and index < len(cells) else ""


# Longer than 80 lines on purpose: one matrix row, read column by column in the order the
# problems are reported (file, row, column), so a reader can check it against the file.
def _parse_row(
    file: str,
    number: int,
    cells: list[str],
    columns: dict[str, int],
    headers: list[str],
    review: Review,
    cluster: str | None,
) -> Iterator[ParsedItem]:
    def column(role: str) -> str:
        return headers[columns[role]] or role

    text_lines, source_line = split_source(_cell(cells, columns, "recommendation"))
    position_lines, position_source = split_source(_cell(cells, columns, "position"))
    source_line = source_line or position_source
    text = clean_text(" ".join(text_lines))
    paragraph = ""
    if match := _PARAGRAPH.match(text):
        paragraph, text = match.group(1), text[match.end() :]
    if not paragraph:
        # Never a recommendation without its paragraph: a row that does not continue the
        # one above (see _matrix_rows) cannot be placed.
        yield ImportProblem(
            file,
            number,
            column("recommendation"),
            "this row is neither a theme heading nor a numbered recommendation",
        )
        return
    if not text:
        yield ImportProblem(
            file, number, column("recommendation"), "the recommendation has no text"
        )
        return

    label = clean_text(" ".join(position_lines))
    response = normalise_response(label, upr=True)
    if response is RESPONSE_UNKNOWN:
        yield ImportProblem(file, number, column("position"), f"unknown position '{label}'")
        return

    states_cell = _cell(cells, columns, "states")
    states = split_state_list(states_cell) if clean_text(states_cell) else states_in_text(text)
    if not states:
        yield ImportProblem(
            file, number, column("recommendation"), "no recommending State found in brackets"
        )
        return

    themes, groups, sdg_values = split_themes_cell(_cell(cells, columns, "themes"))
    sdg_values += [
        sdg_in_theme(v) or v
        for v in cell_lines(_cell(cells, columns, "sdgs"))
        if not SDGS_HEADING.match(v)
    ]
    targets, goals, unparsed = parse_sdgs(sdg_values)

    source_text = clean_text(source_line or "")
    symbol_match = _SYMBOL.search(source_text)
    response_source = symbol_match.group(0).rstrip(".,") if symbol_match else ""
    extra: dict[str, Any] = {}
    if source_text:
        extra["source_of_position"] = source_text
    if assessment := clean_text(_cell(cells, columns, "assessment")):
        extra["assessment"] = assessment
    if unparsed:
        extra["sdgs_unparsed"] = unparsed

    yield ParsedRecommendation(
        source_file=file,
        source_row=number,
        external_id=(
            stable_id(FORMAT, state_key(review.state), review.session, paragraph)
            if paragraph and review.state
            else None
        ),
        text=text,
        paragraph=paragraph,
        mechanism="upr",
        body="UPR",
        document_symbol=_ADDENDUM.sub("", response_source),
        state_under_review=review.state,
        cycle=review.cycle,
        session=review.session,
        recommending_states=states,
        response_label=label,
        response=response,  # type: ignore[arg-type]
        response_source=response_source,
        themes=themes,
        affected_groups=groups,
        sdg_targets=targets,
        sdg_goals=goals,
        cluster=cluster,
        extra=extra,
    )
