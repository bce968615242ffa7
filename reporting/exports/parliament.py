"""The annual report to parliament (issue 20): the recommendations that need parliament (a
law to pass or amend) or have budget implications (money to vote), one chapter per cluster
or theme, each with its status, lead institution and the bills and acts recorded as its
activities in the year. Built as the same blocks as the mid-term report, so Word and PDF
carry the same text."""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.exports.content import Block, activity_line, counts_table, group_heading
from reporting.exports.localize import long_date, medium_date
from reporting.exports.localize import number as format_number
from reporting.selectors.rows import (
    ActivityRow,
    ClusterGroup,
    RecommendationRow,
    ReportData,
)


def in_period(activity: ActivityRow, start: datetime.date, end: datetime.date) -> bool:
    """An activity that ran at some time in the period (one with no end still runs)."""
    if activity.start and activity.start > end:
        return False
    return not (activity.end and activity.end < start)


def period_label(start: datetime.date, end: datetime.date) -> str:
    return f"{long_date(start)} – {long_date(end)}"


def annual_cover(title: str, subtitle: str, period: str, scope: str) -> list[Block]:
    """The cover of an annual report: title, State or plan, the year it covers, the date."""
    return [
        Block("title", title),
        Block("subtitle", subtitle),
        Block("note", _("Period covered: %(period)s") % {"period": period}),
        Block("note", scope),
        Block(
            "note",
            _("Generated on %(date)s by the national recommendations tracking database.")
            % {"date": long_date(timezone.localdate())},
        ),
        Block("pagebreak"),
        Block("toc"),
        Block("pagebreak"),
    ]


def _flag_counts(data: ReportData) -> tuple[Counter, Counter, int]:
    legislation: Counter = Counter()
    budget: Counter = Counter()
    both = 0
    for row in data.rows():
        if row.needs_parliament:
            legislation[row.status] += 1
        if row.budget_implications:
            budget[row.status] += 1
        both += row.needs_parliament and row.budget_implications
    return legislation, budget, both


def _introduction(data: ReportData, state: str, period: str, counts) -> list[Block]:
    legislation, budget, both = counts
    text = _(
        "This report informs parliament of the recommendations %(state)s received from the "
        "international and regional human rights mechanisms that need parliamentary action, "
        "a law to adopt or amend, or that have budget implications, and of what was done "
        "to implement them in the period %(period)s."
    ) % {"state": state or _("the State"), "period": period}
    figures = _(
        "%(total)s recommendations are covered: %(legislation)s need parliamentary action "
        "and %(budget)s have budget implications (%(both)s both). Each status is the latest "
        "assessment recorded by the government; the bills and acts are the activities the "
        "institutions recorded for the period."
    ) % {
        "total": format_number(data.total),
        "legislation": format_number(sum(legislation.values())),
        "budget": format_number(sum(budget.values())),
        "both": format_number(both),
    }
    return [Block("h1", _("Introduction")), Block("p", text), Block("p", figures)]


def _summary(data: ReportData, counts) -> list[Block]:
    legislation, budget, _both = counts
    by_need = counts_table(
        _("Recommendations"),
        [(_("Need parliamentary action"), legislation), (_("Have budget implications"), budget)],
    )
    by_need.rows = by_need.rows[:2]  # no total: a recommendation may be in both rows
    return [
        Block("h1", _("Summary")),
        counts_table(_("Recommendations"), [(_("All recommendations"), data.overall)]),
        Block("h2", _("By what parliament is asked to do")),
        by_need,
        Block("h2", _("By lead institution")),
        counts_table(_("Institution"), data.by_institution),
    ]


def _needs(row: RecommendationRow) -> str:
    needs = []
    if row.needs_parliament:
        needs.append(_("needs parliamentary action"))
    if row.budget_implications:
        needs.append(_("has budget implications"))
    return ", ".join(needs)


def _entry(row: RecommendationRow, start: datetime.date, end: datetime.date) -> list[Block]:
    no_response = _("No response recorded")
    facts = [
        f"{_('Status')}: {row.status_display}",
        f"{_('Lead institution')}: {row.lead or _('Not assigned')}",
        f"{_('Response')}: {row.response or no_response}",
        _needs(row),
    ]
    blocks = [
        Block("h2", row.paragraph or f"#{row.pk}"),
        Block("quote", row.text),
        Block("field", "; ".join(facts), label=row.source),
        Block("h3", _("Bills, acts and other activities in the period")),
    ]
    activities = [a for a in row.activities if in_period(a, start, end)]
    blocks += [Block("bullet", activity_line(a, skip_empty=True)) for a in activities] or [
        Block("p", _("No activity was recorded for this period."))
    ]
    if row.narrative:
        dated = _("Reported on %(date)s.") % {"date": medium_date(row.narrative_date)}
        blocks.append(Block("p", f"{row.narrative} ({dated})"))
    return blocks


def _chapter(group: ClusterGroup, start: datetime.date, end: datetime.date) -> list[Block]:
    blocks = [Block("pagebreak"), *group_heading(group)]
    for row in group.rows:
        blocks += _entry(row, start, end)
    return blocks


def parliament_blocks(
    data: ReportData, *, state: str, start: datetime.date, end: datetime.date, progress=None
) -> list[Block]:
    """Cover, contents, introduction, summary tables, then one chapter per cluster (or
    theme) with each recommendation once."""
    period = period_label(start, end)
    counts = _flag_counts(data)
    blocks = annual_cover(_("Annual report to parliament"), state, period, data.scope_label)
    blocks += _introduction(data, state, period, counts)
    blocks += _summary(data, counts)
    for n, group in enumerate(data.groups, start=1):
        blocks += _chapter(group, start, end)
        if progress:
            progress(n / len(data.groups))
    return blocks
