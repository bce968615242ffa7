"""The ministries' spreadsheet through the API: upload a filled-in sheet, poll its job."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from recommendations.followup.sheet import INDEX
from recommendations.followup.sheet_upload import sheet_for
from recommendations.models import ProgressUpdate, SheetUpload
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/sheet-uploads/"


@pytest.fixture
def sheet(people, own_institution):
    AssignmentFactory(institution=own_institution, role="lead")
    content = sheet_for(actor=people["focal_own"], institution=own_institution)
    workbook = load_workbook(io.BytesIO(content))
    row = workbook.worksheets[0][4]
    row[INDEX["new_status"]].value = "In progress"
    row[INDEX["new_narrative"]].value = "Sent over the API"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_focal_point_uploads_a_sheet_and_polls_the_job(
    client_for, sheet, django_capture_on_commit_callbacks
):
    client = client_for("focal_own")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"file": SimpleUploadedFile("ours.xlsx", sheet)}, format="multipart"
        )
    assert response.status_code == 202
    job = client.get(response["Location"]).json()
    assert job["status"] == "done"
    assert job["result"]["accepted"] == 1
    assert ProgressUpdate.objects.get().narrative == "Sent over the API"
    assert [j["id"] for j in client.get(URL).json()["results"]] == [job["id"]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretariat_admin", 202),
        ("focal_own", 202),
        ("focal_other", 202),  # may upload; the job refuses another institution's sheet
        ("viewer", 403),
        ("nhri", 403),
        ("cso", 403),
        ("anonymous", 401),
    ],
)
def test_upload_by_role(client_for, sheet, role, expected):
    response = client_for(role).post(
        URL, {"file": SimpleUploadedFile("s.xlsx", sheet)}, format="multipart"
    )
    assert response.status_code == expected


def test_another_institutions_focal_point_gets_a_refused_job(
    client_for, sheet, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("focal_other").post(
            URL, {"file": SimpleUploadedFile("s.xlsx", sheet)}, format="multipart"
        )
    job = SheetUpload.objects.get(pk=response.json()["id"])
    assert job.status == "failed"
    assert not ProgressUpdate.objects.exists()


def test_not_an_xlsx_is_refused_and_wrong_methods(client_for, people):
    client = client_for("focal_own")
    response = client.post(URL, {"file": SimpleUploadedFile("a.csv", b"a,b")}, format="multipart")
    assert response.status_code == 400
    assert client.put(URL, {}).status_code == 405
    upload = SheetUpload.objects.create(
        file=SimpleUploadedFile("s.xlsx", b"PK"),
        original_name="s.xlsx",
        created_by=people["focal_own"],
    )
    assert client.delete(f"{URL}{upload.pk}/").status_code == 405


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("focal_own", 200),
        ("secretariat_admin", 200),
        ("focal_other", 404),
        ("viewer", 403),
        ("cso", 403),
        ("anonymous", 401),
    ],
)
def test_a_job_is_read_by_its_uploader_and_the_secretariat(client_for, people, role, expected):
    upload = SheetUpload.objects.create(
        file=SimpleUploadedFile("s.xlsx", b"PK"),
        original_name="s.xlsx",
        created_by=people["focal_own"],
    )
    assert client_for(role).get(f"{URL}{upload.pk}/").status_code == expected
