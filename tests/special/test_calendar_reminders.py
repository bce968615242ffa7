"""Visits and replies to communications in the reporting calendar (page and iCalendar
feed), overdue replies standing out; the secretariat's reminder of replies due or overdue."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from recommendations.models import ReminderLog
from recommendations.special.reminders import KIND, reply_reminders_send
from recommendations.special.services import (
    communication_create,
    communication_reply,
    visit_create,
)
from reporting.selectors.calendar import calendar_entries

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def scheduled_visit(staff, mandate, state):
    return visit_create(
        actor=staff,
        state=state,
        mandate=mandate,
        stage="scheduled",
        requested_on=TODAY - datetime.timedelta(days=200),
        accepted_on=TODAY - datetime.timedelta(days=100),
        start_date=TODAY + datetime.timedelta(days=20),
        end_date=TODAY + datetime.timedelta(days=29),
    )


@pytest.fixture
def late(staff, mandate, state):
    return communication_create(
        actor=staff,
        state=state,
        reference="UA SVN 7/2025",
        subject="Confidential subject (test text)",
        mandates=[mandate],
        received_on=TODAY - datetime.timedelta(days=61),
    )


def test_the_calendar_holds_visit_dates_and_reply_due_dates(
    people, scheduled_visit, communication, late
):
    entries = calendar_entries(people["secretariat_staff"], TODAY)
    by_pk = {str(e.pk): e for e in entries}
    visit_entry = by_pk[f"visit-{scheduled_visit.pk}"]
    assert visit_entry.due_date == scheduled_visit.start_date
    assert not visit_entry.is_overdue(TODAY)
    reply = by_pk[f"communication-{communication.pk}"]
    assert reply.due_date == communication.reply_due
    assert not reply.overdue
    assert by_pk[f"communication-{late.pk}"].overdue
    dates = [e.due_date for e in entries]
    assert dates == sorted(dates)


def test_a_requested_visit_has_no_date_in_the_calendar(people, visit):
    assert calendar_entries(people["secretariat_staff"], TODAY) == []


def test_the_calendar_page_marks_an_overdue_reply_and_hides_the_subject(people, late):
    client = Client()
    client.force_login(people["viewer"])
    page = client.get("/workspace/reports/calendar/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Reply to communication UA SVN 7/2025" in html
    assert "data-overdue" in html
    assert f"/workspace/special-procedures/communications/{late.pk}/" in html
    assert "Confidential subject" not in html


def test_a_replied_communication_is_no_longer_overdue(people, staff, late):
    communication_reply(actor=staff, communication=late, expected_version=1, replied_on=TODAY)
    entry = next(
        e for e in calendar_entries(people["viewer"], TODAY) if e.pk == f"communication-{late.pk}"
    )
    assert entry.submitted_on == TODAY
    assert not entry.overdue


def test_the_ics_feed_holds_the_special_procedures_dates(people, scheduled_visit, communication):
    client = Client()
    client.force_login(people["secretariat_staff"])
    body = client.get("/workspace/reports/calendar.ics").content.decode()
    assert f"UID:nrtd-deadline-visit-{scheduled_visit.pk}@" in body
    assert f"DTSTART;VALUE=DATE:{communication.reply_due:%Y%m%d}" in body


def test_who_cannot_see_special_procedures_gets_no_such_dates(people, communication):
    for role in ("nhri", "cso"):
        assert calendar_entries(people[role], TODAY) == []


def _with_email(people):
    for role in ("secretariat_admin", "secretariat_staff", "focal_own", "viewer"):
        people[role].email = f"{role}@example.org"
        people[role].save()


def test_the_secretariat_is_reminded_of_an_overdue_reply_once_a_day(people, late):
    _with_email(people)
    today = late.reply_due + datetime.timedelta(days=1)  # a reminder day after the due date
    assert reply_reminders_send(today=today) == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["secretariat_admin@example.org", "secretariat_staff@example.org"]
    body = mail.outbox[0].body
    assert "Reply overdue:" in body
    assert "UA SVN 7/2025" in body
    assert "Confidential subject" not in body
    assert ReminderLog.objects.filter(kind=KIND, day=today).count() == 2
    assert reply_reminders_send(today=today) == 0
    assert len(mail.outbox) == 2


def test_a_reply_due_in_a_week_reminds_and_a_replied_one_does_not(people, staff, communication):
    _with_email(people)
    week_before = communication.reply_due - datetime.timedelta(days=7)
    assert reply_reminders_send(today=week_before) == 2
    assert "Reply due soon:" in mail.outbox[0].body
    mail.outbox.clear()
    communication_reply(
        actor=staff, communication=communication, expected_version=1, replied_on=TODAY
    )
    assert reply_reminders_send(today=communication.reply_due) == 0
    assert mail.outbox == []


def test_no_reminder_on_a_day_that_is_not_a_reminder_day(people, communication):
    _with_email(people)
    assert reply_reminders_send(today=communication.reply_due - datetime.timedelta(days=3)) == 0
    assert mail.outbox == []


def test_the_reminder_task_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["special-procedures-reply-reminders"]
    assert entry["task"] == "recommendations.send_reply_reminders"


def test_the_calendar_reads_special_procedures_in_a_fixed_number_of_queries(
    people, staff, mandate, state
):
    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        user = people["viewer"]
        user.__dict__.pop("_nrtd_role", None)
        with CaptureQueriesContext(connection) as captured:
            calendar_entries(user, TODAY)
        return len(captured)

    def add(n):
        for i in range(n):
            communication_create(
                actor=staff,
                state=state,
                reference=f"AL SVN {i}/{n}",
                subject="Test text",
                mandates=[mandate],
                received_on=TODAY,
            )

    add(2)
    count_queries()  # the first call fills caches (the user's role, content types)
    few = count_queries()
    add(20)
    assert count_queries() == few


def test_the_calendar_keeps_a_year_of_past_replies_and_every_owed_one(
    people, staff, mandate, state
):
    old = TODAY - datetime.timedelta(days=500)
    replied = communication_create(
        actor=staff,
        state=state,
        reference="AL SVN 1/2024",
        subject="Test text",
        mandates=[mandate],
        received_on=old,
    )
    communication_reply(
        actor=staff,
        communication=replied,
        expected_version=1,
        replied_on=old + datetime.timedelta(days=30),
    )
    owed = communication_create(
        actor=staff,
        state=state,
        reference="AL SVN 2/2024",
        subject="Test text",
        mandates=[mandate],
        received_on=old,
    )
    entries = {e.pk for e in calendar_entries(people["viewer"], TODAY)}
    assert entries == {f"communication-{owed.pk}"}


def test_the_dashboard_lists_a_reply_due_and_a_visit_starting_soon(
    people, scheduled_visit, communication, late
):
    client = Client()
    client.force_login(people["secretariat_staff"])
    page = client.get("/workspace/reports/dashboard/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/workspace/special-procedures/communications/{communication.pk}/" in html
    assert f"/workspace/special-procedures/visits/{scheduled_visit.pk}/" in html
    # An overdue reply is not "due in the next 90 days": the calendar shows it.
    assert f"/workspace/special-procedures/communications/{late.pk}/" not in html
