"""POST /api/v1/reports/ for the reports to a treaty body: the same service as the form, so
the same refusals: a review of another mechanism, no review, a body that is not the
review's. Who may ask is in test_permissions.py (WRITES)."""

import pytest

from reporting.models import ReportRun
from tests.factories import RecommendationFactory, treaty_followup_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def treaty_item(db):
    return treaty_followup_item()


@pytest.fixture
def post(client_for, monkeypatch):
    monkeypatch.setattr("reporting.services.runs._enqueue", lambda run: None)
    client = client_for("secretariat_staff")
    return lambda data: client.post("/api/v1/reports/", data, format="json")


def test_the_api_queues_a_followup_reply_for_a_treaty_review(post, treaty_item):
    response = post({"kind": "treaty_followup", "review": treaty_item.review_id})
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["kind"], body["review"], body["formats"]) == (
        "treaty_followup",
        treaty_item.review_id,
        ["docx"],
    )
    assert ReportRun.objects.get().review == treaty_item.review


def test_the_api_refuses_a_treaty_report_on_a_upr_review(post, treaty_item):
    upr = RecommendationFactory().review
    response = post({"kind": "treaty_periodic", "review": upr.pk})
    assert response.status_code == 400
    assert "another mechanism" in str(response.json())
    response = post({"kind": "treaty_followup"})
    assert response.status_code == 400
    assert "review" in str(response.json())
    assert not ReportRun.objects.exists()


def test_the_api_scopes_a_run_to_one_body(post, treaty_item):
    response = post({"kind": "matrix", "body": treaty_item.body_id})
    assert response.status_code == 202, response.content
    assert response.json()["body"] == treaty_item.body_id
    upr = RecommendationFactory().review
    response = post({"kind": "matrix", "body": treaty_item.body_id, "review": upr.pk})
    assert response.status_code == 400
    assert "body" in str(response.json())
