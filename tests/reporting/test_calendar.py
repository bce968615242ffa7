"""The reporting calendar: due dates from reviews, reminders, the iCalendar text."""

import datetime

import pytest

from recommendations.models import ReminderLog
from reporting.models import Deadline
from reporting.services import calendar as calendar_services
from reporting.tasks import send_deadline_reminders, sweep_stale_runs
from tests.factories import ReviewFactory, StateFactory

pytestmark = pytest.mark.django_db


def test_sync_adds_upr_dates_from_reviews_once(people):
    state = StateFactory()
    ReviewFactory(state_under_review=state, cycle=2, session=20, date=datetime.date(2014, 10, 29))
    latest = ReviewFactory(
        state_under_review=state, cycle=3, session=34, date=datetime.date(2019, 11, 5)
    )
    ReviewFactory(state_under_review=state, cycle=1, session=7)  # no date: nothing computed
    assert calendar_services.calendar_sync_reviews(actor=people["secretariat_admin"]) == 4
    assert calendar_services.calendar_sync_reviews(actor=people["secretariat_admin"]) == 0
    dates = {(d.kind, d.review.cycle): d.due_date for d in Deadline.objects.all()}
    assert dates == {
        ("midterm", 2): datetime.date(2017, 4, 29),
        ("midterm", 3): datetime.date(2022, 5, 5),
        ("upr_review", 3): datetime.date(2024, 5, 5),
        ("upr_national", 3): datetime.date(2024, 2, 11),
    }
    assert all(d.is_estimate for d in Deadline.objects.filter(review=latest))


def test_add_months_keeps_the_end_of_month():
    assert calendar_services.add_months(datetime.date(2021, 8, 31), 30) == datetime.date(
        2024, 2, 29
    )


def test_reminders_go_once_a_day_to_the_secretariat(people, mailoutbox):
    today = datetime.date(2026, 3, 2)
    Deadline.objects.create(
        kind="periodic",
        mechanism="treaty_body",
        title="CEDAW report",
        due_date=today + datetime.timedelta(days=7),
    )
    Deadline.objects.create(
        kind="followup",
        mechanism="treaty_body",
        title="CAT follow-up",
        due_date=today - datetime.timedelta(days=1),
    )
    Deadline.objects.create(
        kind="followup",
        mechanism="treaty_body",
        title="Done already",
        due_date=today + datetime.timedelta(days=7),
        submitted_on=today,
    )
    Deadline.objects.create(
        kind="other", mechanism="upr", title="Far away", due_date=today + datetime.timedelta(days=8)
    )
    assert calendar_services.deadline_reminders_send(today=today) == 2  # secretariat + staff
    assert calendar_services.deadline_reminders_send(today=today) == 0
    assert sorted(m.to[0] for m in mailoutbox) == ["admin@example.org", "staff@example.org"]
    body = mailoutbox[0].body
    assert "CEDAW report" in body
    assert "CAT follow-up" in body
    assert "Done already" not in body
    assert "Far away" not in body
    assert body.index("Overdue") < body.index("CAT follow-up") < body.index("Coming up")
    assert ReminderLog.objects.filter(kind="reporting.deadlines", day=today).count() == 2
    assert calendar_services.deadline_reminders_send(today=today + datetime.timedelta(days=2)) == 0


def test_daily_and_sweeper_tasks_run(people):
    assert send_deadline_reminders.delay().get() == 0
    assert sweep_stale_runs.delay().get() == 0


def test_ics_escapes_folds_and_uses_crlf():
    deadline = Deadline.objects.create(
        kind="periodic",
        mechanism="treaty_body",
        title="Combined 5th; 6th, report to the Committee on the Rights of the Child — "
        "très long titre",
        due_date=datetime.date(2027, 3, 1),
        notes="line one\nline two",
    )
    text = calendar_services.ics_calendar([deadline], host="nrtd.example")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-2] == "END:VCALENDAR"
    assert lines[-1] == ""
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Combined 5th\\; 6th\\, report" in unfolded
    assert "line one\\nline two" in unfolded
    assert f"UID:nrtd-deadline-{deadline.pk}@nrtd.example" in unfolded
    assert "DTEND;VALUE=DATE:20270302" in unfolded


def test_reminder_is_written_in_each_readers_language(people, mailoutbox):
    """The calendar's reminder goes the way of every reminder (send_reminder): in the
    language of the reader's profile, not the site's."""
    today = datetime.date(2026, 3, 2)
    Deadline.objects.create(
        kind="periodic", mechanism="treaty_body", title="CEDAW report", due_date=today
    )
    admin = people["secretariat_admin"]
    admin.profile.language = "fr"
    admin.profile.save(update_fields=["language"])
    assert calendar_services.deadline_reminders_send(today=today) == 2
    mail = {m.to[0]: m for m in mailoutbox}
    french, english = mail["admin@example.org"], mail["staff@example.org"]
    assert french.subject == "Calendrier des rapports : 1 échéance(s) à surveiller"
    assert "Bonjour" in french.body
    assert "À venir" in french.body
    assert "CEDAW report" in french.body
    assert english.subject == "Reporting calendar: 1 deadline(s) to watch"
    assert "Coming up" in english.body
    log = ReminderLog.objects.get(user=admin, kind="reporting.deadlines", day=today)
    assert log.detail == {"deadlines": [Deadline.objects.get().pk]}
