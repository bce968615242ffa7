"""The national mechanism's own performance, for the secretariat: reports on time, answers
to update rounds, recommendations with a lead and with recent progress. Reads only; the
figures come from reporting.selectors.performance, as a Celery beat task last computed them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from nrtd.web import require
from reporting.selectors.performance import (
    DEFAULT_MONTHS,
    MONTH_CHOICES,
    SUMMARY_REFRESH_SECONDS,
    performance_summary,
)


def _months(value) -> int:
    """The window asked for (?months=6), one of the offered ones; else the default."""
    try:
        months = int(value)
    except (TypeError, ValueError):
        return DEFAULT_MONTHS
    return months if months in MONTH_CHOICES else DEFAULT_MONTHS


@login_required
@require_safe
def performance(request):
    require(request.user, "reporting.view_performance")
    today = timezone.localdate()
    months = _months(request.GET.get("months"))
    summary = performance_summary(today)
    context = {
        "today": today,
        "computed_at": summary.computed_at,
        "refresh_minutes": SUMMARY_REFRESH_SECONDS // 60,
        "months": months,
        "month_choices": MONTH_CHOICES,
        "reports": summary.reports,
        "rounds": summary.rounds,
        "coverage": summary.coverage[months],
        "active": "performance",
    }
    return render(request, "reporting/performance.html", context)
