"""Word documents (python-docx) from report blocks, with built-in styles only, so Word and
LibreOffice open them without repair and people can restyle them."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reporting.exports.content import Block

HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
# Characters XML 1.0 forbids; imported texts sometimes carry them (vertical tabs from Word).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
SPACE = qn("xml:space")
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


def _set_rtl(document) -> None:
    """Right-to-left paragraphs and table order for Arabic."""
    for style_name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "List Bullet"):
        ppr = document.styles[style_name].element.get_or_add_pPr()
        ppr.insert_element_before(OxmlElement("w:bidi"), *AFTER_BIDI)


class _Writer:
    """Appends paragraphs in constant time. python-docx's ``add_paragraph`` looks for the
    section properties among all body children and resolves style names by scanning the
    style list, on every call: quadratic on a 15,000-paragraph report (a minute instead of
    seconds). Here both are looked up once."""

    def __init__(self, document):
        self.document = document
        self.anchor = document.element.body.sectPr
        self.style_ids: dict[str, str] = {}

    def paragraph(self, text: str = "", style: str | None = None):
        p = OxmlElement("w:p")
        self.anchor.addprevious(p)
        if style:
            if style not in self.style_ids:
                self.style_ids[style] = self.document.styles[style].style_id
            p.style = self.style_ids[style]
        if text:
            self.run(p, text)
        return p

    @staticmethod
    def run(p, text: str, *, bold: bool = False, italic: bool = False) -> None:
        """A run of text, line breaks kept, built directly (``add_run`` goes through the
        text character by character)."""
        r = OxmlElement("w:r")
        if bold or italic:
            properties = OxmlElement("w:rPr")
            if bold:
                properties.append(OxmlElement("w:b"))
            if italic:
                properties.append(OxmlElement("w:i"))
            r.append(properties)
        for n, line in enumerate(CONTROL.sub("", text).split("\n")):
            if n:
                r.append(OxmlElement("w:br"))
            t = OxmlElement("w:t")
            t.text = line
            t.set(SPACE, "preserve")
            r.append(t)
        p.append(r)

    def page_break(self) -> None:
        p = self.paragraph()
        r = OxmlElement("w:r")
        br = OxmlElement("w:br")
        br.set(qn("w:type"), "page")
        r.append(br)
        p.append(r)


def _table(document, block: Block) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
    # Repeat the header row on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for values in block.rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = CONTROL.sub("", str(value))
    document.add_paragraph()


def render(
    blocks: Iterable[Block], *, title: str, language: str = "en", rtl: bool = False
) -> bytes:
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = language
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    if rtl:
        _set_rtl(document)
    writer = _Writer(document)
    for block in blocks:
        kind = block.kind
        if kind in HEADINGS:
            writer.paragraph(block.text, f"Heading {HEADINGS[kind]}")
        elif kind == "title":
            writer.paragraph(block.text, "Title")
        elif kind == "subtitle":
            writer.paragraph(block.text, "Subtitle")
        elif kind == "note":
            writer.run(writer.paragraph(), block.text, italic=True)
        elif kind == "pagebreak":
            writer.page_break()
        elif kind == "quote":
            writer.paragraph(block.text, "Quote")
        elif kind in ("field", "p"):
            p = writer.paragraph()
            if block.label:
                writer.run(p, f"{block.label}: " if block.text else block.label, bold=True)
            if block.text:
                writer.run(p, block.text)
        elif kind == "bullet":
            writer.paragraph(block.text, "List Bullet")
        elif kind == "table":
            _table(document, block)
        elif kind == "image":
            document.add_picture(io.BytesIO(block.image), width=Cm(16))
            writer.paragraph(block.text, "Caption")
        else:  # pragma: no cover - a programming error
            raise ValueError(f"unknown block kind {kind!r}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
