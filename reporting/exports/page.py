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


# A table of figures (a name, then a column per status and a total) gives its first column
# this share of the text width: with equal columns the names broke into a word a line.
NAME_COLUMN_PERCENT = 22.0


def column_percents(count: int) -> list[float] | None:
    """The shares (percent of the text width) of a table's columns, both writers alike:
    a table of five columns or more gives its first column ``NAME_COLUMN_PERCENT`` and the
    others the rest in equal parts; a narrower one (None) shares the width equally."""
    if count < 5:
        return None
    rest = round((100 - NAME_COLUMN_PERCENT) / (count - 1), 3)
    return [NAME_COLUMN_PERCENT] + [rest] * (count - 1)


# The report languages whose table text both writers hyphenate (the narrow status headings of
# a table of figures); Typst and Word have patterns for them, not for Arabic.
HYPHENATED = {"en", "fr", "es", "ru", "zh"}
