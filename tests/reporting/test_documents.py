"""The mid-term report as a document: page, fields, structure and text of the .docx and the
.pdf, in English and in Arabic; the report form's formats."""

import re
import subprocess
from collections import Counter

import pikepdf
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from rest_framework.test import APIClient

from reporting.exports import pdf as pdf_export
from reporting.exports.localize import file_slug, long_date, state_name
from reporting.forms import ReportRunForm
from reporting.models import ReportRun
from tests.reporting.test_runs import database_counts, docx_of, headings, table_counts

pytestmark = pytest.mark.django_db

PARAGRAPH = re.compile(r"^\d+\.\d+$")
CLUSTERS = ["Right to health", "Administration of justice", "Other recommendations"]


def needs_pdf():
    available, reason = pdf_export.pdf_available()
    if not available:
        pytest.skip(f"Typst cannot load here: {reason}")


def pdf_text(run, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, run.pdf_file.path, "-"], capture_output=True, text=True, check=True
    ).stdout


def instructions(element) -> list[str]:
    return [t.text.strip() for t in element.iter(qn("w:instrText"))]


def test_docx_is_a4_with_a_toc_field_and_page_numbers_in_the_footer(run_report, dataset):
    document = docx_of(run_report(kind="midterm", formats=["docx"], review=dataset["review"]))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert abs(section.left_margin - Mm(22)) < Mm(0.1)
    assert abs(section.right_margin - Mm(22)) < Mm(0.1)
    assert any(i.startswith("TOC ") for i in instructions(document.element.body))
    assert "PAGE" in instructions(section.footer._element)
    assert section.header.paragraphs[0].text == "Mid-term report"
    styles = {s.name for s in document.styles}
    assert {"Report Note", "Report Field", "Report Label"} <= styles


def test_letter_paper_is_a_setting(run_report, dataset, settings):
    settings.NRTD_REPORT_PAPER = "Letter"
    document = docx_of(run_report(kind="midterm", formats=["docx"], review=dataset["review"]))
    assert abs(document.sections[0].page_width - Mm(215.9)) < Mm(1)


def test_docx_has_one_chapter_per_cluster_with_its_merged_narrative(run_report, dataset):
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"])
    document = docx_of(run)
    level1 = headings(document, 1)
    for name in ("Introduction", "Methodology", "Executive summary"):
        assert level1.count(name) == 1
    assert [h for h in level1 if h in CLUSTERS] == CLUSTERS
    paragraphs = [p.text for p in document.paragraphs]
    # The chapter on health carries its accepted narrative, with the paragraph it reports on.
    start = paragraphs.index("Right to health", paragraphs.index("Executive summary"))
    chapter = paragraphs[start : paragraphs.index("Administration of justice", start)]
    assert "The curriculum was adopted in 2021. (115.1)" in chapter
    assert any(p.startswith("Judges trained: latest 120 persons (Jan 1, 2022)") for p in chapter)
    # The introduction and methodology are written from the data.
    intro = paragraphs[paragraphs.index("Introduction") + 1]
    assert "Slovenia" in intro
    assert "12 recommendations" in "\n".join(paragraphs)
    # Every in-scope recommendation exactly once, and the counts the database's.
    numbers = [h for h in headings(document, 3) if PARAGRAPH.match(h)]
    assert Counter(numbers) == Counter(r.paragraph for r in dataset["recs"])
    assert table_counts(document.tables[0]) == database_counts(run)
    annex = document.tables[-1]
    assert len(annex.rows) == 1 + 12


def test_no_cluster_set_groups_by_sdg_goal_not_one_row(run_report, dataset):
    dataset["cluster_set"].delete()
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"])
    assert run.status == "done", run.error
    level1 = headings(docx_of(run), 1)
    assert "All recommendations" not in level1
    assert any(h.startswith("Goal 3") for h in level1)
    assert "Other recommendations" in level1


def test_pdf_has_the_docx_paragraphs_and_page_numbers(run_report, dataset):
    needs_pdf()
    run = run_report(kind="midterm", formats=["docx", "pdf"], review=dataset["review"])
    assert run.status == "done", run.error
    text = pdf_text(run, "-layout")
    flat = " ".join(text.split())
    for h in headings(docx_of(run), 3):
        assert re.search(rf"(?m)^\s*{re.escape(h)}\s*$", text), h
    assert "The curriculum was adopted in 2021. (115.1)" in flat
    pages = text.split("\f")[:-1]
    assert len(pages) >= 5
    # Page 1 is the cover, unnumbered; the others end with their number.
    for number, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[-1].strip() == str(number)
    # A table of contents with page numbers.
    assert re.search(r"Right to health\s*\.+\s*\d+", pages[1])


def test_a_pdf_typeset_in_parts_is_numbered_and_its_contents_filled_as_one(
    run_report, dataset, monkeypatch
):
    """A long report is typeset a part at a time (reporting.exports.pdf): parts this small
    give one per chapter or section, and the joined file reads as one document."""
    needs_pdf()
    typeset = []
    original = pdf_export._Document.part

    def part(self, name, *args, **kwargs):
        typeset.append(name)
        return original(self, name, *args, **kwargs)

    monkeypatch.setattr(pdf_export, "PART_UNITS", 5)
    monkeypatch.setattr(pdf_export._Document, "part", part)
    run = run_report(kind="midterm", formats=["pdf"], review=dataset["review"])
    assert run.status == "done", run.error
    assert len({name for name in typeset if name.startswith("part")}) >= 4
    pages = pdf_text(run, "-layout").split("\f")[:-1]
    for number, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[-1].strip() == str(number)
    # Each line of the contents gives the page its heading is on.
    entries = re.findall(r"(?m)^\s*(\S.*?\S)\s*\.{3,}\s*(\d+)\s*$", pages[1])
    assert "Right to health" in [heading for heading, _number in entries]
    assert len(entries) >= 8
    for heading, number in entries:
        assert heading in " ".join(pages[int(number) - 1].split()), heading
    # Bookmarks for the chapters, their sections beneath.
    with pikepdf.open(run.pdf_file.path) as document, document.open_outline() as outline:
        chapters = {item.title: [c.title for c in item.children] for item in outline.root}
        assert document.docinfo["/Title"] == "Mid-term report"
    assert "Progress" in chapters["Right to health"]
    assert {"Introduction", "Executive summary", "Administration of justice"} <= set(chapters)


def test_arabic_pdf_cover_date_is_arabic_text_in_an_embedded_arabic_font(run_report, dataset):
    needs_pdf()
    run = run_report(kind="midterm", formats=["docx", "pdf"], review=dataset["review"])
    ar = run_report(
        kind="midterm", formats=["docx", "pdf"], review=dataset["review"], language="ar"
    )
    assert ar.status == "done", ar.error
    cover = pdf_text(ar, "-l", "1")
    assert "\ufffd" not in cover
    assert state_name("SI", "Slovenia", "ar") in cover  # سلوفينيا, from CLDR
    # The date written out in Arabic (pdftotext wraps the digits in direction marks).
    month, year = long_date(ar.finished.date(), "ar").split()[1:]
    assert re.search(r"[\u0600-\u06ff]", month)
    assert month in cover
    assert year in cover
    assert re.search(r"[\u0600-\u06ff]{3,}", cover)
    fonts = subprocess.run(
        ["pdffonts", ar.pdf_file.path], capture_output=True, text=True, check=True
    ).stdout
    embedded = [line for line in fonts.splitlines()[2:] if " yes " in line]
    assert any("DejaVu" in line or "Arabic" in line or "Naskh" in line for line in embedded)
    # The file name reads in Arabic; the English one in English.
    assert ar.pdf_file.name.split("/")[-1].startswith("تقرير")
    assert run.pdf_file.name.split("/")[-1].startswith("mid-term-report-")


def test_arabic_docx_paragraphs_and_runs_are_right_to_left(run_report, dataset):
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"], language="ar")
    document = docx_of(run)
    normal = document.styles["Normal"].element
    assert normal.find(qn("w:pPr")).find(qn("w:bidi")) is not None
    runs = list(document.element.body.iter(qn("w:r")))
    rtl = [
        r
        for r in runs
        if r.find(qn("w:rPr")) is not None and r.find(qn("w:rPr")).find(qn("w:rtl")) is not None
    ]
    assert len(rtl) > len(runs) / 2


def test_file_slugs_are_readable_in_every_script():
    assert file_slug("Mid-term report") == "mid-term-report"
    assert file_slug("Rapport à mi-parcours") == "rapport-a-mi-parcours"
    assert file_slug("تقرير منتصف المدة") == "تقرير-منتصف-المدة"
    assert file_slug("中期报告") == "中期报告"
    assert file_slug("???") == "report"


def test_state_names_come_from_cldr_in_the_six_un_languages():
    names = {
        lang: state_name("FR", "France", lang) for lang in ("en", "fr", "es", "ar", "ru", "zh-hans")
    }
    assert names == {
        "en": "France",
        "fr": "France",
        "es": "Francia",
        "ar": "فرنسا",
        "ru": "Франция",
        "zh-hans": "法国",
    }
    assert state_name("", "Kosovo*", "ar") == "Kosovo*"


def test_report_form_ticks_word_and_pdf_and_an_empty_choice_is_refused(
    client, people, dataset, django_capture_on_commit_callbacks
):
    assert ReportRunForm().fields["formats"].initial == ["docx", "pdf"]
    client.force_login(people["secretariat_staff"])
    page = client.get("/workspace/reports/").content.decode()
    assert re.search(r'value="docx"[^>]*checked', page)
    assert re.search(r'value="pdf"[^>]*checked', page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/workspace/reports/",
            {"kind": "midterm", "review": dataset["review"].pk, "language": "en"},
        )
    assert response.status_code == 400
    assert "Choose at least one of the formats" in response.content.decode()
    assert not ReportRun.objects.exists()


def test_the_api_refuses_an_empty_list_of_formats_through_the_same_service(people, dataset):
    api = APIClient()
    api.force_authenticate(people["secretariat_staff"])
    response = api.post(
        "/api/v1/reports/",
        {"kind": "midterm", "review": dataset["review"].pk, "formats": []},
        format="json",
    )
    assert response.status_code == 400
    assert "Choose at least one of the formats" in str(response.json())
    assert not ReportRun.objects.exists()
    response = api.post(
        "/api/v1/reports/",
        {"kind": "midterm", "review": dataset["review"].pk, "formats": ["docx", "pdf"]},
        format="json",
    )
    assert response.status_code == 202
    assert response.json()["formats"] == ["docx", "pdf"]
