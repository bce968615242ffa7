"""The Typst source of a report's PDF, written from the same blocks as the Word document.

Every piece of text from the database enters the source as a string literal (``#"..."``),
never as markup: a recommendation containing ``*``, ``#``, ``$`` or ``]`` prints as typed and
cannot run code. Images are written as files beside the source.

The layout follows the Word document (reporting.exports.docx): the same page and margins
(reporting.exports.page), the running title in the header and the page number in the footer
from page 2, headings 16/13/11/10 pt, tables at 8.5 pt with the same column shares, the
annex a line per recommendation.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import filetype
from django.utils.translation import gettext as _

from reporting.exports.content import Block
from reporting.exports.page import HYPHENATED, column_percents, report_page

# Latin, Greek and Cyrillic from DejaVu; what it lacks from Noto (Arabic, CJK). Typst falls
# back along this list glyph by glyph.
FONTS = ("DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans CJK SC")


def literal(text) -> str:
    """A Typst string literal holding ``text`` exactly (control characters dropped)."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or ord(c) >= 32)
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def _text(text) -> str:
    """Content keeping the text's line breaks (as Django's ``linebreaksbr`` did)."""
    parts = str(text).replace("\r\n", "\n").split("\n")
    return "[" + "#linebreak()".join(f"#{literal(part)}" for part in parts) + "]"


def _labelled(block: Block, *, colon_always: bool) -> str:
    """A paragraph with its label in bold: "Label: text"."""
    body = _text(block.text) if block.text else "[]"
    if not block.label:
        return f"#par({body})"
    colon = ":" if (colon_always or block.text) else ""
    return f"#par([#strong({literal(block.label + colon)}) ] + {body})"


def table_columns(count: int) -> str:
    """The columns' widths: the shares the Word table gives them."""
    shares = column_percents(count)
    if not shares:
        return f"{count} * (1fr,)" if count > 1 else "(1fr,)"
    return "(" + ", ".join(f"{share}%" for share in shares) + ")"


def _table(block: Block) -> str:
    header = ", ".join(f"strong({literal(cell)})" for cell in block.header or [])
    cells = ", ".join(literal(cell) for row in block.rows or [] for cell in row)
    return (
        f"#table(columns: {table_columns(len(block.header or []))}, "
        f"table.header({header}), {cells})"
    )


def _lines(block: Block) -> str:
    """The annex: a line per recommendation under a ruled header line (a table of
    thousands of cells would be slower to lay out and no easier to read)."""
    head = literal(" · ".join(str(c) for c in block.header or []))
    rows = "\n".join(
        f"#par({literal(' · '.join(str(c) for c in row))})" for row in block.rows or []
    )
    return (
        f"#block(width: 100%, stroke: (bottom: 0.5pt + luma(153)), inset: (bottom: 2pt), "
        f"strong({head}))\n#[#set text(8.5pt)\n#set par(spacing: 0.35em)\n{rows}\n]"
    )


def preamble(title: str, language: str, rtl: bool, *, first_page: int = 1) -> str:
    """The page, fonts and styles every part of the document shares; ``first_page`` is the
    number the part's first page carries."""
    page = report_page()
    lang = language.split("-")[0].lower()
    fonts = ", ".join(literal(f) for f in FONTS)
    running = literal(title)
    lines = [
        f"#set document(title: {running})",
        f"#set text(font: ({fonts}), size: 10pt, lang: {literal(lang)}, "
        f"dir: {'rtl' if rtl else 'ltr'}, hyphenate: false)",
        "#set par(leading: 0.45em, spacing: 0.55em)",
        f"#set page(width: {page.width_mm}mm, height: {page.height_mm}mm, "
        f"margin: (top: {page.top_mm}mm, bottom: {page.bottom_mm}mm, x: {page.inline_mm}mm), "
        # The cover carries neither the running title nor a number.
        "header: context { if counter(page).get().first() > 1 { "
        f"align(end, text(8.5pt, fill: luma(85), {running})) }} }}, "
        "footer: context { if counter(page).get().first() > 1 { "
        "align(center, text(9pt, fill: luma(85), counter(page).display())) } })",
        "#show heading: set block(above: 1.2em, below: 0.6em)",
        "#show heading.where(level: 1): set text(16pt)",
        "#show heading.where(level: 2): set text(13pt)",
        "#show heading.where(level: 3): set text(11pt)",
        "#show heading.where(level: 4): set text(10pt)",
        "#set table(stroke: 0.5pt + luma(153), inset: (x: 4pt, y: 2pt), align: start + top)",
        f"#show table: set text(8.5pt, hyphenate: {'true' if lang in HYPHENATED else 'false'})",
        "#show table: set block(above: 0.6em, below: 1em)",
        "#set list(indent: 0.4em, body-indent: 0.5em, spacing: 0.35em)",
    ]
    if first_page != 1:
        lines.append(f"#counter(page).update({first_page})")
    return "\n".join(lines) + "\n"


# Appended to each part: the page number of each heading of the contents, and of the
# part's last page, for the compiler to report (reporting.exports.pdf reads them back).
PROBE = (
    "#context { for h in query(heading.where(outlined: true)) { "
    "[#metadata(counter(page).at(h.location()).first())<nrtd-heading>] } }\n"
    "#context [#metadata(counter(page).get().first())<nrtd-last>]\n"
)


def contents(entries: list[tuple[int, str, int | None]], *, rtl: bool) -> str:
    """The table of contents: (level, heading, page) a line, dotted to the page number
    (None: not known yet, printed as a placeholder of the same width)."""
    widest = max((len(str(page)) for _level, _text, page in entries if page), default=3)
    start = "right" if rtl else "left"
    out = [f"#heading(level: 1, outlined: false, {literal(_('Contents'))})"]
    for level, text, page in entries:
        number = literal(str(page) if page else "9" * widest)
        indent = "1.5em" if level > 1 else "0em"
        above = "0.7em" if level == 1 else "0.4em"
        out.append(
            f"#block(above: {above}, below: 0em, pad({start}: {indent}, "
            f'[#{literal(text)} #box(width: 1fr, repeat(".", gap: 0pt)) #{number}]))'
        )
    return "\n".join(out) + "\n"


def outlined_headings(blocks: Iterable[Block]) -> list[tuple[int, str]]:
    """The headings the table of contents lists, in order."""
    return [(int(b.kind[1]), b.text) for b in blocks if b.kind in ("h1", "h2")]


def body(blocks: Iterable[Block], folder: Path, *, rtl: bool, image_prefix: str) -> str:
    """The blocks as Typst; images are written into ``folder`` under ``image_prefix``."""
    out: list[str] = []
    start = "right" if rtl else "left"
    bullets: list[str] = []
    images = 0

    def flush_bullets():
        if bullets:
            out.append("#list(" + ", ".join(f"[#{literal(t)}]" for t in bullets) + ")")
            bullets.clear()

    for block in blocks:
        kind = block.kind
        if kind == "bullet":
            bullets.append(block.text)
            continue
        flush_bullets()
        if kind in ("h1", "h2"):
            out.append(f"#heading(level: {kind[1]}, {literal(block.text)})")
        elif kind in ("h3", "h4"):
            out.append(f"#heading(level: {kind[1]}, outlined: false, {literal(block.text)})")
        elif kind == "title":
            out.append(f'#v(4cm)\n#par(text(24pt, weight: "bold", {literal(block.text)}))')
        elif kind == "subtitle":
            out.append(f"#par(text(14pt, fill: luma(51), {literal(block.text)}))")
        elif kind == "note":
            # Arabic is not set in italics (and DejaVu's oblique has no Arabic glyphs).
            style = "" if rtl else ', style: "italic"'
            out.append(f"#par(text(fill: luma(68){style}, {literal(block.text)}))")
        elif kind == "pagebreak":
            out.append("#pagebreak(weak: true)")
        elif kind in ("field", "p"):
            out.append(_labelled(block, colon_always=kind == "field"))
        elif kind == "quote":
            out.append(
                f"#pad({start}: 1em, block(inset: ({start}: 0.6em), "
                f"stroke: ({start}: 3pt + luma(187)), {_text(block.text)}))"
            )
        elif kind == "table" and block.label == "matrix":
            out.append(_lines(block))
        elif kind == "table":
            out.append(_table(block))
        elif kind == "image":
            images += 1
            # Typst reads an image by its name's extension: a JPEG emblem must say so.
            name = f"{image_prefix}{images}.{filetype.guess_extension(block.image) or 'png'}"
            (folder / name).write_bytes(block.image)
            width = f"{block.width_cm}cm" if block.width_cm else "100%"
            parts = [f'image("{name}", width: {width}, alt: {literal(block.label or block.text)})']
            if block.text:
                parts.append(f"text(9pt, fill: luma(68), {literal(block.text)})")
            out.append(f"#block(breakable: false, stack(spacing: 0.4em, {', '.join(parts)}))")
    flush_bullets()
    return "\n".join(out) + "\n"
