"""The reporting calendar's due dates."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from recommendations.special.selectors import calendar_dates
from reporting.models import Deadline


def deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.select_related("body", "review__state_under_review")


def calendar_entries(user, today: datetime.date | None = None) -> list:
    """The deadlines and the special procedures' dates the user may see (visits, replies to
    communications), in date order. Every entry answers ``due_date``, ``title``,
    ``get_kind_display``, ``body``, ``period``, ``submitted_on`` and ``is_overdue``; those
    of the special procedures also ``url`` (their page)."""
    entries = [*deadlines(), *calendar_dates(user, today)]
    entries.sort(key=lambda entry: (entry.due_date, str(entry.pk)))
    return entries
