"""The reporting calendar: due dates computed from UPR reviews, recorded on treaty-body
reviews or entered by the secretariat, daily reminder e-mails, and the iCalendar feed."""

from __future__ import annotations

import datetime
from calendar import monthrange
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mechanisms.models import Profile
from nrtd.web import require
from recommendations.followup.reminders import send_reminder
from recommendations.models import Mechanism, Review
from reporting.models import CalendarFeed, Deadline

# UPR rhythm (DOMAIN.md): a mid-term report about 2.5 years after the review, the next
# review about 4.5 years after, its national report due about 12 weeks before the session.
MIDTERM_MONTHS = 30
NEXT_REVIEW_MONTHS = 54
NATIONAL_REPORT_BEFORE = datetime.timedelta(weeks=12)
# Days before a due date on which the secretariat gets a reminder; overdue entries are
# mentioned on these days after the date.
REMIND_BEFORE = (60, 30, 14, 7, 1, 0)
REMIND_AFTER = (1, 7, 30)
REMINDER_KIND = "reporting.deadlines"


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, monthrange(year, month)[1]))


def _create_once(model, **fields) -> bool:
    """Create the row unless its unique constraint says it is there already (added by a
    concurrent sync, save or reminder run). True when it was created here."""
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def deadline_save(*, actor, deadline: Deadline) -> Deadline:
    require(actor, "reporting.manage_calendar")
    if deadline.body_id and not deadline.mechanism:
        deadline.mechanism = deadline.body.mechanism
    if deadline.pk is None:
        deadline.created_by = actor
    deadline.save()
    return deadline


def _upr_entries(review: Review, *, latest: bool) -> list[tuple[str, str, datetime.date]]:
    entries = [
        (
            Deadline.Kind.MIDTERM,
            _("Mid-term report on the UPR cycle %(cycle)s recommendations")
            % {"cycle": review.cycle},
            add_months(review.date, MIDTERM_MONTHS),
        )
    ]
    if latest:
        next_review = add_months(review.date, NEXT_REVIEW_MONTHS)
        entries += [
            (
                Deadline.Kind.UPR_REVIEW,
                _("UPR review, cycle %(cycle)s") % {"cycle": review.cycle + 1},
                next_review,
            ),
            (
                Deadline.Kind.UPR_NATIONAL_REPORT,
                _("UPR national report, cycle %(cycle)s") % {"cycle": review.cycle + 1},
                next_review - NATIONAL_REPORT_BEFORE,
            ),
        ]
    return entries


def _treaty_entries(review: Review) -> list[tuple[str, str, datetime.date]]:
    """The follow-up reply and the next periodic report a treaty body's review sets."""
    body = review.body.code if review.body_id else _("treaty body")
    names = {"body": body, "document": review.document_symbol or str(review)}
    implied = [
        (
            Deadline.Kind.FOLLOWUP_REPLY,
            _("Follow-up reply to %(body)s (%(document)s)"),
            review.followup_due,
        ),
        (
            Deadline.Kind.PERIODIC_REPORT,
            _("Next periodic report to %(body)s (after %(document)s)"),
            review.next_report_due,
        ),
    ]
    return [(kind, title % names, due) for kind, title, due in implied if due]


def _review_entries(reviews) -> list[tuple[Review, str, str, datetime.date, bool]]:
    """(review, kind, title, due date, estimated) for every entry the reviews imply: UPR
    dates computed from the review date, treaty-body dates as the review records them."""
    upr = [r for r in reviews if r.mechanism == Mechanism.UPR and r.date]
    latest_per_state: dict[int, Review] = {}
    for review in upr:
        known = latest_per_state.get(review.state_under_review_id)
        if known is None or review.date > known.date:
            latest_per_state[review.state_under_review_id] = review
    entries = []
    for review in upr:
        latest = latest_per_state[review.state_under_review_id].pk == review.pk
        entries += [(review, *e, True) for e in _upr_entries(review, latest=latest)]
    for review in reviews:
        if review.mechanism == Mechanism.TREATY_BODY:
            entries += [(review, *e, False) for e in _treaty_entries(review)]
    return entries


def calendar_sync_reviews(*, actor=None) -> int:
    """Add the due dates that follow from the reviews: the UPR's computed from each dated
    UPR review, a treaty body's follow-up reply and next periodic report as its review
    records them. Never change an entry that exists (the secretariat may have corrected it).
    Returns how many were added. Without an actor it is the system asking (the demo data),
    and no permission is checked."""
    if actor is not None:
        require(actor, "reporting.manage_calendar")
    created = 0
    reviews = list(
        Review.objects.filter(
            Q(mechanism=Mechanism.UPR, date__isnull=False)
            | Q(mechanism=Mechanism.TREATY_BODY)
            & (Q(followup_due__isnull=False) | Q(next_report_due__isnull=False))
        ).select_related("state_under_review", "body")
    )
    for review, kind, title, due, estimated in _review_entries(reviews):
        if Deadline.objects.filter(review=review, kind=kind).exists():
            continue
        if _create_once(
            Deadline,
            review=review,
            kind=kind,
            mechanism=review.mechanism,
            body=review.body if review.mechanism != Mechanism.UPR else None,
            title=title,
            period=str(review),
            due_date=due,
            is_estimate=estimated,
            created_by=actor,
        ):
            created += 1
    return created


# Fields of a treaty-body review that its calendar entries are computed from.
TREATY_DATE_FIELDS = ("followup_due", "next_report_due")


def calendar_follow_review(review: Review, before: dict | None) -> int:
    """Keep a treaty-body review's calendar entries (follow-up reply, next periodic report)
    in step with the review as it is saved: an entry the review now implies is added; an
    entry still as the review set it (same date, not yet submitted) follows the review's new
    date and title; an entry the secretariat corrected or marked submitted is left alone.
    ``before``: the review's TREATY_DATE_FIELDS as they were (None for a new review).
    Returns how many entries were added or moved."""
    if review.mechanism != Mechanism.TREATY_BODY:
        return 0
    # An entry follows the review only if it still has the date the review gave it.
    before = before or {}
    previous = {
        Deadline.Kind.FOLLOWUP_REPLY: before.get("followup_due"),
        Deadline.Kind.PERIODIC_REPORT: before.get("next_report_due"),
    }
    changed = 0
    held = {d.kind: d for d in Deadline.objects.filter(review=review, kind__in=TREATY_KINDS)}
    for kind, title, due in _treaty_entries(review):
        entry = held.get(kind)
        if entry is None:
            if _create_once(
                Deadline,
                review=review,
                kind=kind,
                mechanism=review.mechanism,
                body_id=review.body_id,
                title=title,
                period=str(review),
                due_date=due,
            ):
                changed += 1
        elif (
            entry.submitted_on is None
            and entry.due_date == previous.get(kind)
            and (entry.due_date, entry.title) != (due, title)
        ):
            entry.due_date, entry.title, entry.body_id = due, title, review.body_id
            entry.save(update_fields=["due_date", "title", "body"])
            changed += 1
    return changed


TREATY_KINDS = (Deadline.Kind.FOLLOWUP_REPLY, Deadline.Kind.PERIODIC_REPORT)


def _due_for_reminder(today: datetime.date) -> list[Deadline]:
    days = [today + datetime.timedelta(days=n) for n in REMIND_BEFORE]
    days += [today - datetime.timedelta(days=n) for n in REMIND_AFTER]
    return list(
        Deadline.objects.filter(submitted_on__isnull=True, due_date__in=days).order_by("due_date")
    )


def deadline_reminders_send(*, today: datetime.date | None = None) -> int:
    """One digest a day to each secretariat member with an address, listing the deadlines
    that are near or just passed. Running it twice the same day sends nothing more."""
    today = today or timezone.localdate()
    due = _due_for_reminder(today)
    if not due:
        return 0
    groups = defaultdict(list)
    for deadline in due:
        groups["overdue" if deadline.is_overdue(today) else "upcoming"].append(deadline)
    profiles = Profile.objects.filter(
        role__in=[Profile.Role.SECRETARIAT_ADMIN, Profile.Role.SECRETARIAT_STAFF],
        user__is_active=True,
    ).select_related("user")
    sent = 0
    for profile in profiles.exclude(user__email=""):
        if send_reminder(
            profile.user,
            kind=REMINDER_KIND,
            day=today,
            template="reporting/email/reminder",
            context={
                "count": len(due),
                "today": today,
                "upcoming": groups["upcoming"],
                "overdue": groups["overdue"],
            },
            detail={"deadlines": [d.pk for d in due]},
        ):
            sent += 1
    return sent


def calendar_feed_for(user, *, regenerate: bool = False) -> CalendarFeed:
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if regenerate and not created:
        feed.token = CalendarFeed._meta.get_field("token").default()
        feed.save(update_fields=["token"])
    return feed


# --- iCalendar (RFC 5545), written by hand: a handful of all-day events ---------------------


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded: CRLF then a space (RFC 5545, 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current, size = [], "", 0
    for char in line:
        length = len(char.encode())
        if size + length > (75 if not parts else 74):
            parts.append(current)
            current, size = "", 0
        current += char
        size += length
    parts.append(current)
    return "\r\n ".join(parts)


def ics_calendar(deadlines, *, host: str, now: datetime.datetime | None = None) -> str:
    stamp = (now or timezone.now()).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//nrtd//reporting calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape(_("Reporting calendar")),
    ]
    for deadline in deadlines:
        summary = deadline.title
        if deadline.submitted_on:
            summary = _("%(title)s (submitted)") % {"title": summary}
        description = "; ".join(
            part
            for part in [
                str(deadline.get_kind_display()),
                deadline.body.name if deadline.body_id else "",
                deadline.period,
                _("estimated date") if deadline.is_estimate else "",
                deadline.notes,
            ]
            if part
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:nrtd-deadline-{deadline.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{deadline.due_date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{deadline.due_date + datetime.timedelta(days=1):%Y%m%d}",
            "SUMMARY:" + _escape(summary),
            "DESCRIPTION:" + _escape(description),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
