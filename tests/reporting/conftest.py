import datetime

import pytest

from mechanisms.models import Stakeholder
from recommendations.models import (
    Activity,
    Assignment,
    Indicator,
    IndicatorValue,
    Mechanism,
    ProgressUpdate,
    RecommendationLink,
    SdgGoal,
    Status,
)
from reporting.models import Deadline
from reporting.services.runs import report_run_create
from tests.factories import (
    ClusterFactory,
    ClusterSetFactory,
    RecommendationFactory,
    ReviewFactory,
    StateFactory,
)


def stakeholder_of(user) -> Stakeholder:
    return Stakeholder.objects.get(members__user=user)


def report_deadline(due, submitted=None, kind=Deadline.Kind.PERIODIC_REPORT) -> Deadline:
    """A treaty body's entry in the reporting calendar, due on ``due`` (submitted on
    ``submitted``, if given)."""
    return Deadline.objects.create(
        kind=kind,
        mechanism=Mechanism.TREATY_BODY,
        title=f"Report due {due}",
        due_date=due,
        submitted_on=submitted,
    )


STATUSES = [
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.PARTIALLY_IMPLEMENTED,
    Status.FULLY_IMPLEMENTED,
    "",
]


@pytest.fixture
def dataset(db, own_institution, other_institution, people):
    """A reviewed State: 12 recommendations in two clusters (one in both, one in none), two
    noted, statuses of every kind, activities, indicators, progress and a repeated link."""
    state = StateFactory()
    earlier = ReviewFactory(state_under_review=state, cycle=2, session=20)
    review = ReviewFactory(
        state_under_review=state, cycle=3, session=34, date=datetime.date(2019, 11, 5)
    )
    cluster_set = ClusterSetFactory(name="Mid-term clusters", review=review)
    health = ClusterFactory(cluster_set=cluster_set, name="Right to health", order=1)
    justice = ClusterFactory(cluster_set=cluster_set, name="Administration of justice", order=2)
    goal3, _ = SdgGoal.objects.get_or_create(number=3, defaults={"titles": {"en": "Health"}})
    author = people["focal_own"]
    recs = []
    for n in range(12):
        rec = RecommendationFactory(
            review=review,
            paragraph=f"115.{n + 1}",
            status=STATUSES[n % len(STATUSES)],
            response="noted" if n in (4, 9) else "supported",
            response_label="Noted" if n in (4, 9) else "Supported",
        )
        if n < 6:
            rec.clusters.add(health)
        if n >= 5 and n != 11:
            rec.clusters.add(justice)
        if n % 2 == 0:
            rec.sdg_goals.add(goal3)
        lead = own_institution if n % 2 == 0 else other_institution
        Assignment.objects.create(recommendation=rec, institution=lead, role="lead")
        if n % 3 == 0:
            Assignment.objects.create(
                recommendation=rec,
                institution=other_institution if lead == own_institution else own_institution,
                role="supporting",
            )
        recs.append(rec)
    for n in range(3):
        activity = Activity.objects.create(
            title=f"Training of judges {n}",
            description="Two-day course",
            lead_institution=own_institution,
            start_date=datetime.date(2021, 3, 1 + n),
            end_date=datetime.date(2021, 6, 1),
        )
        activity.recommendations.add(recs[0], recs[n + 5])
    indicator = Indicator.objects.create(
        name="Judges trained", unit="persons", baseline=0, target=200
    )
    indicator.recommendations.add(recs[0])
    IndicatorValue.objects.create(indicator=indicator, date=datetime.date(2022, 1, 1), value=120)
    for narrative, day, state in [
        ("The curriculum was adopted in 2021.", datetime.date(2022, 2, 1), "accepted"),
        ("Not yet reviewed draft.", datetime.date(2023, 2, 1), "submitted"),
    ]:
        ProgressUpdate.objects.create(
            recommendation=recs[0],
            institution=own_institution,
            status=Status.NOT_STARTED,
            narrative=narrative,
            date=day,
            state=state,
            author=author,
        )
    old = RecommendationFactory(review=earlier, paragraph="98.7", status="")
    RecommendationLink.objects.create(source=recs[1], target=old, kind="repeated")
    return {
        "review": review,
        "earlier": earlier,
        "cluster_set": cluster_set,
        "clusters": [health, justice],
        "recs": recs,
        "old": old,
    }


@pytest.fixture
def run_report(people, django_capture_on_commit_callbacks):
    def run(**kwargs):
        kwargs.setdefault("actor", people["secretariat_admin"])
        with django_capture_on_commit_callbacks(execute=True):
            created = report_run_create(**kwargs)
        created.refresh_from_db()
        return created

    return run
