"""The ministries' spreadsheet: the file itself, written and read back.

Most ministries track their follow-up in Excel. A focal point (or the secretariat, for one
institution) downloads the institution's recommendations as .xlsx, fills in two columns
offline (a new status, chosen from a list, and a narrative) and uploads the file back; each
filled-in row becomes a progress update (``recommendations.followup.sheet_upload``).

The sheet is protected (without a password: it prevents mistakes, not people) except for
the two columns to fill in. Two hidden columns carry, per row, the recommendation's id and
the stamp of its status and progress updates at the download, so that an upload sees which
recommendations changed since. A hidden worksheet carries the institution and the list of
statuses the dropdown offers. Every cell goes through ``nrtd.spreadsheets`` (text stays
text: recommendation text can start with '=').
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nrtd.spreadsheets import cell_text as _text
from nrtd.spreadsheets import get_column_letter
from recommendations.models import Assignment, Status

# openpyxl is imported inside the functions that write or read a sheet: a web process that
# serves pages only must not load it (tests/nrtd/test_lazy_imports.py).

FORMAT = "nrtd-ministry-sheet"
FORMAT_VERSION = 1
META_SHEET = "nrtd"
TITLE_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # lazy: translated when the sheet is written
    width: float
    hidden: bool = False
    editable: bool = False
    label: str = ""  # how problems name the column, when not by its header


COLUMNS = [
    Column("paragraph", gettext_lazy("Paragraph"), 10),
    Column("body", gettext_lazy("Mechanism"), 11),
    Column("text", gettext_lazy("Recommendation"), 60),
    Column("role", gettext_lazy("Role"), 11),
    Column("status", gettext_lazy("Current status"), 20),
    Column("last_date", gettext_lazy("Last update"), 12),
    Column("last_narrative", gettext_lazy("Last narrative"), 45),
    Column("new_status", gettext_lazy("New status"), 22, editable=True),
    Column(
        "new_narrative",
        gettext_lazy("New narrative: what was done, what is planned, obstacles"),
        60,
        editable=True,
    ),
    # Hidden; their headers are keys, not translated: they mark a sheet nrtd wrote.
    Column("id", "nrtd:id", 9, hidden=True, label=gettext_lazy("recommendation id, hidden")),
    Column("stamp", "nrtd:version", 40, hidden=True, label=gettext_lazy("version, hidden")),
]
INDEX = {column.key: i for i, column in enumerate(COLUMNS)}


def column_letter(key: str) -> str:
    return get_column_letter(INDEX[key] + 1)


def column_header(key: str) -> str:
    column = COLUMNS[INDEX[key]]
    return str(column.label or column.header)


# --- writing -------------------------------------------------------------------------------


def _wraps(column: Column) -> bool:
    return column.width >= 40 or column.editable


def _row_height(values: dict) -> float:
    """Points for a row to show its wrapped text whole. Excel and LibreOffice do not fit row
    heights to wrapped text on opening a file, so the height is written, from an estimate of
    the lines each wrapped cell takes (about 1.2 average characters per unit of width)."""
    lines = 1
    for column in COLUMNS:
        text = values.get(column.key)
        if column.hidden or not _wraps(column) or not isinstance(text, str):
            continue
        per_line = max(1, int(column.width * 1.2))
        lines = max(lines, sum(-(-len(part) // per_line) or 1 for part in text.split("\n")))
    return min(409.0, 15.0 * lines + 3)


def sheet_filename(institution, day: datetime.date) -> str:
    name = (institution.acronym or f"institution-{institution.pk}").replace(" ", "-")
    return f"recommendations-{name}-{day.isoformat()}.xlsx"


def sheet_write(*, institution, recommendations, stamps: dict[int, str], user) -> bytes:
    """The sheet of ``recommendations`` (``selectors.sheet_recommendations``) in the active
    language: translated headers, right to left in Arabic."""
    from openpyxl import Workbook

    now = timezone.now()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Recommendations")[:31])
    statuses = [str(label) for _value, label in Status.choices]
    _write_meta(workbook, institution=institution, user=user, now=now, statuses=statuses)
    _lay_out(sheet)
    _write_heading(sheet, institution=institution, user=user, now=now)
    row_number = _write_rows(sheet, recommendations, stamps)
    end = max(row_number, FIRST_ROW)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{end}"
    _add_status_dropdown(sheet, statuses=statuses, end=end)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_meta(workbook, *, institution, user, now, statuses: list[str]) -> None:
    """The hidden sheet: what the file is and who downloaded it (read back on upload), and
    the statuses the dropdown lists (column D)."""
    from nrtd.spreadsheets import write_only_cell

    meta = workbook.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    language = translation.get_language() or settings.LANGUAGE_CODE
    for i, (key, value) in enumerate(
        [
            ("format", FORMAT),
            ("version", FORMAT_VERSION),
            ("institution", institution.pk),
            ("institution_name", institution.name),
            ("downloaded", now.isoformat()),
            ("downloaded_by", user.get_username()),
            ("language", language),
        ]
    ):
        # The dropdown's list sits in column D of the hidden sheet.
        status = statuses[i] if i < len(statuses) else None
        meta.append([write_only_cell(meta, v) for v in (key, value, None, status)])


def _lay_out(sheet) -> None:
    """Direction, widths, print set-up and protection of the recommendations' sheet."""
    last_visible = get_column_letter(sum(not c.hidden for c in COLUMNS))
    sheet.sheet_view.rightToLeft = translation.get_language_bidi()
    sheet.sheet_view.zoomScale = 90
    sheet.freeze_panes = f"B{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for i, column in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(i)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    # Protected against slips (no password); widths, heights and filters stay adjustable.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    sheet.merged_cells.add(f"A{TITLE_ROW}:{last_visible}{TITLE_ROW}")
    sheet.merged_cells.add(f"A{NOTE_ROW}:{last_visible}{NOTE_ROW}")


def _write_heading(sheet, *, institution, user, now) -> None:
    """The title, the note on how to fill the sheet in, and the column headers."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from nrtd.spreadsheets import write_only_cell

    wrap = Alignment(wrap_text=True, vertical="top")
    title = _("Recommendations of %(institution)s: progress update") % {
        "institution": institution.name
    }
    note = _(
        "Downloaded on %(date)s by %(user)s. Fill in the columns “%(status)s” and "
        "“%(narrative)s”, then upload this file on My work. Rows left empty are skipped."
    ) % {
        "date": timezone.localtime(now).strftime("%Y-%m-%d %H:%M"),
        "user": user.get_full_name() or user.get_username(),
        "status": column_header("new_status"),
        "narrative": column_header("new_narrative"),
    }
    sheet.row_dimensions[TITLE_ROW].height = 24
    sheet.row_dimensions[NOTE_ROW].height = 32
    sheet.append([write_only_cell(sheet, title, font=Font(bold=True, size=14))])
    sheet.append([write_only_cell(sheet, note, alignment=wrap)])
    header_fill = PatternFill("solid", fgColor="E9ECEF")
    sheet.append(
        [
            write_only_cell(
                sheet, str(c.header), font=Font(bold=True), fill=header_fill, alignment=wrap
            )
            for c in COLUMNS
        ]
    )


def _write_rows(sheet, recommendations, stamps: dict[int, str]) -> int:
    """One row a recommendation; returns the number of the last row written."""
    from openpyxl.styles import Alignment, PatternFill, Protection

    from nrtd.spreadsheets import write_only_cell

    fill_in = PatternFill("solid", fgColor="FFF8DC")  # the two columns to fill in
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    unlocked = Protection(locked=False)
    status_labels = dict(Status.choices)
    roles = dict(Assignment.Role.choices)
    row_number = HEADER_ROW
    for rec in recommendations:
        row_number += 1
        values = {
            "paragraph": rec.paragraph,
            "body": rec.body.code if rec.body_id else "",
            "text": rec.text,
            "role": str(roles.get(rec.sheet_role, "")),
            "status": str(status_labels.get(rec.status, "")),
            "last_date": rec.last_date,
            "last_narrative": rec.last_narrative or "",
            "new_status": None,
            "new_narrative": None,
            "id": rec.pk,
            "stamp": stamps.get(rec.pk, ""),
        }
        sheet.row_dimensions[row_number].height = _row_height(values)
        cells = []
        for column in COLUMNS:
            style = {"alignment": wrap if _wraps(column) else top}
            if column.editable:
                style.update(fill=fill_in, protection=unlocked)
            cell = write_only_cell(sheet, values[column.key], **style)
            if column.key == "last_date":
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    return row_number


def _add_status_dropdown(sheet, *, statuses: list[str], end: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    choose = DataValidation(
        type="list",
        formula1=f"{META_SHEET}!$D$1:$D${len(statuses)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Status"),
        error=_("Choose a status from the list."),
    )
    choose.add(f"{column_letter('new_status')}{FIRST_ROW}:{column_letter('new_status')}{end}")
    sheet.data_validations.append(choose)


# --- reading -------------------------------------------------------------------------------


class SheetRefused(Exception):  # noqa: N818 - a refusal, with its reasons
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class SheetRow:
    number: int  # the spreadsheet's row number
    recommendation_id: object  # as read: checked by the service
    stamp: str
    paragraph: str
    new_status: str
    new_narrative: str

    @property
    def is_empty(self) -> bool:
        return not self.new_status and not self.new_narrative


@dataclass
class SheetContent:
    institution_id: int
    language: str
    downloaded: str
    rows: list[SheetRow] = field(default_factory=list)


def _meta(workbook) -> dict:
    if META_SHEET not in workbook.sheetnames:
        return {}
    return {
        _text(row[0]): row[1]
        for row in workbook[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True)
        if row and row[0]
    }


def sheet_read(source) -> SheetContent:
    """The rows of an uploaded sheet (a path or a file object). Raises SheetRefused when the
    file is not a sheet nrtd wrote."""
    from openpyxl import load_workbook

    not_ours = _(
        "This file is not a sheet downloaded from My work: download the sheet, fill it in "
        "and upload it."
    )
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise SheetRefused([_("The file could not be read as an .xlsx workbook.")]) from exc
    try:
        meta = _meta(workbook)
        if meta.get("format") != FORMAT or not str(meta.get("institution", "")).isdigit():
            raise SheetRefused([not_ours])
        sheet = workbook.worksheets[0]
        header = next(sheet.iter_rows(min_row=HEADER_ROW, max_row=HEADER_ROW, values_only=True), ())
        header = list(header) + [None] * len(COLUMNS)
        if (_text(header[INDEX["id"]]), _text(header[INDEX["stamp"]])) != (
            "nrtd:id",
            "nrtd:version",
        ):
            raise SheetRefused(
                [not_ours + " " + _("(Its columns were moved: the hidden columns are missing.)")]
            )
        content = SheetContent(
            institution_id=int(meta["institution"]),
            language=_text(meta.get("language")) or settings.LANGUAGE_CODE,
            downloaded=_text(meta.get("downloaded")),
        )
        width = len(COLUMNS)
        for number, values in enumerate(
            sheet.iter_rows(min_row=FIRST_ROW, max_col=width, values_only=True), start=FIRST_ROW
        ):
            values = list(values) + [None] * (width - len(values))
            row = SheetRow(
                number=number,
                recommendation_id=values[INDEX["id"]],
                stamp=_text(values[INDEX["stamp"]]),
                paragraph=_text(values[INDEX["paragraph"]]),
                new_status=_text(values[INDEX["new_status"]]),
                new_narrative=_text(values[INDEX["new_narrative"]]),
            )
            if row.is_empty and row.recommendation_id in (None, ""):
                continue  # a blank line
            content.rows.append(row)
        return content
    finally:
        workbook.close()


def status_values() -> dict[str, str]:
    """Status labels in every language of the site, and the stored values, to the value:
    a sheet filled in by someone whose Excel or colleague uses another language still reads."""
    known = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in Status.choices:
                known[str(label).casefold()] = value
    for value in Status.values:
        known[value.casefold()] = value
        known[value.replace("_", " ").casefold()] = value
    return known
