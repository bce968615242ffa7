"""The implementation matrix (.xlsx): one row per recommendation. openpyxl writes the
workbook (styles, widths, frozen panes, filter, header); the rows are streamed into its sheet
as XML, so memory stays flat whatever the number of rows."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from nrtd.spreadsheets import sheet_rows_xml, with_rows, write_only_cell
from reporting.exports.content import activity_line, indicator_line
from reporting.selectors.rows import RecommendationRow


def columns() -> list[tuple[str, int, Callable[[RecommendationRow, str], object]]]:
    """(header, width in characters, value) for each column, in order."""
    yes_no = {True: _("Yes"), False: _("No")}  # translated once, not twice a row
    return [
        (_("Paragraph"), 10, lambda r, c: r.paragraph),
        (_("Recommendation"), 60, lambda r, c: r.text),
        (_("Recommending States"), 24, lambda r, c: ", ".join(r.states)),
        (_("Response"), 14, lambda r, c: r.response),
        (_("Cluster"), 24, lambda r, c: c),
        (_("Justification of the response"), 30, lambda r, c: r.justification),
        (_("Themes"), 28, lambda r, c: "\n".join(r.themes)),
        (_("SDG goals"), 10, lambda r, c: ", ".join(str(g) for g in r.sdg_goals)),
        (_("SDG targets"), 12, lambda r, c: ", ".join(r.sdg_targets)),
        (_("Lead institution"), 22, lambda r, c: r.lead),
        (_("Supporting institutions"), 24, lambda r, c: "\n".join(r.supporting)),
        (_("Priority"), 10, lambda r, c: r.priority),
        (_("Action category"), 18, lambda r, c: r.action_category),
        (_("Needs parliament"), 11, lambda r, c: yes_no[bool(r.needs_parliament)]),
        (_("Budget implications"), 11, lambda r, c: yes_no[bool(r.budget_implications)]),
        (_("Activities"), 45, lambda r, c: "\n".join(activity_line(a) for a in r.activities)),
        (_("Indicators"), 40, lambda r, c: "\n".join(indicator_line(i) for i in r.indicators)),
        (_("Timeframe"), 16, lambda r, c: r.timeframe),
        (_("Status"), 16, lambda r, c: r.status_display),
        (_("Last update"), 12, lambda r, c: r.last_update),
        (_("Source"), 20, lambda r, c: r.source),
    ]


def render(
    grouped_rows: Iterable[tuple[str, RecommendationRow]], *, total: int, title: str
) -> bytes:
    """``grouped_rows`` yields (cluster name, row); ``total`` is the number of rows, needed
    up front because a write-only sheet states its filter range before the rows."""
    cols = columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Matrix")[:31])
    sheet.freeze_panes = "C2"
    last_column = get_column_letter(len(cols))
    sheet.auto_filter.ref = f"A1:{last_column}{total + 1}"
    for index, (_header, width, _value) in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for text, _width, _value in cols:
        header.append(write_only_cell(sheet, str(text), font=bold, fill=fill, alignment=wrap))
    sheet.append(header)
    # The rows are written as sheet XML after openpyxl has saved the workbook with the header
    # (nrtd.spreadsheets.sheet_rows_xml): openpyxl's cell objects took 3.3 of the 5.7 s the
    # 10,000-row matrix took (issue 18). Registering the two styles gives their indexes.
    text_style = write_only_cell(sheet, "", alignment=wrap).style_id
    # "Last update" as a date (ISO, as the timeframe), not as a bare serial number.
    date_style = write_only_cell(sheet, "", alignment=wrap, number_format="yyyy-mm-dd").style_id
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    values = [value for _header, _width, value in cols]
    rows = ([value(row, cluster) for value in values] for cluster, row in grouped_rows)
    return with_rows(
        buffer.getvalue(),
        sheet_rows_xml(rows, first_row=2, text_style=text_style, date_style=date_style),
        sheet="xl/worksheets/sheet1.xml",
    )
