"""Reports to a treaty body through the report engine: the follow-up reply holds exactly
the review's follow-up items, each with what was done; the periodic report's draft answers
the previous concluding observations paragraph by paragraph, grouped by theme, around the
draft's own sections; any run can be scoped to one body or one review."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from recommendations.models import (
    Activity,
    Assignment,
    Evidence,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    Status,
)
from recommendations.reviews.services import SplitItem, review_create, review_save_split
from reporting.models import ReportDraft
from reporting.services.drafts import draft_create, draft_section_save
from tests.factories import BodyFactory, RecommendationFactory, StateFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _docx(run) -> Document:
    run.docx_file.open("rb")
    try:
        return Document(io.BytesIO(run.docx_file.read()))
    finally:
        run.docx_file.close()


def _headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


@pytest.fixture
def treaty(people, own_institution):
    """CEDAW's concluding observations saved from a split: five recommendations, two of them
    follow-up items (12 (a) and 20), with progress, an activity, an indicator and evidence
    on 12 (a); two themes."""
    admin = people["secretariat_admin"]
    cedaw = BodyFactory(
        code="CEDAW",
        name="Committee on the Elimination of Discrimination against Women",
        mechanism="treaty_body",
    )
    review = review_create(
        actor=admin,
        mechanism="treaty_body",
        state_under_review=StateFactory(),
        body=cedaw,
        document_symbol="CEDAW/C/SVN/CO/7",
        date=datetime.date(2023, 3, 1),
        followup_due=datetime.date(2025, 3, 1),
    )
    items = [
        SplitItem("12 (a)", "Adopt a comprehensive anti-discrimination law.", followup=True),
        SplitItem("12 (b)", "Train judges on the Convention."),
        SplitItem("20", "Set up shelters for women victims of violence.", followup=True),
        SplitItem("28 (a)", "Raise the minimum age of marriage to 18."),
        SplitItem("34", "Ensure equal pay for work of equal value."),
    ]
    recs = {r.paragraph: r for r in review_save_split(actor=admin, review=review, items=items)}
    equality, violence = ThemeFactory(name="Equality"), ThemeFactory(name="Violence")
    for paragraph in ("12 (a)", "12 (b)", "34"):
        recs[paragraph].themes.add(equality)
    for paragraph in ("20", "28 (a)"):
        recs[paragraph].themes.add(violence)
    law = recs["12 (a)"]
    Assignment.objects.create(recommendation=law, institution=own_institution, role="lead")
    update = ProgressUpdate.objects.create(
        recommendation=law,
        institution=own_institution,
        status=Status.IN_PROGRESS,
        narrative="The bill passed its first reading in Parliament.",
        date=datetime.date(2024, 5, 2),
        state=ProgressUpdate.State.ACCEPTED,
        author=people["focal_own"],
    )
    Evidence.objects.create(
        file="evidence/bill.pdf",
        original_name="bill-first-reading.pdf",
        content_type="application/pdf",
        size=10,
        progress_update=update,
    )
    activity = Activity.objects.create(
        title="Drafting committee on equality",
        description="Ministries and the NHRI",
        lead_institution=own_institution,
        start_date=datetime.date(2023, 6, 1),
        end_date=datetime.date(2024, 4, 30),
    )
    activity.recommendations.add(law)
    indicator = Indicator.objects.create(
        name="Discrimination complaints handled", unit="cases", baseline=10, target=100
    )
    indicator.recommendations.add(law)
    IndicatorValue.objects.create(indicator=indicator, date=datetime.date(2024, 1, 1), value=42)
    upr_rec = RecommendationFactory(paragraph="115.1", text="A UPR recommendation")
    return {"review": review, "cedaw": cedaw, "recs": recs, "upr": upr_rec}


def test_the_followup_reply_holds_exactly_the_followup_items(treaty, run_report):
    run = run_report(kind="treaty_followup", review=treaty["review"], formats=["docx"])
    assert run.status == "done", run.error
    assert run.result["recommendations"] == 2
    document = _docx(run)
    assert _headings(document, 2) == ["Paragraph 12 (a)", "Paragraph 20"]
    text = _text(document)
    assert "Follow-up reply to CEDAW" in text
    assert "CEDAW/C/SVN/CO/7" in text
    assert "The bill passed its first reading in Parliament." in text
    assert "Drafting committee on equality" in text
    assert "Discrimination complaints handled" in text
    assert "bill-first-reading.pdf" in text
    assert "Train judges on the Convention." not in text
    assert "A UPR recommendation" not in text
    # The page: A4 with the running title in the header and page numbers in the footer.
    section = document.sections[0]
    assert round(section.page_width.mm) == 210
    assert "Follow-up reply" in " ".join(p.text for p in section.header.paragraphs)


def test_the_periodic_report_answers_every_paragraph_by_theme_around_the_draft(
    treaty, run_report, people
):
    admin = people["secretariat_admin"]
    draft = draft_create(
        actor=admin, title="Eighth periodic report", kind="treaty_periodic", review=treaty["review"]
    )
    assert [s.value for s in draft.sections] == ["introduction", "tb_general", "tb_other"]
    draft_section_save(
        actor=admin,
        draft=draft,
        section="introduction",
        text="This report was prepared by the national mechanism.",
        based_on=0,
    )
    run = run_report(kind="treaty_periodic", review=treaty["review"], draft=draft, formats=["docx"])
    assert run.status == "done", run.error
    document = _docx(run)
    assert _headings(document, 2) == ["Equality", "Violence"]
    assert _headings(document, 3) == [
        "Paragraph 12 (a)",
        "Paragraph 12 (b)",
        "Paragraph 34",
        "Paragraph 20",
        "Paragraph 28 (a)",
    ]
    text = _text(document)
    assert "This report was prepared by the national mechanism." in text
    assert "Other measures and information" in text
    assert "The bill passed its first reading in Parliament." in text
    assert "A UPR recommendation" not in text
    assert run.result["word_count"] > 0


def test_a_treaty_report_needs_a_treaty_body_review(treaty, run_report):
    upr_review = treaty["upr"].review
    with pytest.raises(ValidationError) as error:
        run_report(kind="treaty_followup", review=upr_review)
    assert "another mechanism" in error.value.message_dict["review"][0]
    with pytest.raises(ValidationError) as error:
        run_report(kind="treaty_periodic")
    assert "review" in error.value.message_dict


def test_a_followup_reply_without_followup_items_is_refused(treaty, people, run_report):
    for rec in treaty["recs"].values():
        rec.is_followup_item = False
        rec.save()
    with pytest.raises(ValidationError) as error:
        run_report(kind="treaty_followup", review=treaty["review"])
    assert "follow-up" in error.value.message_dict["review"][0]


def test_a_periodic_report_takes_only_a_periodic_draft(treaty, people, run_report):
    national = draft_create(actor=people["secretariat_admin"], title="UPR", kind="national")
    with pytest.raises(ValidationError) as error:
        run_report(kind="treaty_periodic", review=treaty["review"], draft=national)
    assert "draft" in error.value.message_dict


def test_a_national_report_takes_only_a_national_draft(treaty, people, run_report):
    periodic = draft_create(
        actor=people["secretariat_admin"],
        title="Periodic",
        kind="treaty_periodic",
        review=treaty["review"],
    )
    with pytest.raises(ValidationError) as error:
        run_report(kind="national", draft=periodic)
    assert "draft" in error.value.message_dict


def test_a_run_scoped_to_one_body_covers_only_its_recommendations(treaty, run_report):
    run = run_report(kind="matrix", body=treaty["cedaw"])
    assert run.status == "done", run.error
    assert run.result["recommendations"] == 5
    run = run_report(kind="matrix", review=treaty["upr"].review)
    assert run.result["recommendations"] == 1


def test_a_body_and_a_review_of_another_body_are_refused(treaty, run_report):
    with pytest.raises(ValidationError) as error:
        run_report(kind="midterm", body=treaty["cedaw"], review=treaty["upr"].review)
    assert "body" in error.value.message_dict


def test_the_periodic_draft_page_offers_its_own_sections(client, people, treaty):
    draft = draft_create(
        actor=people["secretariat_admin"],
        title="Eighth periodic report",
        kind="treaty_periodic",
        review=treaty["review"],
    )
    client.force_login(people["secretariat_staff"])
    page = client.get(f"/workspace/reports/drafts/{draft.pk}/").content.decode()
    assert "Other measures and information" in page
    assert "Key national priorities" not in page
    # The UPR word limit is not theirs.
    assert "10,700" not in page
    assert "10700" not in page
    assert client.get(f"/workspace/reports/drafts/{draft.pk}/sections/tb_other/").status_code == 200
    url = f"/workspace/reports/drafts/{draft.pk}/sections/priorities/"
    assert client.get(url).status_code == 404
    assert ReportDraft.objects.get().kind == "treaty_periodic"


@pytest.mark.parametrize("kind", ["treaty_followup", "treaty_periodic"])
def test_both_reports_print_as_pdf_in_arabic_too(treaty, run_report, kind):
    from reporting.exports import pdf as pdf_export

    if not pdf_export.pdf_available()[0]:
        pytest.skip("Typst cannot load here")
    run = run_report(kind=kind, review=treaty["review"], formats=["pdf"], language="ar")
    assert run.status == "done", run.error
    run.pdf_file.open("rb")
    try:
        assert run.pdf_file.read(5) == b"%PDF-"
    finally:
        run.pdf_file.close()


def test_the_periodic_draft_goes_out_for_comment_on_its_own_sections(
    treaty, run_report, people, client
):
    from django.utils import timezone

    from mechanisms.models import Stakeholder
    from reporting.services.drafts import consultation_comment_add, consultation_open

    admin, nhri = people["secretariat_admin"], people["nhri"]
    draft = draft_create(
        actor=admin, title="Eighth periodic report", kind="treaty_periodic", review=treaty["review"]
    )
    draft_section_save(
        actor=admin, draft=draft, section="tb_general", text="New laws since 2019.", based_on=0
    )
    consultation = consultation_open(
        actor=admin,
        draft=draft,
        title="Periodic report: comments",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        stakeholders=Stakeholder.objects.filter(members__user=nhri),
    )
    sent = Document(io.BytesIO(consultation.attachment.read()))
    assert _headings(sent, 1) == [
        "Introduction",
        "General information and developments since the previous report",
        "Other measures and information",
    ]
    consultation_comment_add(
        actor=nhri, consultation=consultation, section="tb_general", body="Name the laws."
    )
    with pytest.raises(ValidationError):
        # A national report's section is not one of this draft's.
        consultation_comment_add(
            actor=nhri, consultation=consultation, section="priorities", body="?"
        )
    client.force_login(nhri)
    page = client.get(f"/workspace/reports/consultations/{consultation.pk}/").content.decode()
    assert 'value="tb_general"' in page
    assert 'value="priorities"' not in page
    run = run_report(
        kind="treaty_periodic",
        review=treaty["review"],
        draft=draft,
        formats=["docx"],
        include_consultation_annex=True,
    )
    document = _docx(run)
    assert _headings(document, 1)[-1] == "Annex: consultation on the draft"
    assert "Name the laws." in "\n".join(c.text for t in document.tables for c in t._cells)
