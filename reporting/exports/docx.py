"""Word documents (python-docx) from report blocks. Built-in styles (headings, Title, Quote,
List Bullet, Caption) plus a few named "Report …" styles, so Word and LibreOffice open them
without repair and a secretariat restyles the whole report from the style gallery. The page
(size, margins) is the PDF's: see ``reporting.exports.page``."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterable
from copy import deepcopy

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from reporting.exports.content import Block
from reporting.exports.page import HYPHENATED, column_percents, report_page

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}
# Characters XML 1.0 forbids; imported texts sometimes carry them (vertical tabs from Word).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
SPACE = qn("xml:space")
# Right-to-left scripts (Hebrew to NKo, and the Arabic presentation forms).
RTL_CHARACTER = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
# A left-to-right span inside right-to-left text: from a letter that is not right-to-left to
# the last such letter or digit before the next right-to-left character ("Ministry of
# Health", "Slovenia — UPR cycle 3, session 34").
LTR_SPAN = re.compile(f"[^\\W\\d_{RTL_CHARACTER}](?:[^{RTL_CHARACTER}]*[^\\W_{RTL_CHARACTER}])?")
NOT_RTL = re.compile(f"[^{RTL_CHARACTER}]*")
# Elements that follow w:bidi in w:pPr (ECMA-376 order; Word refuses files out of order).
AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)

# Word's tags for the languages whose text it hyphenates by other rules than English's.
WORD_LANGUAGES = {"fr": "fr-FR", "es": "es-ES", "ru": "ru-RU"}
# Elements that follow w:suppressAutoHyphens in w:pPr.
AFTER_SUPPRESS_AUTO_HYPHENS = (
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    *AFTER_BIDI,
)

RTL_STYLES = (
    "Normal",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "Title",
    "Subtitle",
    "Quote",
    "Caption",
    "List Bullet",
    "Header",
    "Footer",
    "TOC Heading",
    "Report Note",
    "Report Field",
)


def direction_runs(text: str) -> list[tuple[str, bool]]:
    """Right-to-left text cut into runs: (text, True) for the right-to-left ones,
    (text, False) for the left-to-right spans inside it. Word treats every space and mark of
    a w:rtl run as right-to-left, so a Latin name in such a run reads backwards ("Ministry of
    Health" as "Health of Ministry"); the spaces, brackets and punctuation between Latin and
    Arabic stay in the Arabic runs, so brackets mirror and full stops land where Arabic
    puts them."""
    runs: list[tuple[str, bool]] = []
    done = 0
    while match := LTR_SPAN.search(text, done):
        start = match.start()
        end = _balanced_end(text, start, match.end())
        if start > done:
            runs.append((text[done:start], True))
        runs.append((text[start:end], False))
        done = end
    if done < len(text) or not runs:
        runs.append((text[done:], True))
    return runs


def _balanced_end(text: str, start: int, end: int) -> int:
    """Where a left-to-right span ends once its brackets are paired: "Protocol (Ireland)"
    keeps its closing bracket, and "judges 0 (1 مارس …" leaves the bracket that opens
    Arabic text out."""
    if text.find("(", start, end) == -1:
        return end
    opened = []
    for i in range(start, end):
        if text[i] == "(":
            opened.append(i)
        elif text[i] == ")" and opened:
            opened.pop()
    limit = NOT_RTL.match(text, end).end()
    while opened and (close := text.find(")", end, limit)) != -1:
        end = close + 1
        opened.pop()
    if opened:
        end = LTR_SPAN.match(text, start, opened[0]).end()
    return end


def _set_rtl(document) -> None:
    """Right-to-left paragraphs (w:bidi) for Arabic, on every style the report uses; the
    Arabic runs get w:rtl (see ``text_runs``) so Word orders and shapes them as Arabic."""
    for style_name in RTL_STYLES:
        ppr = document.styles[style_name].element.get_or_add_pPr()
        ppr.insert_element_before(OxmlElement("w:bidi"), *AFTER_BIDI)
    # Complex-script language, so Word picks Arabic fonts and digits for w:rtl runs.
    _set_language(document, "w:bidi", "ar-SA")


def _set_language(document, attribute: str, language: str) -> None:
    """The text's language (w:val), or the right-to-left runs' (w:bidi), on the Normal
    style."""
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn(attribute), language)


def _hyphenates(language: str) -> bool:
    """Whether the tables are hyphenated: in the languages the PDF hyphenates its tables in."""
    return language.split("-")[0].lower() in HYPHENATED


def _hyphenation(document, language: str) -> None:
    """Automatic hyphenation, so Word breaks the tables' narrow headings ("Partially
    implemented" at 8.5 pt) at syllables instead of anywhere in a word; only the tables'
    paragraphs take it (``_hyphenated``), the body text keeps whole words, as in the PDF.
    Word hyphenates by the text's language, so a French report is marked French."""
    lang = language.split("-")[0].lower()
    if lang in WORD_LANGUAGES:  # the template's en-US otherwise
        _set_language(document, "w:val", WORD_LANGUAGES[lang])
    document.settings.element.find(qn("w:defaultTabStop")).addnext(OxmlElement("w:autoHyphenation"))
    document.styles["Normal"].element.get_or_add_pPr().insert_element_before(
        OxmlElement("w:suppressAutoHyphens"), *AFTER_SUPPRESS_AUTO_HYPHENS
    )


def _hyphenated(row) -> None:
    """A table row's paragraphs hyphenated, against the Normal style."""
    for p in row.iter(qn("w:p")):
        hyphenate = OxmlElement("w:suppressAutoHyphens")
        hyphenate.set(qn("w:val"), "0")
        p.get_or_add_pPr().insert_element_before(hyphenate, *AFTER_SUPPRESS_AUTO_HYPHENS)


def _named_styles(document) -> None:
    """The report's own styles, named so a secretariat can restyle them in Word."""
    styles = document.styles
    note = styles.add_style("Report Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.italic = True
    note.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    field = styles.add_style("Report Field", WD_STYLE_TYPE.PARAGRAPH)
    field.base_style = styles["Normal"]
    field.paragraph_format.space_after = Pt(2)
    label = styles.add_style("Report Label", WD_STYLE_TYPE.CHARACTER)
    label.font.bold = True
    label.element.rPr.get_or_add_bCs()  # bold in Arabic too
    if "TOC Heading" not in [s.name for s in styles]:
        toc = styles.add_style("TOC Heading", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = styles["Heading 1"]


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC): Word and LibreOffice compute it on opening."""
    p = paragraph._p if hasattr(paragraph, "_p") else paragraph

    def run_with(child):
        r = OxmlElement("w:r")
        r.append(child)
        p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(SPACE, "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    text = OxmlElement("w:t")
    text.text = placeholder or "1"
    run_with(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _page_setup(document, title: str, *, rtl: bool) -> None:
    page = report_page()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
    section.left_margin = section.right_margin = Mm(page.inline_mm)
    section.header_distance = section.footer_distance = Mm(page.header_mm)
    # The cover has no header or footer; the pages after it do.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header._p.extend(text_runs(title, rtl=rtl))
    header.style = document.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")
    # Ask Word to refresh the fields (the table of contents) when the file opens.
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _toc(writer) -> None:
    writer.paragraph(_("Contents"), "TOC Heading")
    p = writer.paragraph()
    _field(
        p,
        'TOC \\o "1-2" \\h \\z \\u',
        _("Right-click and choose Update Field to show the table of contents."),
    )


def text_runs(text: str, *, rtl: bool, style: str | None = None) -> list:
    """w:r elements holding ``text`` (line breaks as w:br) in the character style ``style``
    (a style id); in a right-to-left report only the right-to-left runs are marked w:rtl
    (see ``direction_runs``). Runs are copies of a prototype: an Arabic paragraph with a
    few Latin names is a handful of runs, and building each element anew made a large
    Arabic report several times slower."""
    pieces = direction_runs(text) if rtl else [(text, False)]
    runs = []
    for piece, piece_rtl in pieces:
        prototype = _run_prototype(style, piece_rtl)
        r = deepcopy(prototype)
        first, *others = CONTROL.sub("", piece).split("\n")
        r[-1].text = first
        for line in others:
            r.append(OxmlElement("w:br"))
            t = deepcopy(prototype[-1])
            t.text = line
            r.append(t)
        runs.append(r)
    return runs


@functools.cache
def _run_prototype(style: str | None, rtl: bool):
    """An empty run (its properties and one w:t) to copy."""
    r = OxmlElement("w:r")
    if style or rtl:
        properties = OxmlElement("w:rPr")
        if style:
            style_id = OxmlElement("w:rStyle")
            style_id.set(qn("w:val"), style)
            properties.append(style_id)
        if rtl:
            properties.append(OxmlElement("w:rtl"))
        r.append(properties)
    t = OxmlElement("w:t")
    t.set(SPACE, "preserve")
    r.append(t)
    return r


class _Writer:
    """Appends paragraphs in constant time. python-docx's ``add_paragraph`` looks for the
    section properties among all body children and resolves style names by scanning the
    style list, on every call: quadratic on a 15,000-paragraph report (a minute instead of
    seconds). Here both are looked up once."""

    def __init__(self, document, *, rtl: bool = False):
        self.document = document
        self.rtl = rtl
        self.anchor = document.element.body.sectPr
        self.style_ids: dict[str, str] = {}

    def paragraph(self, text: str = "", style: str | None = None):
        p = OxmlElement("w:p")
        self.anchor.addprevious(p)
        if style:
            p.style = self.style_id(style)
        if text:
            self.run(p, text)
        return p

    def style_id(self, style: str) -> str:
        if style not in self.style_ids:
            self.style_ids[style] = self.document.styles[style].style_id
        return self.style_ids[style]

    def run(self, p, text: str, *, label: bool = False) -> None:
        """Runs of text, line breaks kept, built directly (``add_run`` goes through the
        text character by character); in a right-to-left report one run per direction."""
        style = self.style_id("Report Label") if label else None
        for r in text_runs(text, rtl=self.rtl, style=style):
            p.append(r)

    def page_break(self) -> None:
        p = self.paragraph()
        r = OxmlElement("w:r")
        br = OxmlElement("w:br")
        br.set(qn("w:type"), "page")
        r.append(br)
        p.append(r)


TABLE_TEXT = Pt(8.5)


def _set_size(properties, size: Pt) -> None:
    """A font size for every script: w:sz, and w:szCs that w:rtl runs take theirs from
    (both in half-points)."""
    properties.get_or_add_sz().val = size
    complex_size = OxmlElement("w:szCs")
    complex_size.set(qn("w:val"), str(size.pt * 2).removesuffix(".0"))
    properties.sz.addnext(complex_size)


def _column_widths(table, percents: list[float] | None) -> None:
    """Fixed column widths (the grid and the header row's cells; the body rows are copies of
    a row added after this), as the PDF's; None leaves Word's equal columns."""
    if not percents:
        return
    page = report_page()
    text_mm = page.width_mm - 2 * page.inline_mm
    table.autofit = False
    for column, percent in zip(table.columns, percents, strict=True):
        column.width = Mm(text_mm * percent / 100)
        for cell in column.cells:
            cell.width = column.width


def _table(document, block: Block, *, rtl: bool = False, hyphenate: bool = False) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    if rtl:
        # Columns from right to left (w:bidiVisual comes first in w:tblPr).
        table._tbl.tblPr.insert(0, OxmlElement("w:bidiVisual"))
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        for r in text_runs(str(text), rtl=rtl):
            properties = r.get_or_add_rPr()
            properties.get_or_add_b()
            properties.get_or_add_bCs()  # bold in Arabic too (a w:rtl run)
            cell.paragraphs[0]._p.append(r)
    _column_widths(table, column_percents(len(block.header)))
    # Repeat the header row on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    # Rows built as XML from one empty row: python-docx's ``add_row().cells`` walks the
    # whole table on each call (quadratic: seconds for the 1,000-row annex).
    blank = table.add_row()._tr
    blank.getparent().remove(blank)
    if hyphenate:
        _hyphenated(table.rows[0]._tr)
        _hyphenated(blank)
    for values in block.rows:
        tr = deepcopy(blank)
        for tc, value in zip(tr.iter(qn("w:tc")), values, strict=True):
            tc.find(qn("w:p")).extend(text_runs(str(value), rtl=rtl))
        table._tbl.append(tr)
    # The PDF's table text size (8.5 pt, sz in half-points; szCs for Arabic): at the body's
    # 10.5 pt the headings of the figures' columns broke in the middle of their words.
    for r in table._tbl.iter(qn("w:r")):
        properties = r.get_or_add_rPr()
        _set_size(properties, TABLE_TEXT)
    document.add_paragraph()


def render(
    blocks: Iterable[Block], *, title: str, language: str = "en", rtl: bool = False
) -> bytes:
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = language
    # Arabic text (w:rtl runs, szCs) the size of the Latin names beside it.
    _set_size(document.styles["Normal"].element.get_or_add_rPr(), Pt(10.5))
    _named_styles(document)
    if rtl:
        _set_rtl(document)
    _page_setup(document, title, rtl=rtl)
    hyphenate = _hyphenates(language)
    if hyphenate:
        _hyphenation(document, language)
    writer = _Writer(document, rtl=rtl)
    for block in blocks:
        kind = block.kind
        if kind in HEADINGS:
            writer.paragraph(block.text, f"Heading {HEADINGS[kind]}")
        elif kind == "title":
            writer.paragraph(block.text, "Title")
        elif kind == "subtitle":
            writer.paragraph(block.text, "Subtitle")
        elif kind == "note":
            writer.paragraph(block.text, "Report Note")
        elif kind == "pagebreak":
            writer.page_break()
        elif kind == "toc":
            _toc(writer)
        elif kind == "quote":
            writer.paragraph(block.text, "Quote")
        elif kind in ("field", "p"):
            p = writer.paragraph(style="Report Field" if kind == "field" else None)
            if block.label:
                writer.run(p, f"{block.label}: " if block.text else block.label, label=True)
            if block.text:
                writer.run(p, block.text)
        elif kind == "bullet":
            writer.paragraph(block.text, "List Bullet")
        elif kind == "table":
            _table(document, block, rtl=rtl, hyphenate=hyphenate)
        elif kind == "image":
            p = writer.paragraph()
            if rtl:  # the emblem at the start of the line, on the right (LibreOffice too)
                p.get_or_add_pPr().append(OxmlElement("w:bidi"))
            run = Paragraph(p, document._body).add_run()
            run.add_picture(io.BytesIO(block.image), width=Cm(block.width_cm or 16))
            if block.text:
                writer.paragraph(block.text, "Caption")
        else:  # pragma: no cover - a programming error
            raise ValueError(f"unknown block kind {kind!r}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
