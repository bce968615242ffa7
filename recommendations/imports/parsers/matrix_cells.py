"""The cells of an OHCHR matrix read as text: a recommendation cell and its "Source of
position:", a themes cell with its sections (themes, affected persons, SDGs), and the
recommending States named in brackets or in a column of their own.
"""

from __future__ import annotations

import re

from recommendations.imports.parsers.base import (
    clean_text,
    sdg_in_theme,
    strip_observer_mark,
    unique,
)
from recommendations.imports.parsers.states import is_known_state

SOURCE_LINE = re.compile(
    r"^\s*(?:source\s+of\s+(?:the\s+)?position|source\s+de\s+la\s+position"
    r"|fuente\s+de\s+la\s+posici[oó]n)\s*:?\s*(.*)$",
    re.I,
)
_PERSONS_HEADING = re.compile(
    r"^(affected persons|persons affected|groups of persons|affected groups)\s*:\s*(.*)$", re.I
)
SDGS_HEADING = re.compile(r"^(sdgs?|relevant sdgs|sustainable development goals)\s*:\s*(.*)$", re.I)
_THEMES_HEADING = re.compile(r"^((?:human rights )?themes?)\s*:\s*(.*)$", re.I)
_BULLET = re.compile(r"^[-–•]\s*")


def cell_lines(cell: str) -> list[str]:
    return [line.strip() for line in cell.splitlines() if line.strip()]


def split_source(cell: str) -> tuple[list[str], str | None]:
    """Split a cell into its own lines and the text after "Source of position:"."""
    lines, source = [], None
    for line in cell_lines(cell):
        if match := SOURCE_LINE.match(line):
            source = match.group(1) if source is None else source
        elif source is None:
            lines.append(line)
    return lines, source


def split_themes_cell(cell: str) -> tuple[list[str], list[str], list[str]]:
    """(themes, affected groups, SDG mentions) from a themes cell with its sections."""
    sections: dict[str, list[str]] = {"themes": [], "groups": [], "sdgs": []}
    current = "themes"
    for line in cell_lines(cell):
        for name, heading in (
            ("groups", _PERSONS_HEADING),
            ("sdgs", SDGS_HEADING),
            ("themes", _THEMES_HEADING),
        ):
            if match := heading.match(line):
                current, line = name, match.group(2)
                break
        value = clean_text(_BULLET.sub("", line, count=1))
        if value:
            sections[current].append(value)
    themes = []
    for value in sections["themes"]:
        if (sdg := sdg_in_theme(value)) is not None:
            sections["sdgs"].append(sdg)
        else:
            themes.append(value)
    return unique(themes), unique(sections["groups"]), sections["sdgs"]


# --- recommending States -------------------------------------------------------------


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of each top-level bracket group; "(Iran (Islamic Republic of))" is one."""
    groups, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, index + 1))
    return groups


def _split_top_level(text: str, separators: str = ",;\n") -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _names(inner: str) -> list[str]:
    return [
        name
        for name in (
            strip_observer_mark(_BULLET.sub("", p.strip())) for p in _split_top_level(inner)
        )
        if name
    ]


def _looks_like_names(names: list[str]) -> bool:
    return bool(names) and all(n[0].isupper() and not any(c.isdigit() for c in n) for n in names)


def _is_terminal(text: str, end: int) -> bool:
    rest = text[end:].lstrip()
    return rest in ("", ".") or rest.startswith(";")


def states_in_text(text: str) -> list[str]:
    """Recommending States named in brackets at the end of each recommendation part.

    "Do A (Ukraine); do B (Slovakia);" → Ukraine, Slovakia. "(France) (Lithuania);"
    → France, Lithuania. A bracket just before the States is kept as text unless all
    its names are known States: "(No. 29) (United Kingdom ...);" → United Kingdom.
    """
    groups = bracket_groups(text)
    terminal = [i for i, (_, end) in enumerate(groups) if _is_terminal(text, end)]
    states: list[str] = []
    for i in terminal:
        names = _names(text[groups[i][0] + 1 : groups[i][1] - 1])
        known = bool(names) and all(is_known_state(n) for n in names)
        if not (known or _looks_like_names(names)):
            continue
        chain = [names]
        j = i - 1
        while j >= 0 and not text[groups[j][1] : groups[j + 1][0]].strip():
            previous = _names(text[groups[j][0] + 1 : groups[j][1] - 1])
            if not previous or not all(is_known_state(n) for n in previous):
                break
            chain.insert(0, previous)
            j -= 1
        states.extend(name for names in chain for name in names)
    return unique(states)


def split_state_list(cell: str) -> list[str]:
    """A "Recommending State/s" cell: one per line or separated by commas."""
    return unique(_names(cell))
