"""The report form asks for the reports to a treaty body like any other: the secretariat
starts them; a reader, a focal point of another institution and an anonymous visitor
cannot; a wrong review is an error on the form, which keeps what was chosen."""

import pytest

from reporting.models import ReportRun
from tests.factories import RecommendationFactory, treaty_followup_item

pytestmark = pytest.mark.django_db
URL = "/workspace/reports/"


@pytest.fixture
def treaty_item(db):
    return treaty_followup_item()


@pytest.fixture(autouse=True)
def _queued_not_run(monkeypatch):
    monkeypatch.setattr("reporting.services.runs._enqueue", lambda run: None)


def _form(review, kind="treaty_followup", **extra):
    return {"kind": kind, "review": review.pk, "formats": ["docx", "pdf"], "language": "en"} | (
        extra
    )


@pytest.mark.parametrize("kind", ["treaty_followup", "treaty_periodic"])
def test_secretariat_starts_a_report_to_a_treaty_body(client, people, treaty_item, kind):
    client.force_login(people["secretariat_staff"])
    response = client.post(URL, _form(treaty_item.review, kind))
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workspace/reports/runs/{run.pk}/"
    assert (run.kind, run.review, run.formats) == (kind, treaty_item.review, ["docx", "pdf"])
    # The list and the run's page say which review the report answers.
    assert "CEDAW/C/SVN/CO/7" in client.get(URL).content.decode()
    assert "CEDAW/C/SVN/CO/7" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("focal_other", 403), ("focal_own", 403)]
)
def test_readers_cannot_start_one(client, people, treaty_item, role, status):
    client.force_login(people[role])
    assert client.post(URL, _form(treaty_item.review)).status_code == status
    assert not ReportRun.objects.exists()


def test_anonymous_is_sent_to_login(client, treaty_item):
    response = client.post(URL, _form(treaty_item.review))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not ReportRun.objects.exists()


def test_the_wrong_method_is_refused(client, people):
    client.force_login(people["secretariat_staff"])
    assert client.put(URL).status_code == 405


def test_a_upr_review_is_a_clear_error_and_the_form_keeps_the_choice(client, people, treaty_item):
    upr = RecommendationFactory().review
    client.force_login(people["secretariat_staff"])
    response = client.post(URL, _form(upr, body=treaty_item.body_id))
    page = response.content.decode()
    assert response.status_code == 400
    assert "is a review of another mechanism" in page
    assert f'<option value="{upr.pk}" selected>' in page
    assert f'<option value="{treaty_item.body_id}" selected>' in page
    assert '<option value="treaty_followup" selected>' in page
    assert not ReportRun.objects.exists()


def test_a_periodic_draft_answers_a_treaty_review(client, people, treaty_item):
    client.force_login(people["secretariat_staff"])
    upr = RecommendationFactory().review
    url = "/workspace/reports/drafts/"
    data = {"title": "Eighth periodic report", "kind": "treaty_periodic", "review": upr.pk}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "answers a treaty body" in response.content.decode()
    response = client.post(url, data | {"review": treaty_item.review_id})
    assert response.status_code == 302
    # Only the kinds written around narrative sections have drafts.
    response = client.post(url, data | {"kind": "treaty_followup"})
    assert response.status_code == 400
    client.force_login(people["viewer"])
    assert client.post(url, data | {"review": treaty_item.review_id}).status_code == 403
