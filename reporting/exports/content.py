"""What a report says, as a flat list of blocks (headings, paragraphs, fields, tables, images).

The Word and PDF writers render the same blocks, so both formats carry the same text; the
national report's word count is taken from them too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.models import WORD_LIMIT, ConsultationComment, ReportDraft
from reporting.selectors.rows import (
    STATUS_ORDER,
    RecommendationRow,
    ReportData,
    status_label,
)

Progress = Callable[[float], None]
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(slots=True)
class Block:
    kind: str  # title, subtitle, note, pagebreak, h1, h2, h3, p, quote, field, bullet, table, image
    text: str = ""
    label: str = ""
    header: list | None = None
    rows: list | None = None
    image: bytes | None = None


def word_count(blocks: Iterable[Block]) -> int:
    total = 0
    for block in blocks:
        total += len(WORD.findall(block.text)) + len(WORD.findall(block.label))
        for row in block.rows or []:
            total += sum(len(WORD.findall(str(cell))) for cell in row)
    return total


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _number(value) -> str:
    if value is None:
        return "–"
    return f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)


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


def _activity_line(activity) -> str:
    dates = _date(activity.start)
    if activity.end:
        dates = f"{dates} – {_date(activity.end)}"
    return f"{activity.title} ({dates}; {activity.institution}; {activity.status})"


def _indicator_line(indicator) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    values = "; ".join(f"{_date(d)}: {_number(v)}{unit}" for d, v in indicator.values)
    parts = [
        f"{_('baseline')} {_number(indicator.baseline)}",
        f"{_('target')} {_number(indicator.target)}",
    ]
    if values:
        parts.append(values)
    return f"{indicator.name}: " + ", ".join(parts)


def recommendation_blocks(row: RecommendationRow) -> list[Block]:
    blocks = [
        Block("h3", row.paragraph or f"#{row.pk}"),
        Block("quote", row.text),
        Block("field", row.source, label=_("Source")),
    ]
    if row.states:
        blocks.append(Block("field", ", ".join(row.states), label=_("Recommending States")))
    blocks.append(Block("field", row.response or _("No response recorded"), label=_("Response")))
    if row.repeated_from:
        blocks.append(
            Block("field", ", ".join(row.repeated_from), label=_("Repeated from an earlier cycle"))
        )
    blocks.append(Block("field", row.lead or _("Not assigned"), label=_("Lead institution")))
    if row.supporting:
        blocks.append(Block("field", ", ".join(row.supporting), label=_("Supporting institutions")))
    blocks.append(Block("field", row.status_display, label=_("Status")))
    if row.narrative:
        label = _("Progress (%(date)s)") % {"date": _date(row.narrative_date)}
        blocks.append(Block("field", row.narrative, label=label))
    if row.activities:
        blocks.append(Block("p", label=_("Activities")))
        blocks.extend(Block("bullet", _activity_line(a)) for a in row.activities)
    if row.indicators:
        blocks.append(Block("p", label=_("Indicators")))
        blocks.extend(Block("bullet", _indicator_line(i)) for i in row.indicators)
    return blocks


def _cover(title: str, data: ReportData, state: str) -> list[Block]:
    return [
        Block("title", title),
        Block("subtitle", state),
        Block("note", data.scope_label),
        Block(
            "note",
            _("Generated on %(date)s by the national recommendations tracking database.")
            % {"date": _date(timezone.localdate())},
        ),
    ]


def _summary(data: ReportData) -> list[Block]:
    supported = data.responses.get("supported", 0)
    noted = data.responses.get("noted", 0) + data.responses.get("partially_supported", 0)
    done = data.overall.get("fully_implemented", 0)
    text = ngettext(
        "This report covers %(n)s recommendation",
        "This report covers %(n)s recommendations",
        data.total,
    ) % {"n": data.total}
    text += ": " + _(
        "%(supported)s supported and %(noted)s noted or partially supported. "
        "%(done)s are fully implemented."
    ) % {"supported": supported, "noted": noted, "done": done}
    return [Block("h1", _("Summary")), Block("p", text)]


def midterm_blocks(
    data: ReportData, *, state: str, charts: dict[str, bytes | None], progress: Progress
) -> list[Block]:
    blocks = _cover(_("Mid-term report"), data, state) + [Block("pagebreak")]
    blocks += _summary(data)
    blocks += [
        Block("h1", _("Status of implementation")),
        Block("h2", _("All recommendations")),
        counts_table(_("Recommendations"), [(_("All recommendations"), data.overall)]),
        Block("h2", _("By cluster")),
        counts_table(_("Cluster"), [(g.name, g.counts) for g in data.groups]),
        Block("h2", _("By lead institution")),
        counts_table(_("Institution"), data.by_institution),
    ]
    for key, caption in [
        ("by_cluster", _("Status by cluster")),
        ("by_goal", _("Status by Sustainable Development Goal")),
    ]:
        if charts.get(key):
            blocks.append(Block("image", caption, image=charts[key]))
    blocks.append(Block("pagebreak"))
    blocks.append(Block("h1", _("Recommendations by cluster")))
    for n, group in enumerate(data.groups, start=1):
        blocks.append(Block("h2", group.name))
        for row in group.rows:
            blocks.extend(recommendation_blocks(row))
        progress(n / len(data.groups))
    return blocks


def _followup_blocks(data: ReportData) -> list[Block]:
    """Section C: for each cluster, what the figures say and, per recommendation, the status
    and the latest progress narrative."""
    blocks = [Block("h1", _("C. Follow-up to the previous review"))]
    for group in data.groups:
        counts = group.counts
        summary = ", ".join(
            f"{status_label(s)}: {counts[s]}" for s in STATUS_ORDER if counts.get(s)
        )
        blocks.append(Block("h2", group.name))
        blocks.append(
            Block(
                "p",
                ngettext(
                    "%(n)s recommendation (%(summary)s).",
                    "%(n)s recommendations (%(summary)s).",
                    len(group.rows),
                )
                % {"n": len(group.rows), "summary": summary},
            )
        )
        for row in group.rows:
            lead = f" {row.lead}." if row.lead else ""
            number = row.paragraph or f"#{row.pk}"
            text = f"{number} ({row.response}; {row.status_display}).{lead}"
            if row.narrative:
                text += f" {row.narrative}"
            blocks.append(Block("p", text))
    return blocks


def _narrative(section: str, sections: dict) -> list[Block]:
    version = sections.get(section)
    heading = str(ReportDraft.Section(section).label)
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
            Block("field", _date(consultation.deadline), label=_("Deadline")),
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


def national_blocks(
    data: ReportData, *, state: str, sections: dict, consultations=None
) -> tuple[list[Block], int]:
    S = ReportDraft.Section  # noqa: N806
    body = (
        _narrative(S.METHODOLOGY, sections)
        + _narrative(S.DEVELOPMENTS, sections)
        + _followup_blocks(data)
        + _narrative(S.ACHIEVEMENTS, sections)
        + _narrative(S.PRIORITIES, sections)
        + _narrative(S.ASSISTANCE, sections)
    )
    words = word_count(body)
    count = _("Word count: %(words)s of %(limit)s words.") % {
        "words": f"{words:,}",
        "limit": f"{WORD_LIMIT:,}",
    }
    if words > WORD_LIMIT:
        count += " " + _("The report is %(over)s words over the limit.") % {
            "over": f"{words - WORD_LIMIT:,}"
        }
    blocks = _cover(_("National report (Universal Periodic Review)"), data, state)
    blocks += [Block("note", count), Block("pagebreak"), *body]
    if consultations:
        blocks += consultation_annex(consultations)
    return blocks, words


def draft_blocks(draft: ReportDraft, sections: dict) -> list[Block]:
    """A draft's narrative sections alone: what a consultation sends out."""
    blocks = [Block("title", draft.title), Block("note", _("Draft for consultation"))]
    for section in ReportDraft.Section.values:
        blocks += _narrative(section, sections)
    return blocks
