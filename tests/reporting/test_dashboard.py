"""The secretariat's dashboard and where each role lands after logging in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations.followup.rounds import round_open
from recommendations.models import Assessment, Assignment, Comment, RoundTask
from reporting.models import Deadline
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reporting:dashboard")
LANDING = reverse("landing")
TODAY = timezone.localdate()


@pytest.fixture
def cycle(people, own_institution, other_institution):
    """Three recommendations: two led (one by each institution), one without a lead; an open
    round whose deadline has passed, in which the own institution has accepted its item."""
    led_own = RecommendationFactory(paragraph="1.1")
    led_other = RecommendationFactory(paragraph="1.2")
    orphan = RecommendationFactory(paragraph="1.3", text="Nobody leads this one yet")
    Assignment.objects.create(recommendation=led_own, institution=own_institution, role="lead")
    Assignment.objects.create(recommendation=led_other, institution=other_institution, role="lead")
    update_round = round_open(
        actor=people["secretariat_admin"],
        name="Spring round",
        deadline=TODAY + datetime.timedelta(days=10),
    )
    RoundTask.objects.filter(institution=own_institution).update(state=RoundTask.TaskState.ACCEPTED)
    Deadline.objects.create(
        kind=Deadline.Kind.PERIODIC_REPORT,
        mechanism="treaty_body",
        title="CEDAW periodic report",
        due_date=TODAY + datetime.timedelta(days=40),
    )
    Deadline.objects.create(
        kind=Deadline.Kind.OTHER,
        mechanism="upr",
        title="Too far to show",
        due_date=TODAY + datetime.timedelta(days=200),
    )
    return {"orphan": orphan, "round": update_round}


def test_dashboard_shows_the_secretariats_work(client, people, cycle, own_institution):
    client.force_login(people["secretariat_staff"])
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    context = response.context
    assert context["without_lead_count"] == 1
    assert [r.pk for r in context["without_lead"]] == [cycle["orphan"].pk]
    (progress,) = context["rounds"]
    by_name = {row["institution__name"]: row for row in progress.institutions}
    assert by_name["Ministry of Health"]["done_percent"] == 100
    assert by_name["Ministry of Justice"]["done_percent"] == 0
    assert progress.done_percent == 50
    assert progress.overdue == []  # the deadline has not passed
    titles = [due.title for due in context["due_dates"]]
    assert titles == ["Spring round", "CEDAW periodic report"]
    page = response.content.decode()
    assert "Nobody leads this one yet" in page
    assert f"{reverse('recommendations:list')}?lead=none" in page


def test_dashboard_names_the_institutions_that_are_late(client, people, cycle):
    cycle["round"].deadline = TODAY - datetime.timedelta(days=1)
    cycle["round"].save()
    client.force_login(people["secretariat_staff"])
    (progress,) = client.get(DASHBOARD).context["rounds"]
    assert [row["institution__name"] for row in progress.overdue] == ["Ministry of Justice"]


@pytest.fixture
def nhri_assessment(people, cycle):
    """The NHRI's assessment of the recommendation without a lead, awaiting moderation."""
    nhri = people["nhri"]
    return Assessment.objects.create(
        recommendation=cycle["orphan"],
        stakeholder=nhri.stakeholder_memberships.get().stakeholder,
        author=nhri,
        status="not_implemented",
        narrative="Nothing done",
        date=TODAY,
        moderation="pending",
    )


def test_dashboard_counts_what_waits_for_moderation(client, people, cycle, nhri_assessment):
    nhri = people["nhri"]
    Comment.objects.create(recommendation=cycle["orphan"], author=nhri, body="Hello")
    client.force_login(people["secretariat_admin"])
    moderation = client.get(DASHBOARD).context["moderation"]
    assert moderation["assessments"] == 1
    assert moderation["comments"] == 1


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_dashboard_is_the_secretariats(client, people, role):
    client.force_login(people[role])
    assert client.get(DASHBOARD).status_code == 403


def test_dashboard_anonymous_and_wrong_method(client, people):
    assert client.get(DASHBOARD).status_code == 302
    client.force_login(people["secretariat_staff"])
    assert client.post(DASHBOARD).status_code == 405


def test_the_lead_filter_finds_recommendations_without_a_lead(client, people, cycle):
    client.force_login(people["secretariat_staff"])
    response = client.get(reverse("recommendations:list") + "?lead=none")
    assert [rec.pk for rec in response.context["page"].object_list] == [cycle["orphan"].pk]
    response = client.get("/api/v1/recommendations/?lead=none")
    assert [row["id"] for row in response.json()["results"]] == [cycle["orphan"].pk]


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("secretariat_admin", "reporting:dashboard"),
        ("secretariat_staff", "reporting:dashboard"),
        ("focal_own", "followup:my_work"),
        ("viewer", "followup:my_work"),
        ("nhri", "portal:my_contributions"),
        ("cso", "portal:my_contributions"),
    ],
)
def test_each_role_lands_on_its_own_page_after_login(client, people, role, target):
    people[role].set_password("pw-for-tests")
    people[role].save()
    response = client.post(
        reverse("login"), {"username": people[role].username, "password": "pw-for-tests"}
    )
    assert response.url == LANDING
    assert client.get(LANDING).url == reverse(target)
    assert client.get(reverse(target)).status_code == 200


def test_a_next_given_to_login_still_wins(client, people):
    people["focal_own"].set_password("pw-for-tests")
    people["focal_own"].save()
    response = client.post(
        reverse("login") + "?next=/workspace/rounds/",
        {"username": "focal-own", "password": "pw-for-tests", "next": "/workspace/rounds/"},
    )
    assert response.url == "/workspace/rounds/"


def test_landing_anonymous_goes_to_login(client):
    assert "/login" in client.get(LANDING).url


def test_contributions_list_the_authors_own_items_with_their_state(
    client, people, cycle, nhri_assessment
):
    nhri = people["nhri"]
    Comment.objects.create(recommendation=cycle["orphan"], author=people["cso"], body="Not mine")
    client.force_login(nhri)
    response = client.get(reverse("portal:my_contributions"))
    assert [a.author for a in response.context["assessments"]] == [nhri]
    assert list(response.context["comments"]) == []
    assert "Awaiting moderation" in response.content.decode()


@pytest.mark.parametrize("role", ["secretariat_staff", "focal_own", "viewer"])
def test_contributions_are_for_the_nhri_and_civil_society(client, people, role):
    client.force_login(people[role])
    assert client.get(reverse("portal:my_contributions")).status_code == 403


def test_contributions_anonymous_and_wrong_method(client, people):
    assert client.get(reverse("portal:my_contributions")).status_code == 302
    client.force_login(people["cso"])
    assert client.post(reverse("portal:my_contributions")).status_code == 405
