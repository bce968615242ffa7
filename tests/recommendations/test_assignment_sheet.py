"""Assignment by spreadsheet: the downloaded sheet, filled in and read back through the
assignment service; the secretariat's own .xlsx or .csv (headers anywhere, in French, or
none); every bad row named by file, row and column with nothing written; every view for every
role."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from recommendations.models import Assignment, SheetUpload
from recommendations.registry.assignment import recommendation_assign
from recommendations.registry.assignment_sheet import (
    HEADER_ROW,
    assignment_sheet_apply,
    assignment_sheet_for,
)
from tests.factories import InstitutionFactory, RecommendationFactory, ReviewFactory

pytestmark = pytest.mark.django_db
LEAD, SUPPORTING = Assignment.Role.LEAD, Assignment.Role.SUPPORTING


@pytest.fixture
def recs():
    review = ReviewFactory(session=34)
    return [
        RecommendationFactory(paragraph="98.1", review=review, text='=HYPERLINK("x")'),
        RecommendationFactory(paragraph="98.2", review=review),
        RecommendationFactory(paragraph="98.3", review=review),
    ]


def _roles(rec) -> dict[str, str]:
    return dict(rec.assignments.values_list("institution__name", "role"))


def _xlsx(rows: list[list]) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _apply(actor, rows, name="assign.xlsx"):
    source = io.BytesIO(rows.encode("utf-8")) if name.endswith(".csv") else _xlsx(rows)
    return assignment_sheet_apply(actor=actor, source=source, name=name)


def _header(sheet) -> list[str]:
    return [c.value for c in sheet[HEADER_ROW]]


def test_the_downloaded_sheet_lists_the_recommendations_with_dropdowns(
    admin, recs, own_institution, other_institution
):
    recommendation_assign(
        actor=admin, recommendation=recs[1], institution=own_institution, role=LEAD
    )
    content = assignment_sheet_for(actor=admin, recommendation_ids=[r.pk for r in recs])
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header = _header(sheet)
    assert header[:3] == ["Id", "Paragraph", "Document"]
    assert header[-3:] == ["Institution", "Role", "Note"]
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=HEADER_ROW + 1)}
    assert sorted(rows) == ["98.1", "98.2", "98.3"]
    assert rows["98.1"][0].value == recs[0].pk
    # Text from an import stays text: no live formula in the secretariat's Excel.
    assert rows["98.1"][4].data_type == "s"
    assert rows["98.1"][4].value == '=HYPERLINK("x")'
    assert rows["98.2"][header.index("Lead now")].value == "Ministry of Health"
    lists = workbook["lists"]
    assert lists.sheet_state == "hidden"
    assert {lists.cell(row=r, column=1).value for r in (1, 2)} == {
        "Ministry of Health",
        "Ministry of Justice",
    }
    validated = {str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert validated == {
        f"H{HEADER_ROW + 1}:H{HEADER_ROW + 3}",
        f"I{HEADER_ROW + 1}:I{HEADER_ROW + 3}",
    }


def test_the_sheet_filled_in_and_uploaded_back_assigns_through_the_service(
    admin, recs, own_institution, other_institution
):
    recommendation_assign(
        actor=admin, recommendation=recs[2], institution=other_institution, role=LEAD
    )
    content = assignment_sheet_for(actor=admin, recommendation_ids=[r.pk for r in recs])
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    col = {name: i + 1 for i, name in enumerate(_header(sheet))}
    by_paragraph = {
        sheet.cell(row=r, column=col["Paragraph"]).value: r
        for r in range(HEADER_ROW + 1, sheet.max_row + 1)
    }
    sheet.cell(by_paragraph["98.1"], col["Institution"], "Ministry of Health")  # role empty: lead
    sheet.cell(by_paragraph["98.1"], col["Note"], "with the police")
    sheet.cell(by_paragraph["98.3"], col["Institution"], "Ministry of Health")
    sheet.cell(by_paragraph["98.3"], col["Role"], "Lead")
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    outcome = assignment_sheet_apply(actor=admin, source=buffer, name="assignments.xlsx")

    assert outcome.errors == []
    assert (outcome.rows, outcome.assigned, outcome.unchanged, outcome.skipped) == (3, 2, 0, 1)
    assert _roles(recs[0]) == {"Ministry of Health": LEAD}
    assert recs[0].assignments.get().note == "with the police"
    assert _roles(recs[1]) == {}
    # A new lead makes the previous lead supporting, as everywhere else.
    assert _roles(recs[2]) == {"Ministry of Health": LEAD, "Ministry of Justice": SUPPORTING}
    history = recs[0].assignments.get().history.first()
    assert history.history_user == admin


def test_an_own_csv_without_a_header_reads_recommendation_institution_role(
    admin, recs, own_institution, other_institution
):
    outcome = _apply(
        admin, f"98.1,MoH\n98.1,Ministry of Justice,supporting\n#{recs[1].pk},moh\n", "a.csv"
    )
    assert outcome.errors == []
    assert outcome.assigned == 3
    assert _roles(recs[0]) == {"Ministry of Health": LEAD, "Ministry of Justice": SUPPORTING}
    assert _roles(recs[1]) == {"Ministry of Health": LEAD}


def test_a_french_csv_with_a_title_row_and_semicolons(admin, recs, own_institution):
    text = "Tableau des attributions;;\nParagraphe;Institution;Rôle\n98.2;Ministère de la Santé;\n"
    own_institution.name = "Ministère de la Santé"
    own_institution.save()
    outcome = _apply(admin, text, "attributions.csv")
    assert outcome.errors == []
    assert _roles(recs[1]) == {"Ministère de la Santé": LEAD}


def test_a_paragraph_two_reviews_share_is_refused_unless_a_document_says_which(
    admin, recs, own_institution
):
    other = RecommendationFactory(
        paragraph="98.1", review=ReviewFactory(session=20, cycle=2), document_symbol="A/HRC/24/15"
    )
    recs[0].document_symbol = "A/HRC/40/6"
    recs[0].save()
    outcome = _apply(admin, [["Paragraph", "Institution"], ["98.1", "MoH"]])
    assert outcome.errors == [
        "assign.xlsx, row 2, column A (Paragraph): the paragraph 98.1 names 2 recommendations "
        "(A/HRC/24/15, A/HRC/40/6): add a Document column or use the id."
    ]
    assert not Assignment.objects.exists()

    outcome = _apply(
        admin, [["Paragraph", "Document", "Institution"], ["98.1", "a/hrc/24/15", "MoH"]]
    )
    assert outcome.errors == []
    assert _roles(other) == {"Ministry of Health": LEAD}
    assert _roles(recs[0]) == {}


def test_every_bad_row_is_named_and_nothing_is_written(admin, recs, own_institution):
    InstitutionFactory(name="Ministry of Defence", is_active=False)
    rows = [
        ["Assignments, December"],
        [],
        ["Id", "Institution", "Role"],
        [recs[0].pk, "MoH", "lead"],  # good, but the file is refused: not written
        [999999, "MoH", ""],
        [recs[1].pk, "Ministry of Helth", ""],
        [recs[2].pk, "MoH", "owner"],
        [recs[2].pk, "Ministry of Defence", ""],
        ["", "MoH", ""],
        [recs[0].pk, "MoH", "supporting"],
    ]
    outcome = _apply(admin, rows, "december.xlsx")
    assert outcome.errors == [
        "december.xlsx, row 5, column A (Id): no recommendation has the id 999999.",
        "december.xlsx, row 6, column B (Institution): no institution is called "
        "“Ministry of Helth”. Did you mean “Ministry of Health”?",
        "december.xlsx, row 7, column C (Role): “owner” is not a role: Lead, Supporting.",
        "december.xlsx, row 8, column B (Institution): Ministry of Defence is not active.",
        "december.xlsx, row 9, column A (Id): say which recommendation (its id or paragraph).",
        "december.xlsx, row 10, column B (Institution): this institution is already assigned "
        "to this recommendation on row 4.",
    ]
    assert not Assignment.objects.exists()


def test_two_leads_for_one_recommendation_are_refused(
    admin, recs, own_institution, other_institution
):
    outcome = _apply(admin, [["Paragraph", "Institution"], ["98.1", "MoH"], ["98.1", "MoJ"]])
    assert outcome.errors == [
        "assign.xlsx, row 3, column A (Paragraph): row 2 already names a lead for this "
        "recommendation: one leads."
    ]
    assert not Assignment.objects.exists()


def test_a_file_without_a_recommendation_column_or_rows_is_refused(admin, recs, own_institution):
    assert _apply(admin, [["Institution"], ["MoH"]]).errors == [
        "assign.xlsx: no column names the recommendations (an id or a paragraph)."
    ]
    assert _apply(admin, "", "empty.csv").errors == ["empty.csv has no rows to read."]
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("role", ["focal_own", "viewer", "nhri", "cso"])
def test_only_the_secretariat_may_assign_by_sheet(people, recs, own_institution, role):
    with pytest.raises(PermissionDenied):
        _apply(people[role], [["Paragraph", "Institution"], ["98.1", "MoH"]])
    with pytest.raises(PermissionDenied):
        assignment_sheet_for(actor=people[role], recommendation_ids=[recs[0].pk])
    assert not Assignment.objects.exists()


# --- the views -----------------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_download_is_the_filtered_list(client, admin, recs, own_institution):
    recommendation_assign(
        actor=admin, recommendation=recs[0], institution=own_institution, role=LEAD
    )
    client.force_login(admin)
    response = client.get(reverse("recommendations:assignment_sheet"), {"lead": "none"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="assignments-')
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [r[1].value for r in sheet.iter_rows(min_row=HEADER_ROW + 1)] == ["98.2", "98.3"]
    page = client.get(reverse("recommendations:list"))
    assert reverse("recommendations:assignment_upload") in page.content.decode()


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_the_views_refuse_everyone_but_the_secretariat(client, people, recs, role):
    upload = SheetUpload.objects.create(
        kind=SheetUpload.Kind.ASSIGNMENTS,
        original_name="a.csv",
        created_by=people["secretariat_admin"],
    )
    client.force_login(people[role])
    assert client.get(reverse("recommendations:assignment_sheet")).status_code == 403
    assert client.get(reverse("recommendations:assignment_upload")).status_code == 403
    file = SimpleUploadedFile("a.csv", b"98.1,MoH\n")
    assert (
        client.post(reverse("recommendations:assignment_upload"), {"file": file}).status_code == 403
    )
    detail = reverse("recommendations:assignment_upload_detail", args=[upload.pk])
    assert client.get(detail).status_code == 403
    assert not SheetUpload.objects.exclude(pk=upload.pk).exists()


def test_the_views_send_the_anonymous_to_log_in_and_refuse_wrong_methods(client, admin):
    for name in ("assignment_sheet", "assignment_upload"):
        response = client.get(reverse(f"recommendations:{name}"))
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    client.force_login(admin)
    assert client.post(reverse("recommendations:assignment_sheet")).status_code == 405
    assert client.delete(reverse("recommendations:assignment_upload")).status_code == 405
    progress = SheetUpload.objects.create(original_name="m.xlsx", created_by=admin)
    detail = reverse("recommendations:assignment_upload_detail", args=[progress.pk])
    assert client.get(detail).status_code == 404  # a ministry's sheet, not an assignment one
    assert client.post(detail).status_code == 405


def test_an_upload_runs_as_a_job_and_its_page_shows_the_outcome(
    client, admin, recs, own_institution, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    file = SimpleUploadedFile("a.csv", b"Paragraph,Institution\n98.1,MoH\n98.2,\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recommendations:assignment_upload"), {"file": file})
    upload = SheetUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "recommendations:assignment_upload_detail", args=[upload.pk]
    )
    assert (upload.kind, upload.status, upload.progress) == ("assignments", "done", 100)
    assert upload.heartbeat_at is not None
    assert upload.result["assigned"] == 1
    assert _roles(recs[0]) == {"Ministry of Health": LEAD}
    page = client.get(response["Location"]).content.decode()
    assert 'data-count="assigned">1<' in page
    assert 'data-count="skipped">1<' in page


def test_a_refused_upload_lists_its_problems(
    client, admin, recs, own_institution, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    file = SimpleUploadedFile("a.csv", b"Paragraph,Institution\n98.1,MoH\n77.7,MoH\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recommendations:assignment_upload"), {"file": file})
    page = client.get(response["Location"]).content.decode()
    assert "nothing was written" in page
    assert "a.csv, row 3, column A (Paragraph): no recommendation has the paragraph 77.7." in page
    assert not Assignment.objects.exists()


def test_a_file_of_another_kind_is_refused_by_the_form_and_nothing_is_stored(client, admin):
    client.force_login(admin)
    file = SimpleUploadedFile("notes.docx", b"PK\x03\x04")
    response = client.post(reverse("recommendations:assignment_upload"), {"file": file})
    assert response.status_code == 400
    assert "Upload an .xlsx or .csv file." in response.content.decode()
    fake = SimpleUploadedFile("fake.xlsx", b"hello")
    response = client.post(reverse("recommendations:assignment_upload"), {"file": fake})
    assert response.status_code == 400
    assert not SheetUpload.objects.exists()
