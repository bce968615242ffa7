"""A justification of the response (why the State noted a recommendation): entered with the
response (classify screen, a recommendation entered by hand, a change of response), shown on
the portal's recommendation page, in the open data and the API."""

import datetime
import json

import pytest
from django.urls import reverse

from mechanisms.models import Profile
from recommendations.models import Recommendation
from recommendations.registry.responses import recommendation_change_response
from recommendations.reviews.services import recommendation_add
from tests.factories import RecommendationFactory, make_user

pytestmark = pytest.mark.django_db

WHY = "Contrary to the Constitution; the State will study it again in 2027."


@pytest.fixture
def secretariat():
    return make_user(Profile.Role.SECRETARIAT_STAFF)


def test_classify_screen_records_the_justification(client, secretariat):
    rec = RecommendationFactory(response="noted")
    client.force_login(secretariat)
    url = reverse("recommendations:classify", args=[rec.pk])
    assert 'name="response_justification"' in client.get(url).content.decode()
    response = client.post(url, {"version": 1, "response_justification": f"  {WHY} "})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.response_justification == WHY
    assert rec.history.first().response_justification == WHY
    detail = client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert WHY in detail


def test_the_portal_page_says_why_the_state_noted_it(client):
    rec = RecommendationFactory(response="noted", response_justification=WHY)
    page = client.get(reverse("portal:recommendation", args=[rec.pk])).content.decode()
    assert "Why the State noted it:" in page
    assert WHY in page


def test_an_unpublished_justification_stays_internal(client):
    rec = RecommendationFactory(response="noted", response_justification=WHY, is_published=False)
    assert client.get(reverse("portal:recommendation", args=[rec.pk])).status_code == 404
    data = json.loads(b"".join(client.get("/recommendations/download.json").streaming_content))
    assert WHY not in json.dumps(data)
    assert WHY not in client.get("/api/v1/recommendations/").content.decode()


def test_open_data_and_api_carry_it(client):
    RecommendationFactory(
        text="Abolish the death penalty", response="noted", response_justification=WHY
    )
    data = json.loads(b"".join(client.get("/recommendations/download.json").streaming_content))
    assert data["fields"][-1] == "response_justification"
    row = next(r for r in data["recommendations"] if r["text"] == "Abolish the death penalty")
    assert row["response_justification"] == WHY
    results = client.get("/api/v1/recommendations/").json()["results"]
    assert results[0]["response_justification"] == WHY


def test_a_change_of_response_carries_its_justification_to_the_recommendation(secretariat):
    rec = RecommendationFactory(response="noted", response_justification="Old reasons.")
    recommendation_change_response(
        actor=secretariat,
        recommendation=rec,
        expected_version=1,
        stage="midterm",
        date=datetime.date(2026, 1, 15),
        value="supported",
        justification="Now in line with the new Constitution.",
    )
    rec.refresh_from_db()
    assert (rec.response, rec.response_justification) == (
        "supported",
        "Now in line with the new Constitution.",
    )


def test_entered_by_hand_with_the_response(client, secretariat):
    rec = RecommendationFactory()
    added = recommendation_add(
        actor=secretariat,
        review=rec.review,
        text="Ratify the Rome Statute",
        response="noted",
        response_justification=WHY,
    )
    added = Recommendation.objects.get(pk=added.pk)
    assert added.response_justification == WHY
    assert added.responses.get().justification == WHY
    client.force_login(secretariat)
    response = client.post(
        "/api/v1/recommendations/",
        {
            "review": rec.review_id,
            "text": "Ratify ILO 189",
            "response": "noted",
            "response_justification": WHY,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["response_justification"] == WHY
    assert response.json()["responses"][0]["justification"] == WHY
