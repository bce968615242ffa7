"""Reports to a treaty body: the follow-up reply and the periodic report's draft. Both say,
for each paragraph of the concluding observations, what was done, as the mid-term report
does per cluster: the accepted progress narrative, status, activities, indicators, evidence."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.exports.content import (
    Block,
    activity_line,
    consultation_annex,
    counts_table,
    cover,
    format_date,
    format_number,
    indicator_line,
    narrative_section,
    word_count,
)
from reporting.exports.localize import long_date
from reporting.models import ReportDraft
from reporting.selectors.rows import (
    STATUS_ORDER,
    RecommendationRow,
    ReportData,
    paragraph_key,
    status_label,
)


def _review_line(review) -> str:
    body = review.body.name if review.body_id else _("Treaty body")
    document = review.document_symbol or str(review)
    if review.date:
        return _("%(body)s, concluding observations %(document)s, adopted on %(date)s.") % {
            "body": body,
            "document": document,
            "date": long_date(review.date),
        }
    return _("%(body)s, concluding observations %(document)s.") % {
        "body": body,
        "document": document,
    }


def _paragraph_heading(row: RecommendationRow) -> str:
    return _("Paragraph %(number)s") % {"number": row.paragraph} if row.paragraph else f"#{row.pk}"


def _what_was_done(row: RecommendationRow, heading: str) -> list[Block]:
    """One paragraph's answer: status and lead, what was done, then the supporting facts."""
    facts = [f"{_('Status')}: {row.status_display}"]
    facts.append(f"{_('Lead institution')}: {row.lead or _('Not assigned')}")
    if row.supporting:
        facts.append(f"{_('Supporting institutions')}: {', '.join(row.supporting)}")
    blocks = [
        Block("field", "; ".join(facts)),
        Block(heading, _("What was done")),
    ]
    if row.narrative:
        dated = _("Reported on %(date)s.") % {"date": format_date(row.narrative_date)}
        blocks.append(Block("p", f"{row.narrative} ({dated})"))
    else:
        blocks.append(Block("p", _("No progress report has been accepted yet.")))
    if row.activities:
        blocks.append(Block(heading, _("Activities")))
        blocks += [Block("bullet", activity_line(a)) for a in row.activities]
    if row.indicators:
        blocks.append(Block(heading, _("Indicators")))
        blocks += [Block("bullet", indicator_line(i)) for i in row.indicators]
    evidence = list(dict.fromkeys(row.evidence + [n for a in row.activities for n in a.evidence]))
    if evidence:
        blocks.append(Block(heading, _("Evidence")))
        blocks += [Block("bullet", name) for name in evidence]
    return blocks


def _status_sentence(counts: Counter) -> str:
    """ "Status: In progress 1, Not yet assessed 1." for a handful of items."""
    parts = [f"{status_label(s)} {format_number(counts[s])}" for s in STATUS_ORDER if counts.get(s)]
    return f"{_('Status')}: {', '.join(parts)}."


def _treaty_cover(title: str, data: ReportData, state: str, review) -> list[Block]:
    return cover(title, data, state) + [Block("note", _review_line(review))]


def treaty_followup_blocks(data: ReportData, *, state: str, review) -> list[Block]:
    """The follow-up reply: exactly the paragraphs the concluding observations selected for
    the follow-up procedure, one heading each, in paragraph order."""
    body = review.body.code if review.body_id else ""
    title = _("Follow-up reply to %(body)s") % {"body": body} if body else _("Follow-up reply")
    rows = sorted(data.rows(), key=lambda r: (paragraph_key(r.paragraph), r.pk))
    blocks = _treaty_cover(title, data, state, review)
    if review.followup_due:
        blocks.append(
            Block("note", _("Due on %(date)s.") % {"date": long_date(review.followup_due)})
        )
    blocks += [
        Block("pagebreak"),
        Block("h1", _("Introduction")),
        Block(
            "p",
            ngettext(
                "%(state)s submits the following information on the recommendation the "
                "Committee selected for the follow-up procedure in its concluding "
                "observations (%(document)s).",
                "%(state)s submits the following information on the %(n)s recommendations "
                "the Committee selected for the follow-up procedure in its concluding "
                "observations (%(document)s).",
                len(rows),
            )
            % {
                "state": state or _("The State party"),
                "n": format_number(len(rows)),
                "document": review.document_symbol or str(review),
            },
        ),
        Block("p", _status_sentence(data.overall)),
        Block("h1", _("Information on the follow-up items")),
    ]
    for row in rows:
        blocks += [Block("h2", _paragraph_heading(row)), Block("quote", row.text)]
        blocks += _what_was_done(row, "h3")
    return blocks


def treaty_periodic_blocks(
    data: ReportData, *, state: str, review, sections: dict, consultations=None
) -> tuple[list[Block], int]:
    """The periodic report's draft: the narrative sections of the draft around the answer
    to the previous concluding observations, paragraph by paragraph, grouped by theme."""
    S = ReportDraft.Section  # noqa: N806
    body_code = review.body.code if review.body_id else ""
    title = (
        _("Periodic report to %(body)s") % {"body": body_code}
        if body_code
        else _("Periodic report to a treaty body")
    )
    answer = [
        Block("h1", _("Follow-up to the previous concluding observations")),
        Block("p", _review_line(review)),
        counts_table(_("Recommendations"), [(_("All recommendations"), data.overall)]),
    ]
    for group in data.groups:
        answer.append(Block("h2", group.name))
        for row in group.rows:
            answer += [Block("h3", _paragraph_heading(row)), Block("quote", row.text)]
            answer += _what_was_done(row, "h4")
    body = (
        narrative_section(S.INTRODUCTION, sections)
        + narrative_section(S.TB_GENERAL, sections)
        + answer
        + narrative_section(S.TB_OTHER, sections)
    )
    words = word_count(body)
    blocks = _treaty_cover(title, data, state, review)
    blocks += [Block("note", _("Draft")), Block("pagebreak"), Block("toc"), Block("pagebreak")]
    blocks += body
    if consultations:
        blocks += consultation_annex(consultations)
    return blocks, words
