"""Spreadsheet and CSV cells that stay text.

Imported recommendation text can start with ``=``, ``+``, ``-`` or ``@``. Excel and
LibreOffice read such a CSV field, or an .xlsx cell that openpyxl stored as a formula, as a
live formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``). Every file nrtd writes goes
through these two helpers, following OWASP's "CSV Injection" rule: in CSV a field that
begins with one of the trigger characters is prefixed with an apostrophe; in .xlsx the cell
is typed as a string, so its text is kept exactly and never evaluated.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # openpyxl (and NumPy, which it loads) stay out of the web process
    from openpyxl.cell import Cell, WriteOnlyCell

# OWASP: = + - @ TAB CR; the full-width forms are read the same way by some spreadsheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_text(value):
    """A CSV field a spreadsheet will not evaluate. Numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_row(values) -> list:
    return [csv_text(value) for value in values]


def text_cell(cell: Cell | WriteOnlyCell, value) -> Cell | WriteOnlyCell:
    """Put ``value`` in an openpyxl cell; a string stays a string even if it starts with '='."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_only_cell(sheet, value, **style) -> WriteOnlyCell:
    """A write-only cell holding ``value`` as text (for ``sheet.append``), with optional style."""
    from openpyxl.cell import WriteOnlyCell

    cell = text_cell(WriteOnlyCell(sheet), value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


# What XML 1.0 cannot carry (openpyxl refuses a cell holding one; a report should not fail
# over an invisible control character pasted into a text, so it shows as U+FFFD instead).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 is 1900-01-01 after Excel's leap bug
MAX_CELL_TEXT = 32767  # Excel's limit; openpyxl cuts there too


def _xml_text(value: str) -> str:
    value = _NOT_XML.sub("\ufffd", value[:MAX_CELL_TEXT])
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;")


def sheet_rows_xml(
    rows: Iterable[Sequence], *, first_row: int, text_style: int, date_style: int
) -> Iterator[str]:
    """The ``<row>`` elements of a sheet, written as text rather than through openpyxl's
    cell objects, which cost about 20 µs a cell: 3.3 of the 10,000-row matrix's 5.7 s
    (issue 18). The cells are what openpyxl's write-only sheet writes for the same values:
    a string is an inline string, never a formula, whatever it starts with; a date is its
    serial number in ``date_style`` (which should carry a date format); a number is a
    number; an empty value is no cell. ``text_style`` and ``date_style`` are indexes into
    the workbook's cell formats (an openpyxl cell's ``style_id``)."""
    letters = []
    for number, values in enumerate(rows, start=first_row):
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        cells = []
        for letter, value in zip(letters, values, strict=False):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                space = ' xml:space="preserve"' if value != value.strip() else ""
                cells.append(
                    f'<c r="{letter}{number}" s="{text_style}" t="inlineStr"><is>'
                    f"<t{space}>{_xml_text(value)}</t></is></c>"
                )
            elif isinstance(value, datetime.datetime):
                raise TypeError("sheet_rows_xml writes dates, not date-times")
            elif isinstance(value, datetime.date):
                serial = (value - _EXCEL_EPOCH).days
                cells.append(f'<c r="{letter}{number}" s="{date_style}"><v>{serial}</v></c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{letter}{number}" s="{text_style}" t="b"><v>{value:d}</v></c>')
            elif isinstance(value, int | float):
                cells.append(f'<c r="{letter}{number}" s="{text_style}"><v>{value!r}</v></c>')
            else:
                raise TypeError(f"no cell for a {type(value).__name__}")
        yield f'<row r="{number}">{"".join(cells)}</row>'


def get_column_letter(number: int) -> str:
    """A, B, … Z, AA, …: the spreadsheet name of a 1-based column number (openpyxl's own,
    without importing openpyxl into the web process)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def with_rows(saved: bytes, rows_xml: Iterable[str], *, sheet: str) -> bytes:
    """``saved`` (a workbook openpyxl wrote) with ``rows_xml`` added at the end of the data
    of its part ``sheet`` (e.g. ``xl/worksheets/sheet1.xml``); every other part as it was."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(saved)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != sheet:
                target.writestr(info, source.read(info))
                continue
            head, end, tail = source.read(info).decode("utf-8").rpartition("</sheetData>")
            if not end:
                raise ValueError(f"{sheet} has no sheet data to add rows to")
            with target.open(sheet, "w") as stream:
                stream.write(head.encode("utf-8"))
                batch = []
                for row in rows_xml:
                    batch.append(row)
                    if len(batch) == 500:
                        stream.write("".join(batch).encode("utf-8"))
                        batch.clear()
                stream.write(("".join(batch) + end + tail).encode("utf-8"))
    return out.getvalue()


def cell_text(value) -> str:
    """A cell as read back, as text: empty for None, whole numbers without ".0", stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
