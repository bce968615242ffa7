"""The national mechanism's own performance, for the secretariat: reports on time, answers
to update rounds, recommendations with a lead and with recent progress. Reads only; the
figures come from reporting.selectors.performance."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from nrtd.web import require
from reporting.selectors.performance import (
    DEFAULT_MONTHS,
    MONTH_CHOICES,
    followup_coverage,
    reports_on_time,
    round_responses,
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
    context = {
        "today": today,
        "months": months,
        "month_choices": MONTH_CHOICES,
        "reports": reports_on_time(today),
        "rounds": round_responses(today),
        "coverage": followup_coverage(months, today),
        "active": "performance",
    }
    return render(request, "reporting/performance.html", context)
