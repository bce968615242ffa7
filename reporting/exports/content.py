"""What a report says, as a flat list of blocks (headings, paragraphs, fields, tables, images).

The Word and PDF writers render the same blocks, so both formats carry the same text; the
national report's word count is taken from them too. This module holds the blocks every kind
shares (cover, counts, activity and indicator lines, narrative sections, annexes); each kind
is put together in its own module: ``midterm``, ``national``, ``treaty``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.exports.localize import long_date, medium_date
from reporting.exports.localize import number as localized_number
from reporting.models import ConsultationComment, ReportDraft, section_label
from reporting.selectors.rows import STATUS_ORDER, ReportData, status_label

Progress = Callable[[float], None]
EMBLEM_CM = 3  # the cover's emblem, printed this wide in Word
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(slots=True)
class Block:
    # title, subtitle, note, pagebreak, toc, h1, h2, h3, p, quote, field, bullet, table, image
    kind: str
    text: str = ""
    label: str = ""
    header: list | None = None
    rows: list | None = None
    image: bytes | None = None
    width_cm: float | None = None  # an image's printed width; None: the page's text width


def word_count(blocks: Iterable[Block]) -> int:
    total = 0
    for block in blocks:
        total += len(WORD.findall(block.text)) + len(WORD.findall(block.label))
        for row in block.rows or []:
            total += sum(len(WORD.findall(str(cell))) for cell in row)
    return total


def format_date(value) -> str:
    """Month in letters, in the report's language: "12/02/2026" is ambiguous."""
    return medium_date(value)


def format_number(value) -> str:
    return localized_number(value)


def counts_table(first_column: str, series: list[tuple[str, Counter]]) -> Block:
    header = [first_column, *(status_label(s) for s in STATUS_ORDER), _("Total")]
    rows = []
    totals: Counter = Counter()
    for label, counts in series:
        rows.append([label, *(counts.get(s, 0) for s in STATUS_ORDER), sum(counts.values())])
        totals.update(counts)
    if len(series) > 1:
        rows.append([_("Total"), *(totals.get(s, 0) for s in STATUS_ORDER), sum(totals.values())])
    return Block("table", header=header, rows=rows)


def group_heading(group) -> list[Block]:
    """A chapter's heading (its cluster, theme or goal) and how many recommendations it
    holds, by status."""
    return [Block("h1", group.name), Block("p", recommendation_counts(group))]


def recommendation_counts(group, number: Callable[[int], str] = format_number) -> str:
    """How many recommendations a chapter holds, by status, in a sentence. ``number``
    writes the figures (the national report's are plain digits)."""
    counts = group.counts
    summary = ", ".join(
        f"{status_label(s)}: {number(counts[s])}" for s in STATUS_ORDER if counts.get(s)
    )
    return ngettext(
        "%(n)s recommendation (%(summary)s).",
        "%(n)s recommendations (%(summary)s).",
        len(group.rows),
    ) % {"n": number(len(group.rows)), "summary": summary}


def activity_line(activity, *, skip_empty: bool = False) -> str:
    """An activity's title, then its dates, institution, status and budget. With
    ``skip_empty`` (the annual reports) a part the activity lacks is left out; without it,
    its place stays between the semicolons."""
    dates = format_date(activity.start)
    if activity.end:
        dates = f"{dates} – {format_date(activity.end)}"
    parts = [dates, activity.institution, activity.status]
    if activity.budget is not None:
        parts.append(
            _("budget %(amount)s")
            % {"amount": f"{format_number(activity.budget)} {activity.currency}".strip()}
        )
    if skip_empty:
        parts = [p for p in parts if p and p.strip()]
    return f"{activity.title} ({'; '.join(p.strip() for p in parts)})"


def latest_indicator_line(indicator) -> str:
    return indicator_summary(indicator, indicator.values[-1] if indicator.values else None)


def indicator_summary(indicator, latest: tuple | None) -> str:
    """An indicator's name, its ``latest`` value (day, value) if it has one, its baseline
    and its target."""
    unit = f" {indicator.unit}" if indicator.unit else ""
    if latest:
        day, value = latest
        latest_text = _("latest %(value)s (%(date)s)") % {
            "value": f"{format_number(value)}{unit}",
            "date": format_date(day),
        }
    else:
        latest_text = _("no value recorded yet")
    return (
        f"{indicator.name}: {latest_text}; {_('baseline')} "
        f"{format_number(indicator.baseline)}{unit}, "
        f"{_('target')} {format_number(indicator.target)}{unit}"
    )


def indicator_line(indicator) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    values = "; ".join(f"{format_date(d)}: {format_number(v)}{unit}" for d, v in indicator.values)
    parts = [
        f"{_('baseline')} {format_number(indicator.baseline)}",
        f"{_('target')} {format_number(indicator.target)}",
    ]
    if values:
        parts.append(values)
    return f"{indicator.name}: " + ", ".join(parts)


def cover(title: str, data: ReportData, state: str) -> list[Block]:
    return [
        Block("title", title),
        Block("subtitle", state),
        Block("note", data.scope_label),
        Block(
            "note",
            _("Generated on %(date)s by the national recommendations tracking database.")
            % {"date": long_date(timezone.localdate())},
        ),
    ]


def with_cover_settings(
    blocks: list[Block], *, emblem: bytes | None, issued_by: str
) -> list[Block]:
    """The secretariat's emblem and the name of who issues the report, at the head of the
    cover of every kind of report. The emblem has no caption (``text``): its label is the
    image's alternative text, and it prints small (``width_cm``)."""
    head = []
    if emblem:
        head.append(Block("image", label=_("Emblem"), image=emblem, width_cm=EMBLEM_CM))
    if issued_by:
        head.append(Block("subtitle", issued_by))
    return [*head, *blocks]


def summary_text(data: ReportData) -> str:
    supported = data.responses.get("supported", 0)
    noted = data.responses.get("noted", 0) + data.responses.get("partially_supported", 0)
    done = data.overall.get("fully_implemented", 0)
    return summary_sentence(data.total, supported, noted, done)


def summary_sentence(total: int, supported: int, noted: int, done: int) -> str:
    text = ngettext(
        "This report covers %(n)s recommendation",
        "This report covers %(n)s recommendations",
        total,
    ) % {"n": format_number(total)}
    return (
        text
        + ": "
        + _(
            "%(supported)s supported and %(noted)s noted or partially supported. "
            "%(done)s are fully implemented."
        )
        % {
            "supported": format_number(supported),
            "noted": format_number(noted),
            "done": format_number(done),
        }
    )


GROUPING_WORDS = {
    "clusters": lambda: _("cluster"),
    "themes": lambda: _("theme"),
    "goals": lambda: _("Sustainable Development Goal"),
    "none": lambda: _("group"),
}


def written_paragraphs(sections: dict, section: str) -> list[Block]:
    version = sections.get(section)
    if not version or not version.text.strip():
        return []
    return [
        Block("p", paragraph.strip())
        for paragraph in re.split(r"\n\s*\n", version.text)
        if paragraph.strip()
    ]


def matrix_annex(data: ReportData) -> list[Block]:
    header = [
        _("Paragraph"),
        _("Cluster"),
        _("Response"),
        _("Lead institution"),
        _("Status"),
        _("Last update"),
    ]
    rows = [
        [
            row.paragraph or f"#{row.pk}",
            group.name,
            row.response,
            row.lead,
            row.status_display,
            format_date(row.last_update),
        ]
        for group in data.groups
        for row in group.rows
    ]
    return [
        Block("pagebreak"),
        Block("h1", _("Annex: implementation matrix")),
        Block("table", header=header, rows=rows, label="matrix"),
    ]


def narrative_section(section: str, sections: dict, kind: str = "") -> list[Block]:
    version = sections.get(section)
    heading = section_label(kind, section)
    if not version or not version.text.strip():
        return [Block("h1", heading), Block("note", _("This section has not been written yet."))]
    return [Block("h1", heading)] + [
        Block("p", paragraph.strip())
        for paragraph in re.split(r"\n\s*\n", version.text)
        if paragraph.strip()
    ]


def consultation_annex(consultations) -> list[Block]:
    blocks = [Block("pagebreak"), Block("h1", _("Annex: consultation on the draft"))]
    for consultation in consultations:
        comments = list(consultation.comments.all())
        recipients = [str(i) for i in consultation.institutions.all()] + [
            str(s) for s in consultation.stakeholders.all()
        ]
        blocks += [
            Block("h2", consultation.title),
            Block("field", format_date(consultation.deadline), label=_("Deadline")),
            Block("field", ", ".join(recipients), label=_("Consulted")),
            Block("field", str(len(comments)), label=_("Comments received")),
        ]
        if comments:
            header = [_("Section"), _("From"), _("Comment"), _("Resolution"), _("Reply")]
            rows = [
                [
                    str(dict(ConsultationComment.SECTION_CHOICES)[c.section]),
                    str(c.organisation),
                    c.body,
                    str(c.get_resolution_display()),
                    c.reply,
                ]
                for c in comments
            ]
            blocks.append(Block("table", header=header, rows=rows))
    return blocks


def draft_blocks(draft: ReportDraft, sections: dict) -> list[Block]:
    """A draft's narrative sections alone: what a consultation sends out."""
    blocks = [Block("title", draft.title), Block("note", _("Draft for consultation"))]
    for section in draft.sections:
        blocks += narrative_section(section, sections, draft.kind)
    return blocks
