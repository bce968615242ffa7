"""The mid-term report: cover, contents, introduction, methodology, executive summary, one
chapter per cluster, the noted recommendations when asked, and the matrix as an annex."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.exports.content import (
    GROUPING_WORDS,
    Block,
    Progress,
    activity_line,
    counts_table,
    cover,
    format_number,
    latest_indicator_line,
    matrix_annex,
    summary_text,
    written_paragraphs,
)
from reporting.selectors.rows import STATUS_ORDER, RecommendationRow, ReportData, status_label


def _introduction(data: ReportData, state: str, sections: dict) -> list[Block]:
    """Prefilled from the data; a draft's "introduction" section, when written, replaces it."""
    heading = _("Introduction")
    written = written_paragraphs(sections, "introduction")
    if written:
        return [Block("h1", heading), *written]
    text = _(
        "This mid-term report sets out what %(state)s has done, since its last review, to "
        "implement the recommendations it received (%(scope)s)."
    ) % {"state": state or _("the State"), "scope": data.scope_label}
    return [Block("h1", heading), Block("p", text), Block("p", summary_text(data))]


def _methodology(data: ReportData, sections: dict) -> list[Block]:
    heading = _("Methodology")
    written = written_paragraphs(sections, "methodology")
    if written:
        return [Block("h1", heading), *written]
    institutions = [name for name, _counts in data.by_institution if name]
    rows = list(data.rows())
    updates = sum(1 for row in rows if row.narrative)
    activities = len({a.pk or id(a) for row in rows for a in row.activities})
    text = _(
        "The report was drafted by the national mechanism for implementation, reporting and "
        "follow-up from its recommendations tracking database. %(n)s institutions lead the "
        "implementation of the recommendations and reported on it: their focal points "
        "recorded %(activities)s activities, and %(updates)s progress reports were accepted "
        "by the secretariat. The recommendations are grouped by %(grouping)s; each status "
        "is the latest assessment recorded by the government."
    ) % {
        "n": format_number(len(institutions)),
        "activities": format_number(activities),
        "updates": format_number(updates),
        "grouping": GROUPING_WORDS[data.grouping](),
    }
    return [Block("h1", heading), Block("p", text)]


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
    # A few narratives per paragraph: readable, and WeasyPrint lays out a long paragraph
    # again for each of its lines (a 5,000-word one cost seconds).
    n = NARRATIVES_PER_PARAGRAPH
    return [" ".join(sentences[i : i + n]) for i in range(0, len(sentences), n)]


def _cluster_chapter(group) -> list[Block]:
    counts = group.counts
    summary = ", ".join(
        f"{status_label(s)}: {format_number(counts[s])}" for s in STATUS_ORDER if counts.get(s)
    )
    blocks = [
        Block("h1", group.name),
        Block(
            "p",
            ngettext(
                "%(n)s recommendation (%(summary)s).",
                "%(n)s recommendations (%(summary)s).",
                len(group.rows),
            )
            % {"n": format_number(len(group.rows)), "summary": summary},
        ),
        Block("h2", _("Progress")),
    ]
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
    facts = [f"{_('Response')}: {row.response or _('No response recorded')}"]
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
    emblem: bytes | None = None,
) -> list[Block]:
    """The mid-term report as OHCHR's study of good practice describes it: cover, contents,
    introduction, methodology, executive summary, one chapter per cluster, annex. Nothing in
    it is UPR-only, so a treaty body's follow-up report can take the same shape."""
    sections = sections or {}
    blocks = cover(_("Mid-term report"), data, state, emblem) + [Block("pagebreak")]
    blocks += [Block("toc"), Block("pagebreak")]
    blocks += _introduction(data, state, sections)
    blocks += _methodology(data, sections)
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
    blocks += matrix_annex(data)
    return blocks
