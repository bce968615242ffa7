"""PDF from report blocks: an HTML template printed by WeasyPrint.

WeasyPrint needs the Pango library; on a machine without it the import fails. That must not
break the app, only the PDF: the run fails with a message saying what is missing.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reporting.exports.content import Block


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


def _prepared(blocks: Iterable[Block]):
    """Blocks with images as data URIs, and runs of bullets as one list (far fewer boxes
    for WeasyPrint to lay out than one list per line)."""
    bullets: list[str] = []
    for block in blocks:
        if block.kind == "bullet":
            bullets.append(block.text)
            continue
        if bullets:
            yield Block("bullets", rows=bullets), ""
            bullets = []
        if block.kind == "image":
            yield block, "data:image/png;base64," + base64.b64encode(block.image).decode()
        else:
            yield block, ""
    if bullets:
        yield Block("bullets", rows=bullets), ""


def render(
    blocks: Iterable[Block], *, title: str, language: str = "en", rtl: bool = False
) -> bytes:
    weasyprint = load_weasyprint()
    html = render_to_string(
        "reporting/pdf/report.html",
        {"blocks": _prepared(blocks), "title": title, "language": language, "rtl": rtl},
    )
    return weasyprint.HTML(string=html).write_pdf()
