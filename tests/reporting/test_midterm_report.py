"""The mid-term report as a ministry sends it: sections the secretariat wrote in a draft, the
noted recommendations on request, and the secretariat's emblem on every report's cover."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.shared import Cm
from PIL import Image

from recommendations.models import Recommendation
from reporting.models import Consultation, ReportSettings
from reporting.services import drafts as draft_services
from reporting.services.report_settings import report_settings_update
from tests.reporting.test_runs import docx_of, headings

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/workspace/reports/settings/"


def image_bytes(fmt: str = "PNG", size=(900, 450)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(out, format=fmt)
    return out.getvalue()


def upload(content: bytes, name: str = "emblem.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def all_text(document) -> list[str]:
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return [p.text for p in document.paragraphs] + cells


def midterm_draft(people, dataset):
    return draft_services.draft_create(
        actor=people["secretariat_admin"],
        title="Mid-term report 2022",
        kind="midterm",
        review=dataset["review"],
    )


# The emblem and who issues the reports, on every cover.


def test_emblem_and_issuer_head_the_cover_of_every_kind(run_report, dataset, people):
    report_settings_update(
        actor=people["secretariat_admin"],
        issued_by="Ministry of Justice",
        emblem=upload(image_bytes()),
    )
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"])
    assert run.status == "done", run.error
    document = docx_of(run)
    # The two charts and the emblem; the emblem first, 3 cm wide, before the title.
    assert len(document.inline_shapes) == 3
    assert abs(document.inline_shapes[0].width - Cm(3)) < Cm(0.1)
    first = document.paragraphs[0]
    assert first._p.xpath(".//pic:pic")
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Ministry of Justice") < texts.index("Mid-term report")
    national = run_report(kind="national", formats=["docx"], review=dataset["review"])
    assert national.status == "done", national.error
    assert len(docx_of(national).inline_shapes) == 1
    assert docx_of(national).paragraphs[1].text == "Ministry of Justice"


def test_without_an_emblem_the_cover_has_no_image(run_report, dataset):
    run = run_report(kind="national", formats=["docx"], review=dataset["review"])
    assert run.status == "done", run.error
    assert len(docx_of(run).inline_shapes) == 0


def test_emblem_is_stored_as_a_small_png_whatever_was_sent(people):
    saved = report_settings_update(
        actor=people["secretariat_admin"],
        issued_by="",
        emblem=upload(image_bytes("JPEG", (2000, 1000)), "emblem.jpg"),
    )
    with saved.emblem.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert max(image.size) == 600


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4 not an image", b"GIF89a" + b"\x00" * 40, b"plain text named .png"],
    ids=["pdf", "gif", "text"],
)
def test_emblem_of_another_type_is_refused_by_its_content(people, content):
    with pytest.raises(ValidationError) as error:
        report_settings_update(
            actor=people["secretariat_admin"], issued_by="Ministry", emblem=upload(content)
        )
    assert "emblem" in error.value.message_dict
    assert not ReportSettings.objects.filter(issued_by="Ministry").exists()


def test_emblem_over_the_size_limit_is_refused(people, settings):
    settings.NRTD_EMBLEM_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="larger than 1 KB"):
        report_settings_update(
            actor=people["secretariat_admin"], issued_by="", emblem=upload(image_bytes())
        )


@pytest.mark.parametrize("role", ["focal_own", "viewer", "nhri"])
def test_only_the_secretariat_changes_the_report_settings(people, role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report_settings_update(actor=people[role], issued_by="Someone")


# The settings screen.


def test_secretariat_uploads_then_removes_the_emblem_on_the_screen(client, people):
    client.force_login(people["secretariat_staff"])
    response = client.post(
        SETTINGS_URL, {"issued_by": "Ministry of Justice", "emblem": upload(image_bytes())}
    )
    assert response.status_code == 302
    current = ReportSettings.load()
    assert current.issued_by == "Ministry of Justice"
    assert current.emblem
    page = client.get(SETTINGS_URL)
    assert b"settings/emblem.png" in page.content
    preview = client.get(SETTINGS_URL + "emblem.png")
    assert preview.status_code == 200
    assert preview["Content-Type"] == "image/png"
    # A focal point may not see it.
    client.force_login(people["focal_own"])
    assert client.get(SETTINGS_URL + "emblem.png").status_code == 403
    client.force_login(people["secretariat_staff"])
    response = client.post(
        SETTINGS_URL, {"issued_by": "Ministry of Justice", "remove_emblem": "on"}
    )
    assert response.status_code == 302
    assert not ReportSettings.load().emblem


def test_wrong_file_type_comes_back_as_a_form_error_keeping_the_rest(client, people):
    client.force_login(people["secretariat_admin"])
    response = client.post(
        SETTINGS_URL,
        {"issued_by": "Interministerial Committee", "emblem": upload(b"%PDF-1.4 x", "e.png")},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["emblem"] == ["Send the emblem as a PNG or JPEG image."]
    assert b'value="Interministerial Committee"' in response.content
    assert ReportSettings.load().issued_by == ""


def test_anonymous_is_sent_to_login_from_the_settings(client):
    response = client.get(SETTINGS_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("role", "code"), [("secretariat_admin", 200), ("focal_own", 403)])
def test_settings_link_in_the_menu_only_for_the_secretariat(client, people, role, code):
    client.force_login(people[role])
    page = client.get("/workspace/reports/")
    assert (SETTINGS_URL.encode() in page.content) is (code == 200)
    assert client.get(SETTINGS_URL).status_code == code


# The mid-term's introduction and methodology as draft sections.


def test_midterm_draft_has_introduction_and_methodology(people, dataset):
    draft = midterm_draft(people, dataset)
    assert [s.value for s in draft.sections] == ["introduction", "methodology"]


def test_empty_midterm_section_is_prefilled_from_the_data(client, people, dataset):
    draft = midterm_draft(people, dataset)
    consultation = Consultation.objects.create(
        draft=draft, title="Ministries", deadline="2030-01-01"
    )
    consultation.institutions.add(dataset["recs"][0].assignments.first().institution)
    client.force_login(people["secretariat_admin"])
    base = f"/workspace/reports/drafts/{draft.pk}/sections/"
    intro = client.get(base + "introduction/")
    assert intro.status_code == 200
    text = intro.context["form"].initial["text"]
    assert "12 recommendations: 10 supported and 2 noted" in text
    assert "Slovenia" in text or dataset["review"].state_under_review.name in text
    assert intro.context["prefilled"] is True
    method = client.get(base + "methodology/")
    assert method.context["section_label"] == "Methodology"
    text = method.context["form"].initial["text"]
    assert "2 institutions lead the implementation" in text
    assert "1 progress reports were accepted" in text
    assert str(consultation.institutions.first()) in text
    # Once saved, the saved text comes back, not the prefill.
    draft_services.draft_section_save(
        actor=people["secretariat_admin"],
        draft=draft,
        section="introduction",
        text="Our own words.",
        based_on=0,
    )
    again = client.get(base + "introduction/")
    assert again.context["form"].initial["text"] == "Our own words."
    assert again.context["prefilled"] is False


def test_national_draft_sections_start_empty_as_before(client, people, dataset):
    draft = draft_services.draft_create(
        actor=people["secretariat_admin"], title="UPR 4", kind="national"
    )
    client.force_login(people["secretariat_admin"])
    page = client.get(f"/workspace/reports/drafts/{draft.pk}/sections/methodology/")
    assert page.context["form"].initial["text"] == ""
    assert page.context["section_label"] == "A. Methodology and consultation process"


def test_midterm_run_with_a_draft_prints_the_written_sections_once(run_report, people, dataset):
    draft = midterm_draft(people, dataset)
    for section, text in [
        ("introduction", "Our introduction, first paragraph.\n\nIts second paragraph."),
        ("methodology", "We asked every ministry in writing."),
    ]:
        draft_services.draft_section_save(
            actor=people["secretariat_admin"],
            draft=draft,
            section=section,
            text=text,
            based_on=0,
        )
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"], draft=draft)
    assert run.status == "done", run.error
    assert run.draft_id == draft.pk
    document = docx_of(run)
    texts = [p.text for p in document.paragraphs]
    for written in (
        "Our introduction, first paragraph.",
        "Its second paragraph.",
        "We asked every ministry in writing.",
    ):
        assert texts.count(written) == 1
    assert not any(t.startswith("This mid-term report sets out") for t in texts)
    assert not any(t.startswith("The report was drafted by the national mechanism") for t in texts)
    level1 = headings(document, 1)
    assert level1.count("Introduction") == 1
    assert level1.count("Methodology") == 1


def test_midterm_run_refuses_a_draft_of_another_kind(run_report, people, dataset):
    national = draft_services.draft_create(
        actor=people["secretariat_admin"], title="UPR 4", kind="national"
    )
    with pytest.raises(ValidationError) as error:
        run_report(kind="midterm", formats=["docx"], review=dataset["review"], draft=national)
    assert "draft" in error.value.message_dict


# The noted recommendations.


def test_noted_chapter_lists_them_with_justification_and_follow_up(run_report, dataset):
    Recommendation.objects.filter(paragraph="115.5").update(
        response_justification="Under study by the constitutional commission."
    )
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"], include_noted=True)
    assert run.status == "done", run.error
    document = docx_of(run)
    assert headings(document, 1).count("Noted recommendations") == 1
    table = next(
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "Paragraph"
        and (t.rows[0].cells[1].text == "Justification of the response")
    )
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[0] for r in rows] == ["115.5", "115.10"]
    assert rows[0][1] == "Under study by the constitutional commission."
    assert rows[1][1] == "No justification recorded"
    # Each paragraph is still one heading in its cluster chapter, not repeated here.
    numbers = [h for h in headings(document, 3) if h in ("115.5", "115.10")]
    assert sorted(numbers) == ["115.10", "115.5"]


def test_noted_recommendations_left_out_everywhere_when_not_asked(run_report, dataset):
    Recommendation.objects.filter(paragraph="115.5").update(
        response_justification="Under study by the constitutional commission."
    )
    run = run_report(
        kind="midterm", formats=["docx"], review=dataset["review"], include_noted=False
    )
    assert run.status == "done", run.error
    document = docx_of(run)
    assert "Noted recommendations" not in headings(document, 1)
    text = "\n".join(all_text(document))
    assert "Under study by the constitutional commission." not in text
    assert "115.5" not in headings(document, 3)


def test_pdf_cover_carries_the_emblem_and_issuer(run_report, dataset, people):
    import subprocess

    from tests.reporting.test_documents import needs_pdf, pdf_text

    needs_pdf()
    report_settings_update(
        actor=people["secretariat_admin"],
        issued_by="Ministry of Justice",
        emblem=upload(image_bytes()),
    )
    run = run_report(kind="national", formats=["pdf"], review=dataset["review"])
    assert run.status == "done", run.error
    images = subprocess.run(
        ["pdfimages", "-list", run.pdf_file.path], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(images) == 1  # the national report has no chart: the emblem alone
    assert images[0].split()[0] == "1"  # on the cover page
    # Printed 3 cm wide as in Word, not across the text's width: its pixels over 3 cm.
    width_px, x_ppi = int(images[0].split()[3]), int(images[0].split()[12])
    assert abs(width_px / x_ppi * 2.54 - 3) < 0.1
    assert "Ministry of Justice" in pdf_text(run, "-l", "1")
