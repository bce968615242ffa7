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


def write_only_row(
    sheet, values, template: WriteOnlyCell, date_template: WriteOnlyCell | None = None
) -> list[WriteOnlyCell | None]:
    """Write-only cells for ``values`` (for ``sheet.append``), strings kept as text, each
    with ``template``'s style; an empty value is no cell at all (``None``), as a blank cell
    reads back the same. The value is bound once and the style array shared (a write-only
    cell is written out when appended and never changed after; binding a date, which sets
    its number format, happens before): ``write_only_cell`` binds the value twice and looks
    each style up in the workbook's lists, which for a 10,000-row sheet cost a second.
    Dates take ``date_template``'s style, which should carry a date number format: with the
    plain style, a spreadsheet shows a date as its serial number (45293)."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        if value is None or value == "":
            cells.append(None)
            continue
        cell = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            cell.data_type = "s"
        if date_template is not None and isinstance(value, datetime.date):
            cell._style = date_template._style
        else:
            cell._style = template._style
        cells.append(cell)
    return cells


def cell_text(value) -> str:
    """A cell as read back, as text: empty for None, whole numbers without ".0", stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
