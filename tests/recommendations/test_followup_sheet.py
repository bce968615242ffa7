"""The ministries' spreadsheet: the file written, the rows read back as progress updates
(same service and review rule as the form), bad rows named by row and column with nothing
written, changes since the download reported, and every view for every role."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from recommendations.followup import rounds
from recommendations.followup import services as followup
from recommendations.followup.sheet import FIRST_ROW, HEADER_ROW, INDEX, column_letter
from recommendations.followup.sheet_upload import sheet_apply, sheet_for
from recommendations.models import ProgressUpdate, Recommendation, RoundTask, SheetUpload

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _col(key: str) -> int:
    return INDEX[key] + 1


def _rows(sheet) -> dict[str, int]:
    """Paragraph -> row number of a loaded sheet."""
    return {
        sheet.cell(row=r, column=_col("paragraph")).value: r
        for r in range(FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(row=r, column=_col("id")).value
    }


def _fill(content: bytes, values: dict[str, tuple]) -> bytes:
    """The downloaded sheet with rows filled in: paragraph -> (new status, new narrative)."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    rows = _rows(sheet)
    for paragraph, (status, narrative) in values.items():
        sheet.cell(row=rows[paragraph], column=_col("new_status")).value = status
        sheet.cell(row=rows[paragraph], column=_col("new_narrative")).value = narrative
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _apply(actor, content: bytes):
    return sheet_apply(actor=actor, source=io.BytesIO(content))


# --- the file ------------------------------------------------------------------------------


def test_sheet_lists_the_institutions_recommendations_ready_to_fill_in(
    people, recs, own_institution
):
    recs[1].text = '=HYPERLINK("http://evil.example","click")'
    recs[1].save()
    followup.progress_update_create(
        actor=people["secretariat_admin"],
        recommendation=recs[0],
        status="in_progress",
        narrative="Forty clinics opened",
    )
    content = sheet_for(actor=people["focal_own"], institution=own_institution)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert "Ministry of Health" in sheet["A1"].value
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:3] == ["Paragraph", "Mechanism", "Recommendation"]
    assert "New status" in header
    assert header[-2:] == ["nrtd:id", "nrtd:version"]
    rows = _rows(sheet)
    assert set(rows) == {"115.1", "115.2"}  # 115.3 is the other institution's
    first = rows["115.1"]
    assert sheet.cell(first, _col("status")).value == "In progress"
    assert sheet.cell(first, _col("last_narrative")).value == "Forty clinics opened"
    assert sheet.cell(first, _col("role")).value == "Lead"
    assert sheet.cell(first, _col("id")).value == recs[0].pk
    assert sheet.cell(first, _col("stamp")).value.startswith("in_progress|1|")
    # Formula neutralisation: the text is a string cell, never a formula.
    formula = sheet.cell(rows["115.2"], _col("text"))
    assert formula.data_type == "s"
    assert formula.value.startswith("=HYPERLINK")
    # Hidden id and version, protected sheet with the two columns to fill unlocked.
    assert sheet.column_dimensions[column_letter("id")].hidden
    assert sheet.column_dimensions[column_letter("stamp")].hidden
    assert sheet.protection.sheet
    assert sheet.cell(first, _col("new_status")).protection.locked is False
    assert sheet.cell(first, _col("text")).protection.locked is not False
    assert sheet.freeze_panes == f"B{FIRST_ROW}"
    assert sheet.cell(first, _col("text")).alignment.wrap_text
    assert sheet.column_dimensions[column_letter("text")].width >= 40
    # The dropdown on the new status, from the hidden list of statuses.
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert column_letter("new_status") in str(validation.sqref)
    assert workbook["nrtd"].sheet_state == "hidden"
    assert [workbook["nrtd"].cell(r, 4).value for r in range(1, 6)][:2] == [
        "Not started",
        "In progress",
    ]
    assert not sheet.sheet_view.rightToLeft


def test_sheet_in_arabic_reads_right_to_left_with_translated_headers(people, recs, own_institution):
    with translation.override("ar"):
        content = sheet_for(actor=people["focal_own"], institution=own_institution)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:3] == ["الفقرة", "الآلية", "التوصية"]
    assert workbook["nrtd"].cell(2, 4).value == "قيد التنفيذ"  # In progress


# --- uploaded back ---------------------------------------------------------------------------


def test_rows_become_progress_updates_and_empty_rows_are_skipped(people, recs, own_institution):
    content = sheet_for(actor=people["focal_own"], institution=own_institution)
    filled = _fill(content, {"115.1": ("Partially implemented", "Law adopted in May")})
    outcome = _apply(people["focal_own"], filled)
    assert outcome.errors == []
    assert (outcome.rows, outcome.accepted, outcome.submitted, outcome.skipped) == (2, 1, 0, 1)
    update = ProgressUpdate.objects.get(recommendation=recs[0])
    assert (update.status, update.narrative, update.institution) == (
        "partially_implemented",
        "Law adopted in May",
        own_institution,
    )
    assert update.author == people["focal_own"]
    recs[0].refresh_from_db()
    assert recs[0].status == "partially_implemented"  # outside a round: accepted at once


def test_inside_a_round_rows_wait_for_the_secretariats_review(people, recs, own_institution):
    rounds.round_open(
        actor=people["secretariat_admin"], name="Mid-term", deadline=TODAY + datetime.timedelta(9)
    )
    content = sheet_for(actor=people["focal_own"], institution=own_institution)
    filled = _fill(content, {"115.1": ("in progress", "x"), "115.2": ("Not started", "y")})
    outcome = _apply(people["focal_own"], filled)
    assert (outcome.submitted, outcome.accepted) == (2, 0)
    tasks = RoundTask.objects.filter(institution=own_institution)
    assert set(tasks.values_list("state", flat=True)) == {"submitted"}
    recs[0].refresh_from_db()
    assert recs[0].status == ""


def test_secretariat_fills_in_an_institutions_sheet(people, recs, own_institution):
    rounds.round_open(
        actor=people["secretariat_admin"], name="Mid-term", deadline=TODAY + datetime.timedelta(9)
    )
    content = sheet_for(actor=people["secretariat_admin"], institution=own_institution)
    outcome = _apply(people["secretariat_admin"], _fill(content, {"115.2": ("In progress", "z")}))
    assert (outcome.accepted, outcome.submitted) == (1, 0)
    update = ProgressUpdate.objects.get(recommendation=recs[1])
    assert update.institution == own_institution
    assert RoundTask.objects.get(recommendation=recs[1]).state == "accepted"


def test_status_written_in_another_language_is_read(people, recs, own_institution):
    content = sheet_for(actor=people["focal_own"], institution=own_institution)
    outcome = _apply(people["focal_own"], _fill(content, {"115.1": ("En cours", "Avancé")}))
    assert outcome.errors == []
    assert ProgressUpdate.objects.get().status == "in_progress"


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(people, recs, own_institution):
    content = sheet_for(actor=people["focal_own"], institution=own_institution)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    rows = _rows(sheet)
    good, bad = rows["115.1"], rows["115.2"]
    sheet.cell(good, _col("new_status")).value = "In progress"
    sheet.cell(good, _col("new_narrative")).value = "A good row"
    sheet.cell(bad, _col("new_status")).value = "Done"  # unknown status
    sheet.cell(bad, _col("new_narrative")).value = "A bad row"
    theirs = bad + 1  # a row for the other institution's recommendation
    sheet.cell(theirs, _col("id")).value = recs[2].pk
    sheet.cell(theirs, _col("new_status")).value = "In progress"
    sheet.cell(theirs, _col("new_narrative")).value = "Not ours"
    no_id = bad + 2
    sheet.cell(no_id, _col("new_status")).value = "In progress"
    no_narrative = bad + 3
    sheet.cell(no_narrative, _col("id")).value = recs[1].pk + 1000
    sheet.cell(no_narrative, _col("new_status")).value = "Not started"
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = _apply(people["focal_own"], buffer.getvalue())
    status, narrative, rec_id = (column_letter(k) for k in ("new_status", "new_narrative", "id"))
    errors = outcome.errors
    assert errors[0] == (
        f"Row {bad}, column {status} (New status): “Done” is not a status: choose one from "
        "the list."
    )
    assert (
        f"Row {theirs}, column {rec_id} (recommendation id, hidden): recommendation "
        f"{recs[2].pk} is not one of Ministry of Health's."
    ) in errors
    assert any(e.startswith(f"Row {no_id}, column {rec_id} ") and "missing" in e for e in errors)
    assert any(e.startswith(f"Row {no_id}, column {narrative} (New narrative") for e in errors)
    assert any(e.startswith(f"Row {no_narrative}, column {narrative} ") for e in errors)
    assert any(e.startswith(f"Row {no_narrative}, column {rec_id} ") for e in errors)
    assert len(errors) == 6
    assert outcome.written == 0
    assert not ProgressUpdate.objects.exists()


def test_a_recommendation_changed_since_the_download_is_reported_not_overwritten(
    people, recs, own_institution
):
    content = sheet_for(actor=people["focal_own"], institution=own_institution)
    followup.progress_update_create(
        actor=people["focal_other"],
        recommendation=recs[0],
        status="fully_implemented",
        narrative="Done by Justice",
    )
    filled = _fill(
        content, {"115.1": ("Not started", "Stale view"), "115.2": ("In progress", "Fresh")}
    )
    outcome = _apply(people["focal_own"], filled)
    assert outcome.errors == []
    assert outcome.written == 1
    (changed,) = outcome.changed
    assert "115.1" in changed
    assert "Fully implemented" in changed
    assert not ProgressUpdate.objects.filter(narrative="Stale view").exists()
    assert ProgressUpdate.objects.filter(narrative="Fresh").exists()
    # Uploading the same sheet twice writes nothing twice: every row changed since.
    again = _apply(people["focal_own"], filled)
    assert again.written == 0
    assert len(again.changed) == 2


def test_another_institutions_focal_point_cannot_apply_the_sheet(people, recs, own_institution):
    content = sheet_for(actor=people["focal_own"], institution=own_institution)
    outcome = _apply(people["focal_other"], _fill(content, {"115.1": ("In progress", "x")}))
    assert outcome.errors == ["You may not report for the institution this sheet was made for."]
    assert not ProgressUpdate.objects.exists()


def test_a_workbook_that_is_not_a_sheet_is_refused(people, recs):
    buffer = io.BytesIO()
    Workbook().save(buffer)
    outcome = _apply(people["focal_own"], buffer.getvalue())
    assert outcome.errors
    assert "not a sheet downloaded from My work" in outcome.errors[0]
    assert _apply(people["focal_own"], b"PK\x03\x04 broken").errors == [
        "The file could not be read as an .xlsx workbook."
    ]


# --- views, for every role ----------------------------------------------------------------


def _download_url(institution):
    return reverse("followup:sheet_download") + f"?institution={institution.pk}"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretariat_admin", 200),
        ("secretariat_staff", 200),
        ("focal_own", 200),
        ("focal_other", 403),
        ("viewer", 403),
        ("nhri", 403),
        ("cso", 403),
    ],
)
def test_download_by_role(client, people, recs, own_institution, role, expected):
    client.force_login(people[role])
    response = client.get(_download_url(own_institution))
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == XLSX
        assert "attachment;" in response["Content-Disposition"]
        assert load_workbook(io.BytesIO(response.content)).worksheets[0].max_row == 5


def test_download_anonymous_wrong_method_and_unknown_institution(client, people, own_institution):
    url = _download_url(own_institution)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(people["focal_own"])
    assert client.post(url).status_code == 405
    assert client.get(reverse("followup:sheet_download") + "?institution=999").status_code == 404
    assert client.get(reverse("followup:sheet_download")).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("secretariat_admin", 200),
        ("focal_own", 200),
        ("focal_other", 200),
        ("viewer", 403),
        ("nhri", 403),
        ("cso", 403),
    ],
)
def test_upload_page_by_role(client, people, recs, role, expected):
    client.force_login(people[role])
    assert client.get(reverse("followup:sheet_upload")).status_code == expected


def test_upload_refused_to_the_viewer_anonymous_and_wrong_method(client, people, recs):
    url = reverse("followup:sheet_upload")
    response = client.post(url, {"file": SimpleUploadedFile("s.xlsx", b"PK\x03\x04")})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(people["viewer"])
    response = client.post(url, {"file": SimpleUploadedFile("s.xlsx", b"PK\x03\x04")})
    assert response.status_code == 403
    client.force_login(people["focal_own"])
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert not SheetUpload.objects.exists()


def test_upload_of_something_else_is_refused_by_the_form(client, people, recs):
    client.force_login(people["focal_own"])
    url = reverse("followup:sheet_upload")
    response = client.post(url, {"file": SimpleUploadedFile("notes.csv", b"a,b")})
    assert response.status_code == 400
    assert "Upload the .xlsx sheet" in response.content.decode()
    response = client.post(url, {"file": SimpleUploadedFile("fake.xlsx", b"hello")})
    assert response.status_code == 400
    assert not SheetUpload.objects.exists()


def test_upload_runs_as_a_job_and_its_page_shows_the_outcome(
    client, people, recs, own_institution, django_capture_on_commit_callbacks
):
    client.force_login(people["focal_own"])
    content = client.get(_download_url(own_institution)).content
    filled = _fill(content, {"115.1": ("In progress", "Clinics"), "115.2": ("Done", "?")})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("followup:sheet_upload"),
            {"file": SimpleUploadedFile("ours.xlsx", filled, content_type=XLSX)},
        )
    upload = SheetUpload.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("followup:sheet_upload_detail", args=[upload.pk])
    assert (upload.status, upload.institution, upload.progress) == ("failed", own_institution, 100)
    page = client.get(response.url).content.decode()
    assert "nothing was written" in page
    assert "“Done” is not a status" in page
    assert not ProgressUpdate.objects.exists()

    fixed = _fill(content, {"115.1": ("In progress", "Clinics")})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("followup:sheet_upload"), {"file": SimpleUploadedFile("b.xlsx", fixed)})
    upload = SheetUpload.objects.order_by("-pk").first()
    assert upload.status == "done"
    assert upload.result["accepted"] == 1
    assert upload.result["skipped"] == 1
    partial = client.get(
        reverse("followup:sheet_upload_detail", args=[upload.pk]), HTTP_HX_REQUEST="true"
    )
    assert partial.content.decode().lstrip().startswith('<div id="sheet-upload-status"')
    assert ProgressUpdate.objects.get().narrative == "Clinics"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("focal_own", 200),  # who uploaded it
        ("secretariat_admin", 200),
        ("focal_other", 404),
        ("viewer", 404),
        ("nhri", 404),
        ("cso", 404),
    ],
)
def test_upload_page_of_a_job_by_role(client, people, recs, role, expected):
    upload = SheetUpload.objects.create(
        file=SimpleUploadedFile("s.xlsx", b"PK"),
        original_name="s.xlsx",
        created_by=people["focal_own"],
    )
    url = reverse("followup:sheet_upload_detail", args=[upload.pk])
    client.force_login(people[role])
    assert client.get(url).status_code == expected
    if expected == 200:
        assert client.post(url).status_code == 405


def test_upload_page_of_a_job_anonymous(client, people):
    upload = SheetUpload.objects.create(
        file=SimpleUploadedFile("s.xlsx", b"PK"), original_name="s.xlsx"
    )
    response = client.get(reverse("followup:sheet_upload_detail", args=[upload.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_my_work_and_the_institution_page_offer_the_sheet(client, people, recs, own_institution):
    client.force_login(people["focal_own"])
    body = client.get(reverse("followup:my_work")).content.decode()
    assert f"{reverse('followup:sheet_download')}?institution={own_institution.pk}" in body
    assert f'action="{reverse("followup:sheet_upload")}"' in body
    client.force_login(people["viewer"])
    assert (
        reverse("followup:sheet_download")
        not in client.get(reverse("followup:my_work")).content.decode()
    )
    client.force_login(people["secretariat_admin"])
    page = client.get(reverse("mechanisms:institution_detail", args=[own_institution.pk]))
    assert f"?institution={own_institution.pk}" in page.content.decode()


def test_unused_rows_do_not_leak_other_recommendations(people, recs, own_institution):
    # Recommendations that are not the institution's never appear in its sheet.
    assert Recommendation.objects.count() == 3
    content = sheet_for(actor=people["focal_own"], institution=own_institution)
    assert b"Reform the criminal code" not in content
