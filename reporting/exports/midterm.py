"""The mid-term report: cover, contents, introduction, methodology, executive summary, one
chapter per cluster, the noted recommendations when asked, and the matrix as an annex."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from recommendations.models import Response
from reporting.exports.content import (
    GROUPING_WORDS,
    Block,
    Progress,
    activity_line,
    consultation_annex,
    counts_table,
    cover,
    format_number,
    group_heading,
    latest_indicator_line,
    matrix_annex,
    summary_text,
    written_paragraphs,
)
from reporting.exports.midterm_text import (
    MidtermFacts,
    introduction_paragraphs,
    methodology_paragraphs,
)
from reporting.selectors.rows import (
    RecommendationRow,
    ReportData,
    paragraph_key,
)


def facts_from_data(
    data: ReportData, *, state: str, update_round: str = "", consulted=()
) -> MidtermFacts:
    """What the run's data says, for the introduction and methodology it writes itself."""
    rows = list(data.rows())
    return MidtermFacts(
        state=state,
        scope=data.scope_label,
        total=data.total,
        supported=data.responses.get("supported", 0),
        noted=data.responses.get("noted", 0) + data.responses.get("partially_supported", 0),
        done=data.overall.get("fully_implemented", 0),
        institutions=len([name for name, _counts in data.by_institution if name]),
        activities=len({a.pk or id(a) for row in rows for a in row.activities}),
        updates=sum(1 for row in rows if row.narrative),
        grouping=data.grouping,
        update_round=update_round,
        consulted=list(consulted),
    )


def _section(heading: str, written: list[Block], generated: list[str]) -> list[Block]:
    """A draft's section, when written, replaces what the data would say."""
    return [Block("h1", heading), *(written or [Block("p", text) for text in generated])]


def _noted_chapter(rows: list[RecommendationRow]) -> list[Block]:
    """The noted recommendations, asked for on the run: why the State noted each and what
    was done all the same. A table by paragraph number: the text and the facts are in the
    cluster chapters already, where each paragraph appears exactly once."""
    blocks = [Block("pagebreak"), Block("h1", _("Noted recommendations"))]
    if not rows:
        return [*blocks, Block("p", _("No recommendation in this report was noted."))]
    blocks.append(
        Block(
            "p",
            ngettext(
                "%(n)s recommendation was noted. It is still followed up: why it was noted, "
                "and what was done since.",
                "%(n)s recommendations were noted. They are still followed up: why each was "
                "noted, and what was done since.",
                len(rows),
            )
            % {"n": format_number(len(rows))},
        )
    )
    header = [_("Paragraph"), _("Justification of the response"), _("Follow-up")]
    table = []
    for row in rows:
        followup = [row.status_display]
        if row.narrative:
            followup.append(row.narrative)
        if row.activities:
            followup.append(
                ngettext("%(n)s activity", "%(n)s activities", len(row.activities))
                % {"n": format_number(len(row.activities))}
            )
        justification = row.justification or _("No justification recorded")
        table.append([row.paragraph or f"#{row.pk}", justification, "; ".join(followup)])
    return [*blocks, Block("table", header=header, rows=table)]


NARRATIVES_PER_PARAGRAPH = 6


def merged_narrative(group) -> list[str]:
    """The cluster's accepted progress narratives as one paragraph, each as written and
    followed by the paragraph numbers it reports on (a text sent for several is said once)."""
    seen: dict[str, list[str]] = {}
    for row in group.rows:
        text = " ".join(row.narrative.split())
        if text:
            seen.setdefault(text, []).append(row.paragraph or f"#{row.pk}")
    sentences = []
    for text, paragraphs in seen.items():
        sentence = text if text.endswith((".", "!", "?", "。", "؟")) else f"{text}."
        sentences.append(f"{sentence} ({', '.join(paragraphs)})")
    # A few narratives per paragraph: a wall of text of a whole cluster reads badly.
    n = NARRATIVES_PER_PARAGRAPH
    return [" ".join(sentences[i : i + n]) for i in range(0, len(sentences), n)]


def _cluster_chapter(group) -> list[Block]:
    blocks = [*group_heading(group), Block("h2", _("Progress"))]
    narrative = merged_narrative(group)
    blocks += [Block("p", text) for text in narrative] or [
        Block("p", _("No progress report has been accepted yet."))
    ]
    activities = {}
    indicators = {}
    evidence: list[str] = []
    for row in group.rows:
        for activity in row.activities:
            activities.setdefault(activity.pk or id(activity), activity)
        for indicator in row.indicators:
            indicators.setdefault(indicator.name, indicator)
        evidence += row.evidence
        evidence += [name for a in row.activities for name in a.evidence]
    if activities:
        blocks.append(Block("h2", _("Activities")))
        blocks += [Block("bullet", activity_line(a)) for a in activities.values()]
    if indicators:
        blocks.append(Block("h2", _("Indicators")))
        blocks += [Block("bullet", latest_indicator_line(i)) for i in indicators.values()]
    if evidence:
        blocks.append(Block("h2", _("Evidence")))
        blocks += [Block("bullet", name) for name in dict.fromkeys(evidence)]
    blocks.append(Block("h2", _("What was recommended")))
    for row in group.rows:
        blocks += _recommendation_entry(row)
    return blocks


def _recommendation_entry(row: RecommendationRow) -> list[Block]:
    """Number, text, then one line of facts: three paragraphs where there were seven (a
    thousand recommendations make a PDF of 7,000 boxes fewer)."""
    no_response = _("No response recorded")
    facts = [f"{_('Response')}: {row.response or no_response}"]
    facts.append(f"{_('Lead institution')}: {row.lead or _('Not assigned')}")
    facts.append(f"{_('Status')}: {row.status_display}")
    if row.states:
        facts.append(f"{_('Recommending States')}: {', '.join(row.states)}")
    if row.repeated_from:
        facts.append(f"{_('Repeated from an earlier cycle')}: {', '.join(row.repeated_from)}")
    return [
        Block("h3", row.paragraph or f"#{row.pk}"),
        Block("quote", row.text),
        Block("field", "; ".join(facts), label=row.source),
    ]


def midterm_blocks(
    data: ReportData,
    *,
    state: str,
    charts: dict[str, bytes | None],
    progress: Progress,
    sections: dict | None = None,
    facts: MidtermFacts | None = None,
    include_noted: bool = False,
    consultations=None,
) -> list[Block]:
    """The mid-term report as OHCHR's study of good practice describes it: cover, contents,
    introduction, methodology, executive summary, one chapter per cluster, the noted
    recommendations when the run asks for them, annex. Nothing in
    it is UPR-only, so a treaty body's follow-up report can take the same shape."""
    sections = sections or {}
    blocks = cover(_("Mid-term report"), data, state) + [Block("pagebreak")]
    blocks += [Block("toc"), Block("pagebreak")]
    facts = facts or facts_from_data(data, state=state)
    blocks += _section(
        _("Introduction"),
        written_paragraphs(sections, "introduction"),
        introduction_paragraphs(facts),
    )
    blocks += _section(
        _("Methodology"),
        written_paragraphs(sections, "methodology"),
        methodology_paragraphs(facts),
    )
    grouped_by = GROUPING_WORDS[data.grouping]()
    blocks += [
        Block("h1", _("Executive summary")),
        Block("p", summary_text(data)),
        counts_table(_("Recommendations"), [(_("All recommendations"), data.overall)]),
    ]
    if charts.get("by_cluster"):
        blocks.append(
            Block(
                "image",
                _("Status by %(grouping)s") % {"grouping": grouped_by},
                image=charts["by_cluster"],
            )
        )
    blocks.append(counts_table(grouped_by.capitalize(), [(g.name, g.counts) for g in data.groups]))
    if charts.get("by_goal"):
        blocks.append(
            Block("image", _("Status by Sustainable Development Goal"), image=charts["by_goal"])
        )
    blocks += [
        Block("h2", _("By lead institution")),
        counts_table(_("Institution"), data.by_institution),
    ]
    for n, group in enumerate(data.groups, start=1):
        blocks.append(Block("pagebreak"))
        blocks += _cluster_chapter(group)
        progress(n / len(data.groups))
    if include_noted:
        noted = [row for row in data.rows() if row.response_value == Response.NOTED]
        blocks += _noted_chapter(sorted(noted, key=lambda r: (paragraph_key(r.paragraph), r.pk)))
    if consultations:
        blocks += consultation_annex(consultations)
    blocks += matrix_annex(data)
    return blocks
