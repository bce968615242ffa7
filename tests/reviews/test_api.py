"""The reviews API: reviews of every mechanism, the split of a pasted text (nothing saved),
saving the corrected split, and a recommendation added by hand; the same services as the
screens."""

import pytest
from rest_framework.test import APIClient

from recommendations.models import Recommendation, Review
from tests.factories import StateFactory

pytestmark = pytest.mark.django_db

PASTED = """\
CEDAW/C/SVN/CO/7
11. The Committee notes the adoption of the action plan.
12. The Committee recommends that the State party:
(a) Adopt a law on defenders;
(b) Train the police.
13. The Committee requests the State party to provide, within two years, written
information on the steps taken to implement the recommendations contained in
paragraph 12 (a) above.
"""


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anyone_lists_reviews_filtered_by_mechanism(treaty_review):
    rows = _client().get("/api/v1/reviews/?mechanism=treaty_body").json()["results"]
    assert [r["document_symbol"] for r in rows] == ["CEDAW/C/SVN/CO/7"]
    assert rows[0]["body"] == "CEDAW"
    assert rows[0]["followup_due"] == "2025-03-01"
    assert _client().get("/api/v1/reviews/?mechanism=upr").json()["results"] == []


def test_the_secretariat_creates_a_special_procedure_review(people, mandate):
    StateFactory()
    response = _client(people["secretariat_staff"]).post(
        "/api/v1/reviews/",
        {
            "mechanism": "special_procedure",
            "state_under_review": "SVN",
            "body": "SR Health",
            "visit_start": "2024-05-06",
            "visit_end": "2024-05-15",
            "document_symbol": "A/HRC/59/40/Add.1",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    review = Review.objects.get(pk=response.json()["id"])
    assert review.visit_end.isoformat() == "2024-05-15"
    assert review.history.get().history_user == people["secretariat_staff"]


def test_a_review_missing_its_body_answers_400_with_the_field(people):
    StateFactory()
    response = _client(people["secretariat_admin"]).post(
        "/api/v1/reviews/", {"mechanism": "treaty_body", "state_under_review": "SVN"}
    )
    assert response.status_code == 400
    assert "body" in response.json()["error"]["fields"]


def test_split_proposes_paragraphs_and_the_follow_up_due_date_without_saving(people, treaty_review):
    response = _client(people["secretariat_staff"]).post(
        f"/api/v1/reviews/{treaty_review.pk}/split/", {"text": PASTED}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert [i["paragraph"] for i in body["items"]] == ["11", "12 (a)", "12 (b)", "13"]
    assert [i["is_recommendation"] for i in body["items"]] == [False, True, True, False]
    assert [i["followup"] for i in body["items"]] == [False, True, False, False]
    # The review's own follow-up date wins over adoption + two years.
    assert body["followup_due"] == "2025-03-01"
    assert body["followup_years"] == 2
    assert not Recommendation.objects.exists()


def test_saving_the_split_writes_the_recommendations_in_one_go(people, treaty_review):
    client = _client(people["secretariat_staff"])
    items = client.post(
        f"/api/v1/reviews/{treaty_review.pk}/split/", {"text": PASTED}, format="json"
    ).json()["items"]
    items[2]["text"] = "The Committee recommends that the State party: (b) Train judges."
    response = client.post(
        f"/api/v1/reviews/{treaty_review.pk}/recommendations/", {"items": items}, format="json"
    )
    assert response.status_code == 201, response.content
    saved = Recommendation.objects.filter(review=treaty_review).order_by("paragraph")
    assert [(r.paragraph, r.is_followup_item) for r in saved] == [
        ("12 (a)", True),
        ("12 (b)", False),
    ]
    assert saved[1].text.endswith("Train judges.")
    again = client.post(
        f"/api/v1/reviews/{treaty_review.pk}/recommendations/", {"items": items}, format="json"
    )
    assert again.status_code == 400
    assert saved.count() == 2


def test_a_recommendation_is_added_by_hand(people, treaty_review):
    response = _client(people["secretariat_admin"]).post(
        "/api/v1/recommendations/",
        {
            "review": treaty_review.pk,
            "text": "Ratify the protocol.",
            "paragraph": "40",
            "response": "supported",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    row = response.json()
    assert row["body"] == "CEDAW"
    assert row["mechanism"] == "treaty_body"
    assert row["document_symbol"] == "CEDAW/C/SVN/CO/7"
    assert row["responses"][0]["value"] == "supported"


def test_a_recommendation_without_text_answers_400(people, treaty_review):
    response = _client(people["secretariat_admin"]).post(
        "/api/v1/recommendations/", {"review": treaty_review.pk, "text": ""}, format="json"
    )
    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_schema_documents_the_new_endpoints():
    schema = _client().get("/api/schema/?format=json").json()
    assert "post" in schema["paths"]["/api/v1/reviews/"]
    assert "post" in schema["paths"]["/api/v1/reviews/{id}/split/"]
    assert "post" in schema["paths"]["/api/v1/reviews/{id}/recommendations/"]
    assert "post" in schema["paths"]["/api/v1/recommendations/"]
