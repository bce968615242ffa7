"""PDF from report blocks: an HTML template printed by WeasyPrint.

WeasyPrint needs the Pango library; on a machine without it the import fails. That must not
break the app, only the PDF: the run fails with a message saying what is missing.

Where the time goes (issue 18; 1,000 recommendations, 3,000 activities, 470 pages; cProfile on
a loaded 2-core machine): layout about 62% (Pango line breaking most of it; the page margin
boxes about a tenth of layout; list markers, each an absolutely positioned box, about a
sixth), drawing about 28% (glyph runs, draw_text). Bullets as hanging-indent paragraphs
instead of list items: 52.7 and 54.0 s CPU, 459 MB peak, against 59.3 and 61.2 s, 522 MB
(bench_reporting --only pdf, same 470 pages). Charts are two PNGs: data URIs cost nothing
measurable. LibreOffice measured on the same report's .docx
(same machine and load, CPU seconds of soffice): ``--convert-to pdf`` 29 s but its table of
contents is Word's "update field" placeholder; updating the index through UNO first (twice,
the page numbers shift) 46 s CPU, 265 s wall and 357 MB in soffice, against 69-74 s CPU and
240-370 s wall here. Not ten times cheaper, and it needs LibreOffice and its Python bridge on
every worker, so WeasyPrint stays the one path.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reporting.exports.content import Block
from reporting.exports.page import column_percents, report_page


class PdfUnavailable(Exception):
    """WeasyPrint (or the system libraries it needs) cannot be loaded here."""


def load_weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            _(
                "PDF output is not available on this server: WeasyPrint could not be loaded "
                "(%(error)s). Install the Pango library on the worker, or ask for the Word "
                "document only."
            )
            % {"error": exc}
        ) from exc
    return weasyprint


def pdf_available() -> tuple[bool, str]:
    try:
        load_weasyprint()
    except PdfUnavailable as exc:
        return False, str(exc)
    return True, ""


def _prepared(blocks: Iterable[Block]) -> tuple[list, list]:
    """(block, image source, anchor id or a table's column widths) pairs, and the table of
    contents' entries (level, text, anchor). Runs of bullets become one list (far fewer boxes
    for WeasyPrint to lay out than one list per line)."""
    prepared: list = []
    toc: list[tuple[int, str, str]] = []
    bullets: list[str] = []
    for block in blocks:
        if block.kind == "bullet":
            bullets.append(block.text)
            continue
        if bullets:
            prepared.append((Block("bullets", rows=bullets), ""))
            bullets = []
        if block.kind == "image":
            prepared.append(
                (block, "data:image/png;base64," + base64.b64encode(block.image).decode())
            )
        elif block.kind == "table" and block.label == "matrix":
            # The annex: a line per recommendation, not a table. WeasyPrint lays out a table
            # of 6,000 cells in about 15 s; the same text as lines in under 2 s.
            prepared.append((Block("lines", header=block.header, rows=block.rows), ""))
        elif block.kind == "table":
            prepared.append((block, column_percents(len(block.header)) or ""))
        elif block.kind in ("h1", "h2"):
            anchor = f"s{len(toc) + 1}"
            toc.append((int(block.kind[1]), block.text, anchor))
            prepared.append((block, anchor))
        else:
            prepared.append((block, ""))
    if bullets:
        prepared.append((Block("bullets", rows=bullets), ""))
    return prepared, toc


def render(
    blocks: Iterable[Block], *, title: str, language: str = "en", rtl: bool = False
) -> bytes:
    weasyprint = load_weasyprint()
    prepared, toc = _prepared(blocks)
    html = render_to_string(
        "reporting/pdf/report.html",
        {
            "blocks": prepared,
            "toc": toc,
            "title": title,
            # Inside a CSS string in a <style> element: no quote, backslash or markup.
            "running_title": "".join(c for c in title if c not in '"\\<>'),
            "language": language,
            "rtl": rtl,
            "page": report_page(),
        },
    )
    return weasyprint.HTML(string=html).write_pdf()
