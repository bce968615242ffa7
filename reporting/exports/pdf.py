"""PDF from report blocks, typeset by Typst in a child process.

Why Typst (issue 18). The report used to be an HTML page printed by WeasyPrint. Measured on
the same mid-term report (1,000 recommendations, 3,000 activities; bench_reporting.py,
2-core machine): WeasyPrint took 30-34 s CPU and 380 MB for 540 pages, most of it Pango
laying out and drawing lines one by one (0.6 ms a line), and no setting changed that
(one font instead of five, no hyphenation, ``optimizeSpeed``: within noise). LibreOffice
converting the .docx took 29 s CPU, with a table of contents it could not fill in without
a UNO round trip. Typst typesets the same content, with Arabic shaped by its HarfBuzz port
and fonts subset, in about 4 s CPU and a 200 MB peak, in parts (``split``); the whole run,
data included, takes about 5 s (bench_reporting.py).

The compiler runs in a child process, for two reasons: it memoizes every layout in a cache
that lives as long as the process and that the Python binding never empties (a Celery worker
would grow with each report), and its memory goes back to the system when the child ends.
"""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.utils.translation import gettext as _

from reporting.exports import typst_source
from reporting.exports.content import Block

# The child: Typst only (no Django). It typesets one part and prints, as JSON, the page
# numbers of the part's headings of the contents and of its last page (typst_source.PROBE).
CHILD = """
import json
import sys

import typst

folder, name = sys.argv[1], sys.argv[2]
compiler = typst.Compiler(f"{folder}/{name}.typ", root=folder)
compiler.compile(output=f"{folder}/{name}.pdf", pdf_tags=False)


def values(label):
    return json.loads(compiler.query(label, field="value"))


print(json.dumps({"headings": values("<nrtd-heading>"), "last": values("<nrtd-last>")[-1]}))
"""
# A report of thousands of pages compiles in well under a minute; the run's own time limit
# (reporting.tasks) is the outer bound.
CHILD_TIMEOUT_SECONDS = 600
# A part of about this many units (a block, a table row or an annex line each) is about 80
# A4 pages; the compiler's memory grows with the pages it holds, so parts keep its peak near
# 200 MB whatever the report's length (bench_reporting.py).
PART_UNITS = 2500


class PdfUnavailable(Exception):
    """The Typst compiler cannot be loaded here."""


class PdfFailed(Exception):
    """The compiler refused the document (a bug in the source we wrote, not the user's data)."""


def load_typst() -> None:
    if importlib.util.find_spec("typst") is None:
        raise PdfUnavailable(
            _(
                "PDF output is not available on this server: the Typst compiler (the Python "
                "package typst) is not installed. Install it on the worker, or ask for the "
                "Word document only."
            )
        )


def pdf_available() -> tuple[bool, str]:
    try:
        load_typst()
    except PdfUnavailable as exc:
        return False, str(exc)
    return True, ""


def split(blocks: Iterable[Block]) -> tuple[list[Block], list[list[Block]]]:
    """The front (the cover and the table of contents: the blocks up to the "toc" block; none
    when there is no table of contents) and the rest in parts of about ``PART_UNITS``, each
    starting at a chapter or section (h1, h2) or, in a chapter twice as long, at a
    recommendation (h3). Each part starts a page."""
    blocks = list(blocks)
    toc = next((n for n, block in enumerate(blocks) if block.kind == "toc"), None)
    front, rest = ([], blocks) if toc is None else (blocks[: toc + 1], blocks[toc + 1 :])
    parts: list[list[Block]] = []
    current: list[Block] = []
    units = 0
    for block in rest:
        if current and (
            (units >= PART_UNITS and block.kind in ("h1", "h2"))
            or (units >= 2 * PART_UNITS and block.kind == "h3")
        ):
            parts.append(current)
            current, units = [], 0
        current.append(block)
        units += 1 + len(block.rows or [])
    if current:
        parts.append(current)
    return front, parts


def render(
    blocks: Iterable[Block], *, title: str, language: str = "en", rtl: bool = False
) -> bytes:
    """The parts are typeset one after the other, each numbering its pages from where the
    one before ended; then the front, its contents filled with the page numbers the parts
    reported (typeset first with placeholders to know how many pages it takes, and again
    with every part if the real numbers change that). The files are joined into one."""
    load_typst()
    front, parts = split(blocks)
    entries = [h for part in parts for h in typst_source.outlined_headings(part)]
    with tempfile.TemporaryDirectory(prefix="nrtd-pdf-") as tmp:
        document = _Document(Path(tmp), title=title, language=language, rtl=rtl)
        front_pages = document.front(front, entries, None) if front else 0
        for _attempt in range(3):
            numbers: list[int] = []
            next_page = front_pages + 1
            for n, part in enumerate(parts):
                probe = document.part(f"part{n}", part, first_page=next_page)
                numbers += probe["headings"]
                next_page = probe["last"] + 1
            if not front:
                break
            pages = document.front(front, entries, numbers)
            if pages == front_pages:
                break
            front_pages = pages
        else:
            raise PdfFailed(_("The PDF could not be typeset: its contents would not settle."))
        names = (["front"] if front else []) + [f"part{n}" for n in range(len(parts))]
        return document.joined(names, list(zip(entries, numbers, strict=True)))


class _Document:
    """The temporary folder of one PDF: a Typst source and a PDF per part, the images."""

    def __init__(self, folder: Path, *, title: str, language: str, rtl: bool):
        self.folder, self.title, self.language, self.rtl = folder, title, language, rtl

    def part(self, name: str, blocks: list[Block], *, first_page: int, extra: str = "") -> dict:
        source = (
            typst_source.preamble(self.title, self.language, self.rtl, first_page=first_page)
            + typst_source.body(blocks, self.folder, rtl=self.rtl, image_prefix=name)
            + extra
            + typst_source.PROBE
        )
        (self.folder / f"{name}.typ").write_text(source, encoding="utf-8")
        return self._typeset(name)

    def front(self, blocks: list[Block], entries: list, numbers: list[int] | None) -> int:
        """Typesets the cover and contents; the number of pages they take."""
        pages = numbers or [None] * len(entries)
        contents = typst_source.contents(
            [(*e, p) for e, p in zip(entries, pages, strict=True)], rtl=self.rtl
        )
        return self.part("front", blocks[:-1], first_page=1, extra=contents)["last"]

    def _typeset(self, name: str) -> dict:
        # Our own interpreter and script; the arguments are our temporary folder and a name.
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-c", CHILD, str(self.folder), name],
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_SECONDS,
            check=False,
        )
        if done.returncode != 0:
            raise PdfFailed(
                _("The PDF could not be typeset: %(error)s")
                % {"error": (done.stderr.strip().splitlines() or ["no message"])[-1]}
            )
        return json.loads(done.stdout)

    def joined(self, names: list[str], contents: list) -> bytes:
        """One PDF of the parts, with the title, the language and bookmarks of the contents."""
        import pikepdf

        merged = pikepdf.Pdf.new()
        sources = [pikepdf.open(self.folder / f"{name}.pdf") for name in names]
        try:
            for source in sources:
                merged.pages.extend(source.pages)
            merged.docinfo["/Title"] = self.title
            merged.Root.Lang = pikepdf.String(self.language)
            with merged.open_outline() as outline:
                chapter = None
                for (level, text), number in contents:
                    item = pikepdf.OutlineItem(text, number - 1)
                    if level == 1 or chapter is None:
                        outline.root.append(item)
                        chapter = item
                    else:
                        chapter.children.append(item)
            out = io.BytesIO()
            merged.save(out)
        finally:
            for source in sources:
                source.close()
        return out.getvalue()
