"""Split pasted concluding observations (or a visit report's recommendations) into numbered
paragraphs and "(a)"–"(z)" sub-paragraphs, and tell recommendations from observations.

Pure Python, no Django: the review screens, the API's ``split`` endpoint and the benchmark
call ``split`` and show the result for correction; nothing here is saved.

What pasted text from a PDF looks like, and what is done about it:
- a paragraph starts with its number ("20. The Committee recommends…"); numbers go up, so a
  wrapped line that happens to start with "3. " is not taken for a paragraph;
- headings ("Women human rights defenders", "C. Principal areas of concern…") sit between
  paragraphs: short lines after a paragraph's closing punctuation, before the next number;
- page headers and footers (the document symbol, page numbers, "GE.23-…" job numbers) are
  dropped, so a paragraph broken over a page runs on;
- near the end, one paragraph picks recommendations for the follow-up procedure
  ("…paragraphs 12 (a), 20 (b) and 38 above") and another sets the next periodic report.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

RECOMMENDATION = "recommendation"
OBSERVATION = "observation"
FOLLOWUP_PROCEDURE = "followup_procedure"
NEXT_REPORT = "next_report"

_SUBJECT = (
    r"(?:Committee|Subcommittee|Working\s+Group|Special\s+Rapporteur|Independent\s+Expert|"
    r"Commission|Comité|Sous-Comité|Groupe\s+de\s+travail|Rapporteur(?:e)?\s+spécial(?:e)?|"
    r"Comisión|Relator(?:a)?\s+Especial|Grupo\s+de\s+Trabajo)"
)
_ADVERB = r"(?:\s+(?:also|further|strongly|again|therefore|aussi|également|en\s+outre|"
_ADVERB += r"vivement|instamment|también|además|encarecidamente))*"
_VERBS = (
    r"(?:recommends?|urges?|calls\s+(?:up)?on|encourages?|requests?|invites?|reiterates|"
    r"recommande|exhorte|engage|prie|invite|demande|réitère|"
    r"recomienda|insta|exhorta|alienta|pide|solicita|reitera)"
)
_RECOMMENDING = re.compile(
    rf"\b{_SUBJECT}{_ADVERB}\s+{_VERBS}\b"
    r"|\bThe\s+State\s+party\s+should\b|\bL[’']État\s+partie\s+devrait\b"
    r"|\bEl\s+Estado\s+parte\s+(?:debe|debería)\b"
    r"|\bThe\s+(?:Government|State)\s+should\b",
    re.IGNORECASE,
)
_FOLLOWUP = re.compile(
    r"(?:within|dans\s+un\s+délai\s+de|en\s+un\s+plazo\s+de|dentro\s+de)\s+"
    r"(?P<years>one|two|three|1|2|3|un|deux|trois|uno|dos|tres)\s+(?:years?|ans?|años?)\b"
    r".{0,300}?(?:paragraphs?|paragraphes?|párrafos?)\s+(?P<refs>[0-9][0-9()a-z,\sandetyu]*)",
    re.IGNORECASE | re.DOTALL,
)
_NEXT_REPORT = re.compile(
    r"(?:next|periodic|prochain|périodique|próximo|periódico)[^.]{0,120}?"
    r"(?:report|rapport|informe)[^.]{0,200}?(?:by|in|before|d['’]ici\s+(?:au|le)?|en|"
    r"avant\s+le|antes\s+del?|a\s+más\s+tardar\s+el)\s+(?P<when>(?:\d{1,2}\s+)?(?:de\s+)?"
    r"[A-Za-zéû]+\s+(?:de\s+)?\d{4}|\d{4})",
    re.IGNORECASE,
)
_YEARS = {"one": 1, "un": 1, "uno": 1, "two": 2, "deux": 2, "dos": 2, "three": 3, "trois": 3}
_YEARS.update({"tres": 3, "1": 1, "2": 2, "3": 3})
_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
)
_MONTHS = {name: i for names in _MONTH_NAMES for i, name in enumerate(names.split(), 1)}

_PARAGRAPH = re.compile(r"^(?P<number>\d{1,3})\.(?:\s+|$)(?P<rest>.*)$")
_SUB = re.compile(r"(?:(?<=^)|(?<=[\s:;.]))\((?P<letter>[a-z])\)\s+")
# Page furniture: a document symbol alone (CEDAW/C/SVN/CO/7, A/HRC/52/5/Add.1), a page
# number alone ("7", "7/15", "Page 7", "- 7 -"), a job number ("GE.23-12345", "23-12345").
_FURNITURE_PART = (
    r"(?:[A-Z]{1,8}(?:/[A-Za-z0-9.\-]+){2,}"
    r"|(?:page\s+)?\d{1,3}(?:\s*(?:/|of|de|sur)\s*\d{1,3})?"
    r"|-\s*\d{1,3}\s*-"
    r"|(?:GE\.)?\d{2}-\d{4,6}(?:\s*\([A-Z]\))?"
    r"|\*\d{6,}\*)"
)
_FURNITURE = re.compile(rf"^{_FURNITURE_PART}(?:\s+{_FURNITURE_PART})*$", re.IGNORECASE)
_CLOSING = tuple(".;:!?”\"'»")
_HEADING_MAX = 150
# A paragraph number may skip a few (a paragraph left out), never go back; it may skip more
# (an extract: the positive aspects left out) when the text before it ends a sentence, or a
# sentence and a heading, and the paragraph starts with a capital.
_MAX_GAP = 5


@dataclass
class Item:
    """One recommendation as it would be saved: a paragraph, or one of its sub-paragraphs
    (its text then starts with the paragraph's opening words)."""

    paragraph: str  # "20", "20 (a)"
    text: str
    kind: str
    heading: str = ""
    followup: bool = False


@dataclass
class Paragraph:
    number: int
    text: str  # the whole paragraph, sub-paragraphs included, lines joined
    heading: str = ""
    kind: str = OBSERVATION
    intro: str = ""  # the words before "(a)"
    subparagraphs: list[tuple[str, str]] = field(default_factory=list)  # [("a", text)]


@dataclass
class SplitResult:
    paragraphs: list[Paragraph]
    items: list[Item]
    followup_references: list[str]  # as the document names them: ["12 (a)", "20"]
    followup_years: int | None = None
    next_report_due: datetime.date | None = None


def _clean_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\u00ad", "")
    lines = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if line and _FURNITURE.match(line):
            continue
        lines.append(line)
    return lines


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if not line:
            continue
        if out.endswith("-") and line[:1].islower():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def _split_heading(lines: list[str]) -> tuple[list[str], str]:
    """The trailing lines after the paragraph's last closing punctuation, if short, are the
    heading of the next paragraph."""
    content = [ln for ln in lines if ln]
    for i in range(len(content) - 1, -1, -1):
        if content[i].endswith(_CLOSING):
            tail = content[i + 1 :]
            heading = " ".join(tail)
            if tail and len(heading) <= _HEADING_MAX:
                return content[: i + 1], heading
            return content, ""
    return content, ""


def _ends_sentence(lines: list[str]) -> bool:
    """The lines end with a closing punctuation, or with one and a short heading after it."""
    body, _heading = _split_heading(lines)
    return bool(body) and body[-1].endswith(_CLOSING)


def _subparagraphs(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Sub-paragraphs "(a)", "(b)"… in order; a marker out of order ("(i)" inside "(a)")
    stays in the text."""
    expected, cuts = "a", []
    for match in _SUB.finditer(text):
        if match.group("letter") == expected:
            cuts.append(match)
            expected = chr(ord(expected) + 1)
    if not cuts:
        return text, []
    intro = text[: cuts[0].start()].strip()
    subs = []
    for i, match in enumerate(cuts):
        end = cuts[i + 1].start() if i + 1 < len(cuts) else len(text)
        subs.append((match.group("letter"), text[match.end() : end].strip()))
    return intro, subs


def _when(text: str) -> datetime.date | None:
    words = text.replace(" de ", " ").split()
    try:
        if len(words) == 1:
            return datetime.date(int(words[0]), 12, 31)
        month = _MONTHS.get(words[-2].lower())
        if month is None:
            return None
        day = int(words[0]) if len(words) == 3 else 1
        return datetime.date(int(words[-1]), month, day)
    except ValueError:
        return None


def _references(refs: str) -> list[str]:
    """'12 (a), 20 (b) and 38' -> ['12 (a)', '20 (b)', '38']."""
    found = re.findall(r"(\d{1,3})\s*(?:\(([a-z])\))?((?:\s*(?:,|and|et|y)?\s*\([a-z]\))*)", refs)
    out = []
    for number, letter, more in found:
        letters = ([letter] if letter else []) + re.findall(r"\(([a-z])\)", more)
        out += [f"{number} ({x})" for x in letters] if letters else [number]
    return out


def _kind(text: str) -> str:
    if _FOLLOWUP.search(text):
        return FOLLOWUP_PROCEDURE
    if _NEXT_REPORT.search(text) and re.search(
        r"\b(?:submit|soumettre|presentar|présenter)", text, re.IGNORECASE
    ):
        return NEXT_REPORT
    return RECOMMENDATION if _RECOMMENDING.search(text) else OBSERVATION


def split(text: str) -> SplitResult:
    paragraphs: list[Paragraph] = []
    current: list[str] | None = None
    number = heading = None
    pending_heading = ""

    def close(lines: list[str], *, last: bool) -> str:
        body, next_heading = (lines, "") if last else _split_heading(lines)
        full = _join(body)
        if full:
            intro, subs = _subparagraphs(full)
            paragraphs.append(Paragraph(number, full, heading or "", _kind(full), intro, subs))
        return next_heading

    preamble: list[str] = []
    for line in _clean_lines(text):
        match = _PARAGRAPH.match(line)
        number_here = int(match.group("number")) if match else None
        starts = number_here is not None and (
            number is None
            or number < number_here <= number + _MAX_GAP
            or (
                number < number_here
                and match.group("rest")[:1].isupper()
                and _ends_sentence(current or [])
            )
        )
        if starts:
            if current is None:
                content = [ln for ln in preamble if ln]
                tail = content[-1] if content else ""
                pending_heading = "" if len(tail) > _HEADING_MAX else tail
            else:
                pending_heading = close(current, last=False)
            number, heading = number_here, pending_heading
            current = [match.group("rest")]
        elif current is None:
            preamble.append(line)
        else:
            current.append(line)
    if current is not None:
        close(current, last=True)
    return _result(paragraphs)


def _result(paragraphs: list[Paragraph]) -> SplitResult:
    references: list[str] = []
    years = due = None
    for paragraph in paragraphs:
        if paragraph.kind == FOLLOWUP_PROCEDURE and not references:
            match = _FOLLOWUP.search(paragraph.text)
            years = _YEARS.get(match.group("years").lower())
            references = _references(match.group("refs"))
        elif paragraph.kind == NEXT_REPORT and due is None:
            due = _when(_NEXT_REPORT.search(paragraph.text).group("when"))
    chosen = set(references)
    items = []
    for paragraph in paragraphs:
        label = str(paragraph.number)
        if paragraph.subparagraphs and paragraph.kind == RECOMMENDATION:
            whole = label in chosen
            for letter, sub in paragraph.subparagraphs:
                sub_label = f"{label} ({letter})"
                items.append(
                    Item(
                        sub_label,
                        f"{paragraph.intro} ({letter}) {sub}".strip(),
                        paragraph.kind,
                        paragraph.heading,
                        whole or sub_label in chosen,
                    )
                )
        else:
            items.append(
                Item(
                    label,
                    paragraph.text,
                    paragraph.kind,
                    paragraph.heading,
                    label in chosen or any(r.startswith(f"{label} (") for r in chosen),
                )
            )
    return SplitResult(paragraphs, items, references, years, due)
