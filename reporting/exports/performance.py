"""The mid-term report's section on the national mechanism's own performance (issue 20):
reports submitted on time and the median days late, round items answered by the deadline per
institution, the share of recommendations with a lead and with progress in the last twelve
months, and the trend per year. The figures are those of the performance page
(``reporting.selectors.performance``), for the whole mechanism."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.exports.content import Block
from reporting.exports.localize import long_date
from reporting.exports.localize import number as format_number
from reporting.selectors.performance import (
    DEFAULT_MONTHS,
    ReportsOnTime,
    followup_coverage,
    reports_on_time,
    round_responses,
)


def _percent(value: int | None) -> str:
    return "—" if value is None else f"{format_number(value)} %"


def _days(value: float | None) -> str:
    return "—" if value is None else format_number(round(value, 1))


def _reports(reports: ReportsOnTime) -> list[Block]:
    header = [
        _("Report"),
        _("Due"),
        _("On time"),
        _("Late"),
        _("Overdue"),
        _("Share on time"),
        _("Median days late"),
    ]
    series = [*reports.by_kind, (_("Total"), reports.total)] if reports.by_kind else []
    rows = [
        [label, c.due, c.on_time, c.late, c.overdue, _percent(c.on_time_percent),
         _days(c.median_days_late)]
        for label, c in series
    ]  # fmt: skip
    blocks = [Block("h2", _("Reports submitted on time"))]
    if not rows:
        return blocks + [Block("p", _("No report of the calendar has fallen due yet."))]
    return blocks + [Block("table", header=header, rows=rows)]


def _rounds(today: datetime.date) -> tuple[list[Block], list]:
    rounds = round_responses(today)
    blocks = [Block("h2", _("Update rounds answered by the deadline, per institution"))]
    if not rounds.total.tasks:
        blocks.append(Block("p", _("No update round has reached its deadline yet.")))
        return blocks, rounds.by_year
    header = [
        _("Institution"),
        _("Items"),
        _("By the deadline"),
        _("Late"),
        _("Not answered"),
        _("Share by the deadline"),
    ]
    rows = [
        [a.label or _("Total"), a.tasks, a.on_time, a.late, a.missing,
         _percent(a.on_time_percent)]
        for a in [*rounds.by_institution, rounds.total]
    ]  # fmt: skip
    blocks.append(Block("table", header=header, rows=rows))
    return blocks, rounds.by_year


def _coverage(today: datetime.date) -> list[Block]:
    coverage = followup_coverage(DEFAULT_MONTHS, today)
    header = [
        _("Mechanism"),
        _("Recommendations"),
        _("Share with a lead institution"),
        _("Share with progress in the last %(n)s months") % {"n": coverage.months},
    ]
    rows = [
        [c.label or _("Total"), c.recommendations, _percent(c.lead_percent),
         _percent(c.progress_percent)]
        for c in [*coverage.by_mechanism, coverage.total]
    ]  # fmt: skip
    return [
        Block("h2", _("Recommendations with a lead institution and with recent progress")),
        Block("table", header=header, rows=rows),
    ]


def _trend(reports_by_year, round_years) -> list[Block]:
    reports = dict(reports_by_year)
    rounds = {int(a.label): a for a in round_years}
    years = sorted(set(reports) | set(rounds))
    if not years:
        return []
    header = [
        _("Year"),
        _("Reports due"),
        _("Share on time"),
        _("Round items due"),
        _("Share by the deadline"),
    ]
    rows = []
    for year in years:
        report, answers = reports.get(year), rounds.get(year)
        rows.append(
            [
                str(year),
                report.due if report else 0,
                _percent(report.on_time_percent if report else None),
                answers.tasks if answers else 0,
                _percent(answers.on_time_percent if answers else None),
            ]
        )
    return [Block("h2", _("Trend per year")), Block("table", header=header, rows=rows)]


def performance_blocks(today: datetime.date | None = None) -> list[Block]:
    """The section, as a chapter of its own (it starts on a new page)."""
    today = today or timezone.localdate()
    intro = _(
        "These figures describe how the national mechanism for implementation, reporting "
        "and follow-up itself works, for all the recommendations it follows, on %(date)s. A "
        "report is on time when submitted by its due date; a round item is answered by the "
        "deadline when the institution's update was submitted by the round's deadline."
    ) % {"date": long_date(today)}
    reports = reports_on_time(today)
    round_blocks, round_years = _rounds(today)
    return [
        Block("pagebreak"),
        Block("h1", _("Performance of the national mechanism")),
        Block("p", intro),
        *_reports(reports),
        *round_blocks,
        *_coverage(today),
        *_trend(reports.by_year, round_years),
    ]


def before_annex(blocks: list[Block], section: list[Block]) -> list[Block]:
    """``blocks`` with ``section`` inserted before the matrix annex (the page break and
    heading that open it), or at the end when there is no annex."""
    annex = next(
        (n for n, b in enumerate(blocks) if b.kind == "table" and b.label == "matrix"), None
    )
    if annex is None:
        return blocks + section
    start = annex
    while start > 0 and blocks[start - 1].kind in ("h1", "pagebreak"):
        start -= 1
        if blocks[start].kind == "pagebreak":
            break
    return blocks[:start] + section + blocks[start:]
