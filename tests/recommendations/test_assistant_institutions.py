"""The assistant suggests institutions to assign from what was assigned to similar
recommendations; one click assigns through the assignment service."""

import pytest
from django.urls import reverse

from recommendations.assistant.institutions import institutions_suggested_for
from recommendations.models import Assignment
from tests.factories import InstitutionFactory, RecommendationFactory, ReviewFactory, StateFactory

pytestmark = pytest.mark.django_db

HEALTH_TEXT = "Ensure access to maternal health care and reduce maternal mortality in rural areas"


@pytest.fixture
def history(own_institution, other_institution):
    """Earlier recommendations on maternal health led by the own institution (Health), with
    Justice supporting one; an unrelated one led by Justice; and a new one to assign."""
    state = StateFactory()
    earlier = ReviewFactory(state_under_review=state, cycle=2, session=20)
    later = ReviewFactory(state_under_review=state, cycle=3, session=34)
    for n, text in enumerate(
        [HEALTH_TEXT, HEALTH_TEXT + " and remote regions", "Reduce maternal mortality"]
    ):
        rec = RecommendationFactory(text=text, review=earlier, paragraph=f"1.{n}")
        Assignment.objects.create(recommendation=rec, institution=own_institution, role="lead")
        if n == 0:
            Assignment.objects.create(
                recommendation=rec, institution=other_institution, role="supporting"
            )
    unrelated = RecommendationFactory(text="Reform the criminal code on torture", review=earlier)
    Assignment.objects.create(recommendation=unrelated, institution=other_institution, role="lead")
    closed = InstitutionFactory(name="Closed office", is_active=False)
    Assignment.objects.create(recommendation=unrelated, institution=closed, role="supporting")
    return RecommendationFactory(text=HEALTH_TEXT, review=later, paragraph="2.1")


def test_suggests_the_institution_that_led_similar_recommendations(history, own_institution):
    suggestions = institutions_suggested_for(history)
    assert suggestions[0].institution == own_institution
    assert suggestions[0].role == Assignment.Role.LEAD
    assert suggestions[0].examples == 3
    assert "Closed office" not in [s.institution.name for s in suggestions]


def test_leaves_out_what_is_assigned_and_suggests_support_once_there_is_a_lead(
    history, own_institution, other_institution
):
    Assignment.objects.create(recommendation=history, institution=own_institution, role="lead")
    suggestions = institutions_suggested_for(history)
    assert own_institution not in [s.institution for s in suggestions]
    assert {s.role for s in suggestions} <= {Assignment.Role.SUPPORTING}


def test_the_fragment_offers_one_click_assignment(client, people, history, own_institution):
    client.force_login(people["secretariat_staff"])
    url = reverse("assistant:institutions", args=[history.pk])
    page = client.get(url).content.decode()
    assert f'name="institution" value="{own_institution.pk}"' in page
    response = client.post(
        reverse("recommendations:assign", args=[history.pk]),
        {"institution": own_institution.pk, "role": "lead"},
    )
    assert response.status_code == 302
    assert history.assignments.get().institution == own_institution


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer"])
def test_the_fragment_is_the_secretariats(client, people, history, role):
    client.force_login(people[role])
    assert client.get(reverse("assistant:institutions", args=[history.pk])).status_code == 403


def test_the_fragment_anonymous_outsider_and_wrong_method(client, people, history):
    url = reverse("assistant:institutions", args=[history.pk])
    assert client.get(url).status_code == 302
    history.is_published = False
    history.save()
    client.force_login(people["cso"])
    assert client.get(url).status_code == 404
    client.force_login(people["secretariat_staff"])
    assert client.post(url).status_code == 405
