"""The UPR national report: the draft's narrative sections A, B, D, E and F around the
follow-up to the previous review (section C), by cluster, with its word count."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reporting.exports.content import (
    Block,
    consultation_annex,
    cover,
    narrative_section,
    recommendation_counts,
    word_count,
)
from reporting.models import WORD_LIMIT, ReportDraft
from reporting.selectors.rows import ReportData


def _followup_blocks(data: ReportData) -> list[Block]:
    """Section C: for each cluster, what the figures say and, per recommendation, the status
    and the latest progress narrative."""
    blocks = [Block("h1", _("C. Follow-up to the previous review"))]
    for group in data.groups:
        blocks.append(Block("h2", group.name))
        blocks.append(Block("p", recommendation_counts(group, number=str)))
        for row in group.rows:
            lead = f" {row.lead}." if row.lead else ""
            number = row.paragraph or f"#{row.pk}"
            text = f"{number} ({row.response}; {row.status_display}).{lead}"
            if row.narrative:
                text += f" {row.narrative}"
            blocks.append(Block("p", text))
    return blocks


def national_blocks(
    data: ReportData, *, state: str, sections: dict, consultations=None
) -> tuple[list[Block], int]:
    S = ReportDraft.Section  # noqa: N806
    body = (
        narrative_section(S.METHODOLOGY, sections)
        + narrative_section(S.DEVELOPMENTS, sections)
        + _followup_blocks(data)
        + narrative_section(S.ACHIEVEMENTS, sections)
        + narrative_section(S.PRIORITIES, sections)
        + narrative_section(S.ASSISTANCE, sections)
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
    blocks = cover(_("National report (Universal Periodic Review)"), data, state)
    blocks += [Block("note", count), Block("pagebreak"), *body]
    if consultations:
        blocks += consultation_annex(consultations)
    return blocks, words
