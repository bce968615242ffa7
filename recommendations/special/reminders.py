"""Reminders to the secretariat about special procedures' communications whose reply is due
soon or overdue, through the follow-up's reminder machinery: one e-mail a day at most per
person (a ReminderLog row, written with the sending), in the person's language.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from mechanisms.models import Profile
from recommendations.followup.reminders import send_reminder
from recommendations.special.selectors import replies_to_remind

KIND = "special.replies"
# Days before the reply is due on which the secretariat is told, and days after, for an
# overdue reply; not every day, so the reminder is read.
REMIND_BEFORE = (14, 7, 1, 0)
REMIND_AFTER = (1, 7, 14, 30)


def reply_reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail each secretariat member the communications whose reply is due soon or
    overdue on a reminder day. Returns how many e-mails were sent; a second run the same
    day sends nothing more."""
    today = today or timezone.localdate()
    communications = replies_to_remind(today, before=REMIND_BEFORE, after=REMIND_AFTER)
    if not communications:
        return 0
    overdue = [c for c in communications if c.is_overdue(today)]
    due = [c for c in communications if not c.is_overdue(today)]
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            profile__role__in=[Profile.Role.SECRETARIAT_ADMIN, Profile.Role.SECRETARIAT_STAFF],
        )
        .exclude(email="")
        .select_related("profile")
    )
    context = {"overdue": overdue, "due": due, "count": len(communications), "today": today}
    sent = 0
    for user in users:
        if send_reminder(
            user, kind=KIND, day=today, template="special/email/replies", context=context
        ):
            sent += 1
    return sent
