"""E-mail reminders to focal points: the daily digest and the secretariat's nudge.

Each user gets at most one digest a day: a ReminderLog row (unique per user, kind and day)
is written in the same transaction as the sending, so a second run the same day finds it
and sends nothing; a failed send rolls the row back and the next run tries again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mechanisms.models import Institution, Seat
from nrtd.i18n import user_language
from nrtd.web import require
from recommendations.followup.tasks import send_institution_reminder
from recommendations.models import Assignment, ReminderLog, RoundTask, UpdateRound

DUE_WITHIN_DAYS = 7
ASSIGNED_WITHIN_DAYS = 7
DIGEST = "daily_digest"
OWED = [RoundTask.TaskState.PENDING, RoundTask.TaskState.DRAFT, RoundTask.TaskState.RETURNED]


def _owed_tasks(institution_ids, *, until: datetime.date | None = None, update_round=None):
    tasks = RoundTask.objects.filter(
        institution_id__in=institution_ids,
        state__in=OWED,
        update_round__status=UpdateRound.RoundStatus.OPEN,
    )
    if until is not None:
        tasks = tasks.filter(update_round__deadline__lte=until)
    if update_round is not None:
        tasks = tasks.filter(update_round=update_round)
    return tasks.select_related("update_round", "recommendation", "institution").order_by(
        "update_round__deadline", "institution__name", "recommendation__paragraph", "pk"
    )


def _assigned_since(institution_ids, since: datetime.datetime | None) -> list:
    """What the secretariat assigned to these institutions, or whose role it changed, since
    the user's last digest (at most a week back): one entry per recommendation and
    institution, as it stands now. Read from the assignments' history, so nothing has to
    remember to notify."""
    floor = timezone.now() - datetime.timedelta(days=ASSIGNED_WITHIN_DAYS)
    since = max(since, floor) if since else floor
    changed = set(
        Assignment.history.filter(
            institution_id__in=institution_ids, history_date__gt=since, history_type__in=["+", "~"]
        ).values_list("recommendation_id", "institution_id")
    )
    if not changed:
        return []
    current = Assignment.objects.filter(
        institution_id__in=institution_ids,
        recommendation_id__in={recommendation_id for recommendation_id, _ in changed},
    ).select_related("recommendation", "institution")
    return sorted(
        (a for a in current if (a.recommendation_id, a.institution_id) in changed),
        key=lambda a: (a.institution.name, a.role, a.recommendation.paragraph, a.pk),
    )


def send_reminder(
    user, *, kind: str, day: datetime.date, template: str, context: dict, detail=None
):
    """Send one e-mail unless this kind was already sent to the user that day: the
    templates ``<template>_subject.txt`` and ``<template>.txt``, in the user's language,
    given ``context`` with the user and the site's address. The day's log keeps ``detail``
    (default: the ``count`` of items the e-mail lists)."""
    context = {"user": user, "site_url": settings.NRTD_SITE_URL, **context}
    if detail is None:
        detail = {"items": context.get("count", 0)}
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(user=user, kind=kind, day=day, detail=detail)
            with translation.override(user_language(user)):
                subject = render_to_string(f"{template}_subject.txt", context).strip()
                body = render_to_string(f"{template}.txt", context)
            send_mail(subject, body, None, [user.email])
    except IntegrityError:
        return None
    return log


def send_daily_digests(*, today: datetime.date | None = None) -> int:
    """E-mail each focal point one digest of what is due within 7 days and overdue, and of
    what was newly assigned to their institutions. Returns how many e-mails were sent."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    seats = (
        Seat.objects.filter(holder__isnull=False, holder__is_active=True)
        .exclude(holder__email="")
        .values_list("holder_id", "institution_id")
    )
    institutions_of = defaultdict(set)
    for user_id, institution_id in seats:
        institutions_of[user_id].add(institution_id)
    if not institutions_of:
        return 0
    already = set(
        ReminderLog.objects.filter(kind=DIGEST, day=today).values_list("user_id", flat=True)
    )
    users = get_user_model().objects.filter(pk__in=set(institutions_of) - already)
    last_sent = dict(
        ReminderLog.objects.filter(kind=DIGEST, user_id__in=institutions_of)
        .values("user_id")
        .annotate(last=Max("sent"))
        .values_list("user_id", "last")
    )
    sent = 0
    for user in users.select_related("profile"):
        tasks = list(_owed_tasks(institutions_of[user.pk], until=until))
        assigned = _assigned_since(institutions_of[user.pk], last_sent.get(user.pk))
        if not tasks and not assigned:
            continue
        context = {
            "overdue": [t for t in tasks if t.update_round.deadline < today],
            "due": [t for t in tasks if t.update_round.deadline >= today],
            "assigned": assigned,
            "count": len(tasks),
            "today": today,
        }
        if send_reminder(
            user, kind=DIGEST, day=today, template="followup/email/digest", context=context
        ):
            sent += 1
    return sent


@transaction.atomic
def institution_remind_queue(*, actor, update_round: UpdateRound, institution: Institution) -> None:
    """Queue the secretariat's reminder to one institution (sent by a worker once the
    transaction commits)."""
    require(actor, "recommendations.manage_rounds")
    transaction.on_commit(
        lambda: send_institution_reminder.delay(update_round.pk, institution.pk, actor.pk)
    )


def institution_remind(
    *, actor, update_round: UpdateRound, institution: Institution, today=None
) -> int:
    """The secretariat's reminder to one institution's focal points about a round; once a
    day per round and person. Returns how many e-mails were sent."""
    require(actor, "recommendations.manage_rounds")
    today = today or timezone.localdate()
    tasks = list(_owed_tasks([institution.pk], update_round=update_round))
    if not tasks:
        return 0
    holders = (
        get_user_model()
        .objects.filter(seats__institution=institution, is_active=True)
        .exclude(email="")
        .select_related("profile")
        .distinct()
    )
    sent = 0
    for user in holders:
        context = {
            "round": update_round,
            "institution": institution,
            "tasks": tasks,
            "count": len(tasks),
            "overdue": update_round.deadline < today,
        }
        if send_reminder(
            user,
            kind=f"round-{update_round.pk}",
            day=today,
            template="followup/email/round_reminder",
            context=context,
        ):
            sent += 1
    return sent
