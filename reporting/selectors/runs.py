"""Report runs a user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from reporting.models import ReportRun


def runs_visible_to(user) -> QuerySet[ReportRun]:
    if not user.has_perm("reporting.view_reports"):
        return ReportRun.objects.none()
    return ReportRun.objects.select_related(
        "requested_by", "review__state_under_review", "review__body", "body"
    )
