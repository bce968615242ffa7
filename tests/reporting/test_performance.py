"""The mechanism's own performance, computed by the selectors from known data: reports on
time (the calendar), answers to update rounds by the deadline, recommendations with a lead
and with recent progress; and the secretariat's page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.models import (
    Assignment,
    Mechanism,
    ProgressUpdate,
    Recommendation,
    RoundTask,
    UpdateRound,
)
from reporting.models import Deadline
from reporting.selectors.performance import (
    followup_coverage,
    months_before,
    reports_on_time,
    round_responses,
)
from tests.factories import BodyFactory, InstitutionFactory, RecommendationFactory
from tests.reporting.conftest import report_deadline

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)
D = datetime.date


@pytest.fixture
def calendar_entries(db):
    report_deadline(D(2024, 1, 10), D(2024, 1, 5))  # on time
    report_deadline(D(2024, 6, 1), D(2024, 6, 11), kind=Deadline.Kind.MIDTERM)  # 10 days late
    report_deadline(D(2025, 2, 1), D(2025, 2, 21))  # 20 days late
    report_deadline(D(2025, 3, 1))  # overdue
    report_deadline(D(2025, 9, 1))  # not due yet
    report_deadline(D(2024, 2, 1), kind=Deadline.Kind.UPR_REVIEW)  # a review, not a report


def test_reports_on_time_counts_the_calendar(calendar_entries):
    reports = reports_on_time(TODAY)
    total = reports.total
    assert (total.due, total.on_time, total.late, total.overdue) == (4, 1, 2, 1)
    assert total.on_time_percent == 25
    assert total.median_days_late == 15
    years = dict(reports.by_year)
    assert (years[2024].due, years[2024].on_time, years[2024].late) == (2, 1, 1)
    assert years[2024].median_days_late == 10
    assert (years[2025].due, years[2025].late, years[2025].overdue) == (2, 1, 1)
    kinds = dict(reports.by_kind)
    assert kinds["UPR mid-term report"].late == 1
    assert kinds["Treaty body periodic report"].due == 3


def test_no_report_due_gives_no_share_rather_than_zero(db):
    total = reports_on_time(TODAY).total
    assert total.due == 0
    assert total.on_time_percent is None
    assert total.median_days_late is None


def _answered(task, user, on: datetime.date, state=ProgressUpdate.State.SUBMITTED):
    """The task's update, as if first submitted on ``on`` (its history says when)."""
    update = ProgressUpdate.objects.create(
        recommendation=task.recommendation,
        institution=task.institution,
        update_round=task.update_round,
        status="in_progress",
        narrative="Done",
        date=on,
        state=state,
        author=user,
    )
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(15, 0)))
    update.history.update(history_date=moment)
    task.update = update
    task.state = state
    task.save()
    return update


@pytest.fixture
def rounds(people):
    author = people["secretariat_staff"]
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MOJ")
    health = InstitutionFactory(name="Ministry of Health", acronym="MOH")
    recs = [RecommendationFactory() for _ in range(4)]
    march = UpdateRound.objects.create(name="March round", deadline=D(2025, 3, 31))
    tasks = [
        RoundTask.objects.create(update_round=march, recommendation=recs[0], institution=justice),
        RoundTask.objects.create(update_round=march, recommendation=recs[1], institution=justice),
        RoundTask.objects.create(update_round=march, recommendation=recs[2], institution=health),
        RoundTask.objects.create(update_round=march, recommendation=recs[3], institution=health),
    ]
    _answered(tasks[0], author, D(2025, 3, 31))  # on the deadline day: on time
    _answered(tasks[1], author, D(2025, 4, 5), state=ProgressUpdate.State.ACCEPTED)  # late
    _answered(tasks[3], author, D(2025, 3, 1), state=ProgressUpdate.State.DRAFT)  # a draft only
    # Closed before its deadline: due; its one task answered in time.
    closed = UpdateRound.objects.create(
        name="Closed round", deadline=D(2025, 7, 1), status=UpdateRound.RoundStatus.CLOSED
    )
    early = RoundTask.objects.create(
        update_round=closed, recommendation=recs[0], institution=health
    )
    _answered(early, author, D(2025, 5, 2))
    # Still open, deadline ahead: not due, not counted.
    future = UpdateRound.objects.create(name="Autumn round", deadline=D(2025, 10, 1))
    RoundTask.objects.create(update_round=future, recommendation=recs[1], institution=health)
    # A round of 2024.
    old = UpdateRound.objects.create(name="2024 round", deadline=D(2024, 9, 30))
    RoundTask.objects.create(update_round=old, recommendation=recs[2], institution=justice)
    return {"justice": justice, "health": health}


def test_round_responses_count_answers_by_the_deadline(rounds):
    result = round_responses(TODAY)
    total = result.total
    assert (total.tasks, total.on_time, total.late, total.missing) == (6, 2, 1, 3)
    assert total.on_time_percent == 33
    institutions = {a.label: a for a in result.by_institution}
    justice, health = institutions["Ministry of Justice"], institutions["Ministry of Health"]
    assert (justice.tasks, justice.on_time, justice.late, justice.missing) == (3, 1, 1, 1)
    assert (health.tasks, health.on_time, health.late, health.missing) == (3, 1, 0, 2)
    assert [r.label for r in result.by_round] == ["Closed round", "March round", "2024 round"]
    march = result.by_round[1]
    assert (march.tasks, march.on_time, march.late) == (4, 1, 1)
    assert march.answered_percent == 50
    years = {a.label: a for a in result.by_year}
    assert (years["2024"].tasks, years["2024"].on_time) == (1, 0)
    assert (years["2025"].tasks, years["2025"].on_time, years["2025"].late) == (5, 2, 1)


def test_coverage_shares_lead_and_recent_progress(people):
    author = people["secretariat_staff"]
    lead = InstitutionFactory(name="Ministry of Justice")
    cedaw = BodyFactory(code="CEDAW", name="CEDAW", mechanism=Mechanism.TREATY_BODY)
    upr = [RecommendationFactory() for _ in range(4)]
    treaty = [RecommendationFactory(mechanism=Mechanism.TREATY_BODY, body=cedaw)]
    treaty.append(RecommendationFactory(mechanism=Mechanism.TREATY_BODY, body=cedaw))
    RecommendationFactory(kind=Recommendation.Kind.VOLUNTARY_PLEDGE)  # never counted
    noted = upr[3]
    noted.response = "noted"
    noted.save()
    for rec in (upr[0], upr[1], treaty[0], noted):
        Assignment.objects.create(recommendation=rec, institution=lead, role="lead")
    Assignment.objects.create(recommendation=upr[2], institution=lead, role="supporting")

    def update(rec, on, state):
        ProgressUpdate.objects.create(
            recommendation=rec,
            status="in_progress",
            narrative="x",
            date=on,
            state=state,
            author=author,
        )

    update(upr[0], D(2025, 4, 1), ProgressUpdate.State.ACCEPTED)  # recent
    update(upr[1], D(2024, 3, 1), ProgressUpdate.State.ACCEPTED)  # 15 months ago
    update(upr[2], D(2025, 5, 1), ProgressUpdate.State.DRAFT)  # a draft is not progress
    update(treaty[1], D(2025, 5, 20), ProgressUpdate.State.SUBMITTED)  # recent
    update(noted, D(2025, 6, 2), ProgressUpdate.State.ACCEPTED)  # dated after today

    coverage = followup_coverage(12, TODAY)
    assert coverage.since == D(2024, 6, 1)
    total = coverage.total
    assert (total.recommendations, total.with_lead, total.with_progress) == (6, 4, 2)
    assert total.lead_percent == 67
    assert total.progress_percent == 33
    mechanisms = {c.label: c for c in coverage.by_mechanism}
    upr_row = mechanisms["Universal Periodic Review"]
    assert (upr_row.recommendations, upr_row.with_lead, upr_row.with_progress) == (4, 3, 1)
    tb = mechanisms[str(dict(Mechanism.choices)[Mechanism.TREATY_BODY])]
    assert (tb.recommendations, tb.with_lead, tb.with_progress) == (2, 1, 1)
    # A wider window takes in the older update.
    assert followup_coverage(24, TODAY).total.with_progress == 3


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 3, 31), 1, D(2025, 2, 28)),
        (D(2024, 3, 31), 1, D(2024, 2, 29)),
        (D(2025, 1, 15), 1, D(2024, 12, 15)),
        (D(2025, 6, 1), 12, D(2024, 6, 1)),
        (D(2025, 6, 1), 24, D(2023, 6, 1)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


# --- the page ---------------------------------------------------------------------------

URL = reverse("reporting:performance")


def test_secretariat_reads_the_performance_page(client, people, calendar_entries):
    client.force_login(people["secretariat_staff"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-figure="reports-on-time"' in html
    assert response.context["coverage"].months == 12
    assert response.context["reports"].total.due >= 4
    assert client.get(URL, {"months": "6"}).context["coverage"].months == 6
    assert client.get(URL, {"months": "7"}).context["coverage"].months == 12
    assert client.get(URL, {"months": "abc"}).context["coverage"].months == 12
    dashboard = client.get(reverse("reporting:dashboard")).content.decode()
    assert URL in dashboard


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_performance_page_is_the_secretariats(client, people, role):
    client.force_login(people[role])
    assert client.get(URL).status_code == 403


def test_performance_page_anonymous_and_wrong_method(client, people):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(people["secretariat_admin"])
    assert client.post(URL).status_code == 405


def test_the_page_reads_the_figures_the_background_task_computed(client, people):
    """The figures are computed by a beat task (over 250,000 recommendations they take about
    a second) and read by the page, which says when they were computed."""
    from reporting.tasks import refresh_performance

    lead = InstitutionFactory(name="Ministry of Justice")
    rec = RecommendationFactory()
    client.force_login(people["secretariat_admin"])
    before = client.get(URL)
    assert before.context["coverage"].total.with_lead == 0
    assert "computed again every 10 minutes" in before.content.decode()
    Assignment.objects.create(recommendation=rec, institution=lead, role="lead")
    assert client.get(URL).context["coverage"].total.with_lead == 0  # as last computed
    refresh_performance.delay()
    after = client.get(URL)
    assert after.context["coverage"].total.with_lead == 1
    assert after.context["computed_at"] > before.context["computed_at"]


def test_the_refresh_runs_on_the_beat_schedule(settings):
    from nrtd.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["reporting-refresh-performance"]
    assert entry["task"] == "reporting.refresh_performance"
    assert entry["task"] in app.tasks
