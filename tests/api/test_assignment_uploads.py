"""Assignment sheets through the API: the same service and job as the upload page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import Assignment, SheetUpload
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/assignment-uploads/"


@pytest.fixture
def rec(own_institution):
    return RecommendationFactory(paragraph="98.1")


def _csv(text: str = "Paragraph,Institution\n98.1,MoH\n") -> SimpleUploadedFile:
    return SimpleUploadedFile("assign.csv", text.encode())


def test_the_secretariat_uploads_and_polls_the_job(
    client_for, rec, own_institution, django_capture_on_commit_callbacks
):
    client = client_for("secretariat_staff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": _csv()}, format="multipart")
    assert response.status_code == 202
    job = client.get(response["Location"]).json()
    assert (job["kind"], job["status"], job["result"]["assigned"]) == ("assignments", "done", 1)
    assert Assignment.objects.get().institution == own_institution
    assert [j["id"] for j in client.get(URL).json()["results"]] == [job["id"]]
    # Not mixed with the ministries' sheets.
    assert client.get("/api/v1/sheet-uploads/").json()["results"] == []


def test_a_bad_row_fails_the_job_and_writes_nothing(
    client_for, rec, own_institution, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("secretariat_admin").post(
            URL, {"file": _csv("Paragraph,Institution\n98.1,MoH\n98.9,MoH\n")}, format="multipart"
        )
    job = SheetUpload.objects.get(pk=response.json()["id"])
    assert job.status == "failed"
    assert job.errors == [
        "assign.csv, row 3, column A (Paragraph): no recommendation has the paragraph 98.9."
    ]
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretariat_admin", 202),
        ("focal_own", 403),
        ("focal_other", 403),
        ("viewer", 403),
        ("nhri", 403),
        ("cso", 403),
        ("anonymous", 401),
    ],
)
def test_upload_and_read_by_role(client_for, people, rec, role, expected):
    client = client_for(role)
    assert client.post(URL, {"file": _csv()}, format="multipart").status_code == expected
    upload = SheetUpload.objects.create(
        kind=SheetUpload.Kind.ASSIGNMENTS,
        original_name="a.csv",
        created_by=people["secretariat_admin"],
    )
    read = 200 if expected == 202 else expected
    assert client.get(f"{URL}{upload.pk}/").status_code == read
    assert client.get(URL).status_code == read


def test_wrong_files_and_methods_are_refused(client_for, people):
    client = client_for("secretariat_admin")
    response = client.post(
        URL, {"file": SimpleUploadedFile("a.docx", b"PK\x03\x04")}, format="multipart"
    )
    assert response.status_code == 400
    assert not SheetUpload.objects.exists()
    assert client.put(URL, {}).status_code == 405
    upload = SheetUpload.objects.create(
        kind=SheetUpload.Kind.ASSIGNMENTS, original_name="a.csv", created_by=people["viewer"]
    )
    assert client.delete(f"{URL}{upload.pk}/").status_code == 405
    progress = SheetUpload.objects.create(original_name="m.xlsx", created_by=people["viewer"])
    assert client.get(f"{URL}{progress.pk}/").status_code == 404
