"""The page both writers print on: one size and one set of margins, so the Word document and
the PDF paginate alike."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Page:
    name: str  # CSS @page size keyword
    width_mm: float
    height_mm: float
    top_mm: float = 25
    bottom_mm: float = 22
    inline_mm: float = 22  # left and right
    header_mm: float = 12  # distance of header and footer from the edge


PAGES = {"a4": Page("A4", 210, 297), "letter": Page("letter", 215.9, 279.4)}


def report_page() -> Page:
    return PAGES.get(str(settings.NRTD_REPORT_PAPER).lower(), PAGES["a4"])
