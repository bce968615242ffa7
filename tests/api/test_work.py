"""Follow-up, imports and reports through the API: what a script does end to end."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import Activity, Assessment, RoundTask
from recommendations.publishing.services import assessment_moderate
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

UPR_INFO = (
    b"To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session\n"
    b"Slovenia,EEG,,Ratify the Optional Protocol to CAT,France,WEOG,EU,Accepted,5,"
    b"Torture and other CID treatment,34\n"
)


@pytest.fixture
def rec(own_institution):
    return AssignmentFactory(institution=own_institution).recommendation


def test_activity_change_over_a_newer_version_answers_409(client_for, rec, own_institution):
    client = client_for("focal_own")
    created = client.post(
        "/api/v1/activities/",
        {
            "title": "Training",
            "description": "Sessions",
            "lead_institution": own_institution.pk,
            "start_date": "2025-01-01",
            "recommendations": [rec.pk],
        },
        format="json",
    ).json()
    url = f"/api/v1/activities/{created['id']}/"
    assert created["version"] == 1
    first = client.patch(url, {"title": "Training 2", "version": 1}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = client.patch(url, {"title": "Training 3", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert Activity.objects.get(pk=created["id"]).title == "Training 2"
    missing = client.patch(url, {"title": "Training 4"}, format="json")
    assert missing.json()["error"]["fields"] == {"version": ["Give the version you read."]}


def test_indicator_with_values(client_for, rec):
    client = client_for("focal_own")
    indicator = client.post(
        "/api/v1/indicators/",
        {"name": "Staff trained", "unit": "persons", "baseline": "0", "recommendations": [rec.pk]},
        format="json",
    ).json()
    url = f"/api/v1/indicators/{indicator['id']}/values/"
    assert client.post(url, {"date": "2025-06-30", "value": "40"}, format="json").status_code == 201
    assert [v["value"] for v in client.get(url).json()] == ["40.0000"]


def _post_assessment(client, rec):
    return client.post(
        "/api/v1/assessments/",
        {
            "recommendation": rec.pk,
            "status": "in_progress",
            "narrative": "Slow.",
            "date": "2025-05-01",
        },
        format="json",
    )


def test_cso_assessment_is_public_only_once_moderated(client_for, rec, people):
    created = _post_assessment(client_for("cso"), rec)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["organisation"].startswith("Civil society organisation")
    assert body["author"] is None  # organisation only, by default
    assert client_for("anonymous").get("/api/v1/assessments/").json()["results"] == []
    assert len(client_for("cso").get("/api/v1/assessments/").json()["results"]) == 1
    assert len(client_for("secretariat_staff").get("/api/v1/assessments/").json()["results"]) == 1
    # Through the moderation service (the one write path), which makes cached answers stale.
    assessment_moderate(
        actor=people["secretariat_admin"],
        assessment=Assessment.objects.get(),
        decision=Assessment.Moderation.PUBLISHED,
    )
    public = client_for("anonymous").get("/api/v1/assessments/").json()["results"]
    assert len(public) == 1
    assert "moderation" not in public[0]


def test_nhri_assessment_is_published_by_the_nhri_itself(client_for, rec):
    created = _post_assessment(client_for("nhri"), rec)
    assert created.status_code == 201, created.content
    assert len(client_for("anonymous").get("/api/v1/assessments/").json()["results"]) == 1


def test_round_open_answer_review_close(client_for, rec, own_institution):
    admin = client_for("secretariat_admin")
    deadline = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    opened = admin.post(
        "/api/v1/rounds/", {"name": "Mid-term", "deadline": deadline}, format="json"
    ).json()
    assert opened["task_count"] == 1
    focal = client_for("focal_own")
    assert [r["id"] for r in focal.get("/api/v1/rounds/").json()["results"]] == [opened["id"]]
    update = focal.post(
        f"/api/v1/recommendations/{rec.pk}/progress/",
        {"status": "in_progress", "narrative": "Drafting."},
        format="json",
    ).json()
    assert update["state"] == "submitted"
    assert RoundTask.objects.get().state == "submitted"
    accepted = admin.post(f"/api/v1/progress-updates/{update['id']}/accept/", {}, format="json")
    assert accepted.json()["state"] == "accepted"
    closed = admin.post(f"/api/v1/rounds/{opened['id']}/close/").json()
    assert closed["status"] == "closed"


def test_comment_is_internal(client_for, rec):
    response = client_for("focal_own").post(
        f"/api/v1/recommendations/{rec.pk}/comments/",
        {"kind": "handover", "body": "Budget line is in the 2026 draft."},
        format="json",
    )
    assert response.status_code == 201
    url = f"/api/v1/recommendations/{rec.pk}/comments/"
    assert len(client_for("viewer").get(url).json()) == 1
    assert client_for("anonymous").get(url).json() == []


def test_upload_answers_202_then_poll_until_done(
    client_for, reference_data, django_capture_on_commit_callbacks
):
    client = client_for("secretariat_staff")
    upload = SimpleUploadedFile("upr-info.csv", UPR_INFO, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/api/v1/imports/", {"file": upload}, format="multipart")
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "queued"
    assert response["Location"].endswith(f"/api/v1/imports/{job['id']}/")
    for callback in callbacks:
        callback()  # the Celery job, run eagerly
    done = client.get(response["Location"]).json()
    assert done["status"] == "done", done["errors"]
    assert done["progress"] == 100
    assert done["result"]["created"] == 1


def test_upload_of_unknown_format_answers_400(client_for):
    upload = SimpleUploadedFile("x.csv", b"a,b\n", content_type="text/csv")
    response = client_for("secretariat_staff").post(
        "/api/v1/imports/", {"file": upload, "format": "excel"}, format="multipart"
    )
    assert response.status_code == 400
    assert "format" in response.json()["error"]["fields"]


def test_report_run_202_poll_and_download(client_for, rec, django_capture_on_commit_callbacks):
    client = client_for("secretariat_admin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reports/",
            {"kind": "matrix", "review": rec.review_id, "format": "xlsx", "include_noted": True},
            format="json",
        )
    assert response.status_code == 202, response.content
    assert isinstance(response.json()["id"], int)
    run = client_for("viewer").get(response["Location"]).json()
    assert run["status"] == "done", run["error"]
    assert run["progress"] == 100
    download = client_for("viewer").get(run["downloads"]["xlsx"])
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_report_format_must_suit_the_kind(client_for):
    response = client_for("secretariat_admin").post(
        "/api/v1/reports/", {"kind": "matrix", "format": "docx"}, format="json"
    )
    assert response.status_code == 400
    assert "format" in response.json()["error"]["fields"]


def test_suggestions_for_the_secretariat(client_for, reference_data):
    response = client_for("secretariat_staff").post(
        "/api/v1/suggestions/",
        {"text": "Criminalise marital rape and ensure access to shelters", "top": 3},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert set(response.json()) >= {"themes", "sdg_targets"}
    assert (
        client_for("cso").post("/api/v1/suggestions/", {"text": "x"}, format="json").status_code
        == 403
    )


def test_the_api_refuses_a_file_the_page_refuses(client_for):
    response = client_for("secretariat_admin").post(
        "/api/v1/imports/", {"file": SimpleUploadedFile("matrix.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"file": ["Upload a .docx, .csv or .xlsx file."]}
