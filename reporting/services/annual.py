"""The annual reports of the report engine (issue 20): to parliament, and on a national
action plan. Their period is one year, the run's ``date_from`` to ``date_to``; the plan
report needs its plan. ``report_run_create`` checks them with ``annual_scope_errors`` and
``report_run_execute`` writes them from ``annual_blocks``."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.models import ActionPlan
from reporting.models import ReportKind, ReportRun


def annual_period(
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    today: datetime.date | None = None,
) -> tuple[datetime.date, datetime.date]:
    """The year an annual report covers: the dates given; one date alone stands for its
    calendar year; none, the last full calendar year (the year a report is written about)."""
    if date_from and date_to:
        return date_from, date_to
    if date_from:
        return date_from, datetime.date(date_from.year, 12, 31)
    if date_to:
        return datetime.date(date_to.year, 1, 1), date_to
    year = (today or timezone.localdate()).year - 1
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def annual_scope_errors(kind: str, plan: ActionPlan | None) -> dict:
    if kind == ReportKind.PLAN_ANNUAL and plan is None:
        return {"plan": _("Choose the national action plan this report is about.")}
    return {}


def annual_blocks(run: ReportRun, *, state: str, progress) -> tuple[list, dict]:
    """(blocks, result) of an annual report run."""
    # Imported by the worker that writes, as the other writers are (see runs._build).
    from reporting.selectors import report as selectors

    start, end = run.date_from, run.date_to
    if run.kind == ReportKind.PLAN_ANNUAL:
        from reporting.exports.plan_report import plan_annual_blocks
        from reporting.selectors.plan_report import plan_report_data

        if run.plan is None:  # deleted after the run was queued
            raise ValueError(_("The national action plan of this report no longer exists."))
        progress(5, _("Reading the plan"))
        data = plan_report_data(run.plan, start, end)
        progress(30, _("Writing the report"))
        blocks = plan_annual_blocks(data, state=state, progress=progress.part(30, 40))
        return blocks, {"items": data.total, "status_counts": dict(data.counts)}
    from reporting.exports.parliament import parliament_blocks

    progress(1, _("Reading the recommendations"))
    data = selectors.report_data(run, progress=progress.part(1, 25))
    progress(30, _("Writing the report"))
    blocks = parliament_blocks(
        data, state=state, start=start, end=end, progress=progress.part(30, 40)
    )
    result = {
        "recommendations": data.total,
        "status_counts": dict(data.overall),
        "clusters": len(data.groups),
    }
    return blocks, result
