"""How the writers lay a report out. A table of figures (a name, a column per status, a
total) gives its first column more room, in Word and in the PDF alike: with equal columns a
theme's name broke into a word a line, and Word cut words in the middle. An Arabic cover's
emblem sits on the right, where the lines start."""

import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from PIL import Image

from reporting.exports import docx as docx_export
from reporting.exports import pdf as pdf_export
from reporting.exports import typst_source
from reporting.exports.content import Block
from reporting.exports.page import NAME_COLUMN_PERCENT, column_percents, report_page

STATUSES = ["Theme", "Not started", "In progress", "Partially", "Fully", "N/A", "Total"]
FIGURES = Block("table", header=STATUSES, rows=[["Constitutional framework", 1, 2, 3, 4, 5, 15]])
PNG_OUT = io.BytesIO()
Image.new("RGB", (60, 60), (20, 90, 160)).save(PNG_OUT, format="PNG")
PNG = PNG_OUT.getvalue()
PAIRS = Block("table", header=["Status", "Items"], rows=[["Not started", 2]])
LATIN = re.compile("[A-Za-z]")


def test_a_table_of_figures_gives_its_first_column_more_room():
    percents = column_percents(len(STATUSES))
    assert percents[0] == NAME_COLUMN_PERCENT
    assert all(p < NAME_COLUMN_PERCENT / 1.5 for p in percents[1:])
    assert abs(sum(percents) - 100) < 0.01
    assert column_percents(2) is None  # a narrow table shares the width equally


def test_word_table_has_the_same_fixed_widths_in_every_row():
    data = docx_export.render([Block("title", "T"), FIGURES, PAIRS], title="T")
    figures, pairs = Document(io.BytesIO(data)).tables
    page = report_page()
    first = Mm((page.width_mm - 2 * page.inline_mm) * NAME_COLUMN_PERCENT / 100)
    for row in figures.rows:  # the header and the body rows
        assert abs(row.cells[0].width - first) < Mm(0.5)
        assert row.cells[1].width < first / 1.5
    assert pairs.rows[0].cells[0].width == pairs.rows[0].cells[1].width  # equal, as before


def test_pdf_table_of_figures_carries_the_same_widths(tmp_path):
    text = typst_source.body([FIGURES, PAIRS], tmp_path, rtl=False, image_prefix="i")
    shares = ", ".join(f"{share}%" for share in column_percents(len(STATUSES)))
    assert f"#table(columns: ({shares})," in text
    assert "#table(columns: 2 * (1fr,)," in text  # equal, as before


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is missing")
def test_pdf_prints_typst_markup_in_the_data_as_typed():
    """Text from the database is a string to Typst, never markup or code."""
    typed = 'Adopt *the* law #panic("no") [now] $x$ _and_ \\ "quotes" <label> @ref // not a comment'
    blocks = [
        Block("title", "Report"),
        Block("p", typed, label="Label #1 ]"),
        Block("bullet", typed),
        Block("table", header=["A", "B"], rows=[[typed, "x"]]),
    ]
    data = pdf_export.render(blocks, title='Title with "quotes" and \\', language="en")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Label #1 ]: " + typed in flat
    assert flat.count(typed) >= 2


def test_arabic_word_cover_puts_the_emblem_in_a_right_to_left_paragraph():
    emblem = Block("image", label="Emblem", image=PNG, width_cm=3)
    for rtl in (False, True):
        data = docx_export.render([emblem, Block("title", "T")], title="T", rtl=rtl)
        document = Document(io.BytesIO(data))
        first = document.paragraphs[0]._p
        assert first.xpath(".//pic:pic")
        assert bool(first.xpath("./w:pPr/w:bidi")) is rtl
        assert abs(document.inline_shapes[0].width - Cm(3)) < Cm(0.1)


def test_word_table_text_is_the_pdfs_size_in_both_scripts():
    for rtl in (False, True):
        data = docx_export.render([FIGURES], title="T", rtl=rtl)
        table = Document(io.BytesIO(data)).tables[0]
        runs = [r for row in table.rows for c in row.cells for p in c.paragraphs for r in p.runs]
        assert runs
        assert all(r.font.size == Pt(8.5) for r in runs)
        assert all(r._r.rPr.find(qn("w:szCs")).get(qn("w:val")) == "17" for r in runs)
        # Latin names and headings are never w:rtl (Word would read them backwards).
        assert all(
            bool(r._r.rPr.xpath("./w:rtl")) is (rtl and not LATIN.search(r.text)) for r in runs
        )
        heading = [r for r in table.rows[0].cells[0].paragraphs[0].runs if r.text]
        assert heading
        assert all(r._r.rPr.xpath("./w:bCs") for r in heading)


def test_a_pdf_is_split_into_parts_at_chapters_and_after_its_contents(monkeypatch):
    monkeypatch.setattr(pdf_export, "PART_UNITS", 3)
    cover = [Block("title", "T"), Block("pagebreak"), Block("toc")]
    one = [Block("h1", "One"), Block("p", "a"), Block("p", "b"), Block("h3", "1.1")]
    two = [Block("h1", "Two"), Block("p", "c"), Block("h3", "2.1"), Block("p", "d")]
    table = [Block("h3", "2.2"), Block("table", header=["A"], rows=[["x"]] * 7)]
    rest = [Block("h3", "2.3"), Block("p", "e")]
    front, parts = pdf_export.split([*cover, *one, *two, *table, *rest])
    assert front == cover
    # A part ends at a chapter once it holds PART_UNITS (a block or a table row a unit),
    # inside a chapter only at twice that.
    assert parts == [one, [*two, *table], rest]
    front, parts = pdf_export.split(one)
    assert front == []
    assert parts == [one]


@pytest.mark.skipif(not shutil.which("pdfimages"), reason="pdfimages (poppler-utils) is missing")
def test_a_jpeg_emblem_prints_on_the_pdf_cover(tmp_path):
    jpeg = io.BytesIO()
    Image.new("RGB", (60, 60), (160, 20, 20)).save(jpeg, format="JPEG")
    blocks = [
        Block("image", label="Emblem", image=jpeg.getvalue(), width_cm=3),
        Block("title", "T"),
    ]
    path = tmp_path / "cover.pdf"
    path.write_bytes(pdf_export.render(blocks, title="T"))
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    assert len(listing.stdout.strip().splitlines()) == 3  # two header lines, one image


def runs_of(paragraph) -> list[tuple[str, bool]]:
    return [(r.text, bool(r._r.xpath("./w:rPr/w:rtl"))) for r in paragraph.runs]


def test_arabic_word_marks_only_the_arabic_runs_right_to_left():
    """Word treats the spaces and punctuation of a w:rtl run as right-to-left, so a Latin name
    in one reads backwards ("Health of Ministry"); the Arabic runs keep the brackets and stops
    next to them, and the text is kept as it is, with no marks added."""
    intro = "تلقتها (Slovenia — UPR cycle 3, session 34)."
    blocks = [
        Block("p", intro),
        Block("field", "مؤيَّدة; Ministry of Health; التنفيذ 45%", label="الرد"),
        Block("table", header=["الفقرة", "المؤسسة"], rows=[["(115.1)", "Bench ministry 4"]]),
    ]
    document = Document(io.BytesIO(docx_export.render(blocks, title="تقرير", rtl=True)))
    first, field = document.paragraphs[:2]
    assert runs_of(first) == [
        ("تلقتها (", True),
        ("Slovenia — UPR cycle 3, session 34", False),
        (").", True),
    ]
    assert first.text == intro
    assert runs_of(field) == [
        ("الرد: ", True),
        ("مؤيَّدة; ", True),
        ("Ministry of Health", False),
        ("; التنفيذ 45%", True),
    ]
    label = document.styles["Report Label"]
    assert field.runs[0]._r.rPr.style == label.style_id
    # Labels bold and body text 10.5 pt in Arabic too: w:rtl runs take w:bCs and w:szCs.
    assert label.element.xpath("./w:rPr/w:bCs")
    assert document.styles["Normal"].element.xpath("./w:rPr/w:szCs/@w:val") == ["21"]
    row = document.tables[0].rows[1]
    assert runs_of(row.cells[0].paragraphs[0]) == [("(115.1)", True)]
    assert runs_of(row.cells[1].paragraphs[0]) == [("Bench ministry 4", False)]
    # The running title too; an English report has no w:rtl run at all.
    assert runs_of(document.sections[0].header.paragraphs[0]) == [("تقرير", True)]
    english = docx_export.render([Block("p", intro), *blocks[1:]], title="T")
    assert b"<w:rtl/>" not in english


def test_a_latin_span_keeps_its_own_brackets_and_leaves_arabic_ones_out():
    assert docx_export.direction_runs("Ratify the Protocol (Ireland).") == [
        ("Ratify the Protocol (Ireland)", False),
        (".", True),
    ]
    assert docx_export.direction_runs("Training 0 (1 مارس 2021; Ministry of Health)") == [
        ("Training 0", False),
        (" (1 مارس 2021; ", True),
        ("Ministry of Health", False),
        (")", True),
    ]
    assert docx_export.direction_runs("110.16") == [("110.16", True)]
    assert docx_export.direction_runs("") == [("", True)]


@pytest.mark.parametrize(("language", "tag"), [("en", "en-US"), ("fr", "fr-FR")])
def test_word_hyphenates_the_tables_and_not_the_body(language, tag):
    """Narrow status headings ("Partially implemented" at 8.5 pt) break at syllables, as in
    the PDF, instead of in the middle of a word; body paragraphs keep whole words."""
    data = docx_export.render([Block("p", "Text"), FIGURES], title="T", language=language)
    document = Document(io.BytesIO(data))
    assert document.settings.element.xpath("./w:autoHyphenation")
    normal = document.styles["Normal"].element
    assert normal.xpath("./w:pPr/w:suppressAutoHyphens[not(@w:val)]")
    assert document.paragraphs[0]._p.pPr is None  # the body follows Normal
    cells = [p._p for row in document.tables[0].rows for c in row.cells for p in c.paragraphs]
    assert all(p.xpath("./w:pPr/w:suppressAutoHyphens/@w:val") == ["0"] for p in cells)
    # Word hyphenates by the text's language.
    assert (normal.xpath("./w:rPr/w:lang/@w:val") or ["en-US"]) == [tag]


def test_word_does_not_hyphenate_arabic():
    data = docx_export.render([FIGURES], title="T", language="ar", rtl=True)
    assert not Document(io.BytesIO(data)).settings.element.xpath("./w:autoHyphenation")
