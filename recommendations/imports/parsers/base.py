"""Records and helpers shared by the importers.

Parsers turn a file into a stream of `ParsedRecommendation` and `ImportProblem`
items. They know nothing of Django models: a service maps the records to models
inside one transaction and refuses the whole file if any problem was yielded.
A parser raises `ImportFailed` only when the file as a whole cannot be read.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import html
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any, Literal

Mechanism = Literal["upr", "treaty_body", "special_procedure", "regional"]
Response = Literal["supported", "noted", "partially_supported", "pending"]
Source = str | os.PathLike | IO[bytes]


@dataclass(kw_only=True)
class ParsedRecommendation:
    source_file: str
    source_row: int
    text: str
    mechanism: Mechanism
    body: str
    external_id: str | None = None
    paragraph: str = ""
    document_symbol: str = ""
    date: datetime.date | None = None
    state_under_review: str = ""
    cycle: int | None = None
    session: int | None = None
    recommending_states: list[str] = field(default_factory=list)
    response_label: str = ""
    response: Response | None = None
    response_source: str = ""
    themes: list[str] = field(default_factory=list)
    affected_groups: list[str] = field(default_factory=list)
    sdg_targets: list[str] = field(default_factory=list)
    sdg_goals: list[str] = field(default_factory=list)
    cluster: str | None = None
    action_category: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportProblem:
    file: str
    row: int | None
    column: str | None
    message: str
    # The State under review of the row, when the parser knows it: a problem in a row of a
    # State the secretariat does not keep does not stop the import of the others.
    state: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class ImportFailed(Exception):  # noqa: N818 - the name the callers use
    """The file as a whole cannot be read; `problems` says why."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))

    @classmethod
    def for_file(cls, file: str, message: str) -> ImportFailed:
        return cls([ImportProblem(file, None, None, message)])


@dataclass(frozen=True)
class ImportWarning:
    """A repair the parser made (a row merged, a name matched loosely): the import goes on,
    and the summary counts and lists it, naming the row."""

    file: str
    row: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}, row {self.row}"
        return f"{where}: {self.message}"


ParsedItem = ParsedRecommendation | ImportProblem | ImportWarning


def split_items(
    items: Iterable[ParsedItem],
) -> tuple[list[ParsedRecommendation], list[ImportProblem]]:
    """Collect a parser's stream into (records, problems); warnings are dropped."""
    records, problems, _ = split_all(items)
    return records, problems


def split_all(
    items: Iterable[ParsedItem],
) -> tuple[list[ParsedRecommendation], list[ImportProblem], list[ImportWarning]]:
    """Collect a parser's stream into (records, problems, warnings)."""
    records: list[ParsedRecommendation] = []
    problems: list[ImportProblem] = []
    warnings: list[ImportWarning] = []
    for item in items:
        if isinstance(item, ImportProblem):
            problems.append(item)
        elif isinstance(item, ImportWarning):
            warnings.append(item)
        else:
            records.append(item)
    return records, problems, warnings


def source_name(source: Source, filename: str | None) -> str:
    """The base name shown in problems and stored as `source_file`."""
    if filename:
        return os.path.basename(filename)
    if isinstance(source, str | os.PathLike):
        return os.path.basename(os.fspath(source))
    name = getattr(source, "name", None)
    return os.path.basename(str(name)) if name else "uploaded file"


# --- UPR cycles ---------------------------------------------------------------------

_CYCLE_LAST_SESSION = ((1, 12), (2, 26), (3, 40), (4, 54))


def cycle_for_session(session: int | None) -> int | None:
    """UPR cycle of a Working Group session: 1-12 → 1, 13-26 → 2, 27-40 → 3, 41-54 → 4.

    Later cycles are assumed to keep 14 sessions each.
    """
    if session is None or session < 1:
        return None
    for cycle, last in _CYCLE_LAST_SESSION:
        if session <= last:
            return cycle
    return 4 + (session - 55) // 14 + 1


# --- text ---------------------------------------------------------------------------


def clean_text(value: Any) -> str:
    """Unescape HTML entities and collapse whitespace; the wording stays as it is."""
    if value is None:
        return ""
    return " ".join(html.unescape(str(value)).split())


def text_key(text: str) -> str:
    """Key under which two texts count as the same recommendation.

    Ignores case, spacing and punctuation: UPR Info repeats a recommendation once
    per recommending State, sometimes with or without the final full stop.
    """
    text = unicodedata.normalize("NFKC", clean_text(text)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def stable_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode(), usedforsecurity=False)
    return f"{prefix}:{digest.hexdigest()[:20]}"


def unique(values: Iterable[str]) -> list[str]:
    """Drop empty and repeated values, keep the order of first appearance."""
    seen: set[str] = set()
    result = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            result.append(value)
    return result


def strip_observer_mark(name: str) -> str:
    """'State of Palestine*' → 'State of Palestine' (UHRI marks observer States)."""
    return clean_text(name).rstrip("*").strip()


_BULLET = re.compile(r"^[-–•]\s*")


def split_multi_value(value: Any) -> list[str]:
    """Values of a multi-valued cell: one per line, each usually prefixed by "- ".

    Never splits on hyphens inside a value ("Timor-Leste", "Guinea-Bissau"). When
    the cell uses bullets, a line without one continues the previous value.
    """
    if value is None:
        return []
    lines = [html.unescape(line).strip() for line in str(value).splitlines()]
    lines = [line for line in lines if line]
    bulleted = any(_BULLET.match(line) for line in lines)
    values: list[str] = []
    for line in lines:
        if _BULLET.match(line):
            values.append(_BULLET.sub("", line, count=1))
        elif bulleted and values:
            values[-1] = f"{values[-1]} {line}"
        else:
            values.append(line)
    return unique(clean_text(v) for v in values)


# --- SDGs ---------------------------------------------------------------------------

_SDG_TARGET = re.compile(r"^(?:SDG\s*|Target\s*)?(\d{1,2})\.(\d{1,2}|[a-z])(?![\w.])", re.I)
_SDG_GOAL = re.compile(r"^(?:SDGs?\s*|Goal\s*)?(\d{1,2})(?![\w.])", re.I)


def parse_sdg(value: str) -> tuple[str | None, str | None]:
    """'1.4 - Equal rights ...' → ('1.4', '1'); '16 - PEACE, JUSTICE ...' → (None, '16')."""
    value = _BULLET.sub("", value.strip(), count=1)
    if match := _SDG_TARGET.match(value):
        goal = str(int(match.group(1)))
        if 1 <= int(goal) <= 17:
            return f"{goal}.{match.group(2).lower()}", goal
    if match := _SDG_GOAL.match(value):
        goal = str(int(match.group(1)))
        if 1 <= int(goal) <= 17:
            return None, goal
    return None, None


def parse_sdgs(values: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """(targets, goals, values not understood) from a list of SDG mentions."""
    targets, goals, unknown = [], [], []
    for value in values:
        target, goal = parse_sdg(value)
        if target:
            targets.append(target)
        if goal:
            goals.append(goal)
        else:
            unknown.append(value)
    return unique(targets), unique(goals), unknown


# UHRI's SDG codes as matrices and UHRI exports list them among the themes (2017 on):
# "S16 SDG 16 - Peace, justice and strong institutions", "S5 - Gender equality", "SDG 5",
# "Goal 5", "5.2 - ...".
_S_CODE = re.compile(r"^S(\d{1,2})\b\s*(?:[-–:]\s*)?", re.I)
# A bare target needs its dash ("5.2 - ..."): "2.1. Acceptance of ..." is an old area number.
_SDG_MENTION = re.compile(
    r"^(?:SDGs?\s*\d|Goal\s*\d|\d{1,2}\.(?:\d{1,2}|[a-z])(?:\s*[-–]|$))", re.I
)


def sdg_in_theme(value: str) -> str | None:
    """The SDG mention in a themes-cell value ("16", "SDG 5 - ...", "5.2 - ..."), or None."""
    if match := _S_CODE.match(value):
        rest = value[match.end() :]
        return rest if _SDG_MENTION.match(rest) else match.group(1)
    return value if _SDG_MENTION.match(value) else None


def split_themes_and_sdgs(values: Iterable[str]) -> tuple[list[str], list[str]]:
    """(themes, SDG mentions) of a themes cell's values."""
    themes, sdgs = [], []
    for value in values:
        if (sdg := sdg_in_theme(value)) is not None:
            sdgs.append(sdg)
        else:
            themes.append(value)
    return themes, sdgs


# --- responses ----------------------------------------------------------------------

_RESPONSES: dict[str, Response | None] = {
    "supported": "supported",
    "support": "supported",
    "accepted": "supported",
    "accept": "supported",
    "supported accepted": "supported",
    "noted": "noted",
    "rejected": "noted",
    "not accepted": "noted",
    "not supported": "noted",
    "supported noted": "partially_supported",
    "accepted noted": "partially_supported",
    "partially supported": "partially_supported",
    "partially accepted": "partially_supported",
    "partly supported": "partially_supported",
    "partly accepted": "partially_supported",
    "supported in part": "partially_supported",
    "accepted in part": "partially_supported",
    "pending": "pending",
    "no response": "pending",
    "no clear position": "pending",
    "general response": "pending",
    "under consideration": "pending",
    # French and Spanish matrices (accents are removed before the look-up).
    "appuyee": "supported",
    "acceptee": "supported",
    "notee": "noted",
    "prise en note": "noted",
    "dont il a ete pris note": "noted",
    "il en a ete pris note": "noted",
    "aceptada": "supported",
    "apoyada": "supported",
    "tomo nota": "noted",
    "se tomo nota": "noted",
    "anotada": "noted",
    "voluntary pledge": None,
    "voluntary commitment": None,
}

RESPONSE_UNKNOWN = object()


def normalise_response(label: str, *, upr: bool = True) -> Response | None | object:
    """Map a State's own wording to the normalised response.

    Returns `RESPONSE_UNKNOWN` for wording we do not recognise, so that the parser
    can report it. An empty UPR response is pending; outside the UPR there is none.
    """
    key = unicodedata.normalize("NFKD", label.casefold())
    key = "".join(ch for ch in key if not unicodedata.combining(ch))
    key = " ".join(re.sub(r"[^\w]+", " ", key).split())
    if not key:
        return "pending" if upr else None
    if key in _RESPONSES:
        return _RESPONSES[key]
    return RESPONSE_UNKNOWN


# --- dates --------------------------------------------------------------------------

_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # 1900 date system, Lotus leap-year bug included
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %B %Y",
                 "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%Y%m%d")  # fmt: skip


def parse_date(value: Any) -> datetime.date | None:
    """A date from a spreadsheet cell: date, datetime, Excel serial or text.

    Text like "14/05/2019" is read day first, unless the first number cannot be a
    month day pair that way round ("05/14/2019"). Raises ValueError when the value
    is not empty and not a date.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        return _from_serial(value)
    text = clean_text(value)
    if not text:
        return None
    with contextlib.suppress(ValueError):
        return datetime.date.fromisoformat(text)
    if re.fullmatch(r"\d{1,6}(?:\.\d+)?", text) and not re.fullmatch(r"\d{8}", text):
        return _from_serial(float(text))
    text = re.sub(r"[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$", "", text)
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        month, day, year = (int(g) for g in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise ValueError(f"not a date: {text!r}")


def _from_serial(serial: float) -> datetime.date:
    if not 1 <= serial < 2958466:
        raise ValueError(f"not an Excel date serial number: {serial!r}")
    return _EXCEL_EPOCH + datetime.timedelta(days=int(serial))


def int_or_none(value: Any) -> int | None:
    """'34', 34, 34.0, 'Session 34', '34th session' → 34; '' → None; ValueError otherwise."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = clean_text(value)
    if not text:
        return None
    if match := re.fullmatch(r"(?:session\s*)?(\d+)(?:\.0)?(?:\s*(?:st|nd|rd|th))?(?:\s*session)?",
                             text, re.I):  # fmt: skip
        return int(match.group(1))
    raise ValueError(f"not a number: {text!r}")
