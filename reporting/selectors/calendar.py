"""The reporting calendar's due dates."""

from __future__ import annotations

from django.db.models import QuerySet

from reporting.models import Deadline


def deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.select_related("body", "review__state_under_review")
