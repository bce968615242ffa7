"""Assignment by spreadsheet: which institution leads or supports which recommendation,
decided offline (often with the ministries, around a table) and uploaded in one go.

The secretariat downloads the registry's filtered list as .xlsx, with a dropdown of the
institutions and the roles, fills in the institution (and the role, lead by default) on the
rows it decides, and uploads the file back. Any spreadsheet a secretariat already keeps works
too, as .xlsx or .csv: a header row (in any of the first rows, in any language of the site)
naming an institution column and a recommendation column, which holds the nrtd id or the
paragraph number ("98.1"; add a Document column when several reviews share paragraph
numbers); the role and note columns are optional. A file with no header row is read as two to
four columns in that order: recommendation, institution, role, note.

All or nothing, as every import: one bad row (an unknown recommendation or institution, a
paragraph that names several recommendations, an unknown role, two leads for one
recommendation) refuses the whole file, named by file, row and column, and nothing is
written. Rows whose institution is empty are skipped and counted. Every row goes through
``assignment.recommendations_bulk_assign``, the service behind the recommendation page, the
bulk action and the API: a new lead demotes the previous one, history names the uploader, the
focal points hear of it in their digest. The file is applied by a Celery job (a
``SheetUpload`` of kind "assignments"), never in the request.
"""

from __future__ import annotations

import csv
import difflib
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mechanisms.models import Institution
from nrtd.spreadsheets import cell_text as _text
from nrtd.uploads import UploadRule
from nrtd.web import require
from recommendations.followup.sheet_upload import sheet_upload_queue
from recommendations.models import Assignment, Recommendation, SheetUpload
from recommendations.registry.assignment import PERM, recommendations_bulk_assign

# openpyxl is imported inside the functions that write or read a sheet (see
# tests/nrtd/test_lazy_imports.py).

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUFFIXES = (".xlsx", ".csv")
MAX_MB = 10
MAX_ROWS = 20_000
MAX_PROBLEMS = 1000
HEADER_SCAN = 10  # rows searched for the header
TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 3

Progress = Callable[[int, int], None]

# The columns of the downloaded sheet, in order; those with a key are read back.
COLUMNS = [
    ("id", gettext_lazy("Id"), 8),
    ("paragraph", gettext_lazy("Paragraph"), 10),
    ("document", gettext_lazy("Document"), 16),
    (None, gettext_lazy("Mechanism"), 11),
    (None, gettext_lazy("Recommendation"), 60),
    (None, gettext_lazy("Lead now"), 24),
    (None, gettext_lazy("Supporting now"), 24),
    ("institution", gettext_lazy("Institution"), 30),
    ("role", gettext_lazy("Role"), 13),
    ("note", gettext_lazy("Note"), 30),
]
# Other headers a secretariat's own spreadsheet may use (compared without case or accents).
ALIASES = {
    "id": ["nrtd id", "recommendation id", "identifiant", "identificador"],
    "paragraph": ["para", "paragraph number", "no.", "n°", "paragraphe", "párrafo", "فقرة"],
    "document": ["document symbol", "symbol", "cote", "documento", "signatura"],
    "institution": ["ministry", "lead institution", "ministère", "ministerio", "institución"],
    "role": ["rôle", "rol", "دور"],
    "note": ["notes", "comment", "remarque", "nota", "ملاحظة"],
}
POSITIONAL = ["paragraph", "institution", "role", "note"]


def _key(value) -> str:
    """A cell compared without case, accents or repeated spaces."""
    text = unicodedata.normalize("NFKD", _text(value).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("\u00a0", " ").split())


def _headers() -> dict[str, str]:
    """Header text (as ``_key``) to column key, in every language of the site."""
    known = {_key(alias): key for key, aliases in ALIASES.items() for alias in aliases}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for key, header, _width in COLUMNS:
                if key:
                    known[_key(str(header))] = key
    return known


def _roles() -> dict[str, str]:
    known = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            known.update({_key(str(label)): value for value, label in Assignment.Role.choices})
    known.update({_key(value): value for value in Assignment.Role.values})
    return known


# --- download ------------------------------------------------------------------------------


def assignment_sheet_for(*, actor, recommendation_ids: Iterable[int]) -> bytes:
    """The assignment sheet of these recommendations (the registry's filtered list), in the
    active language, with the institutions the actor may assign to in a dropdown."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from nrtd.spreadsheets import write_only_cell
    from recommendations.registry.selectors import (
        assignment_sheet_rows,
        institutions_assignable_by,
    )

    require(actor, PERM)
    institutions = [i.name for i in institutions_assignable_by(actor)]
    roles = [str(label) for _value, label in Assignment.Role.choices]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Assignments")[:31])
    lists = workbook.create_sheet("lists")
    lists.sheet_state = "hidden"
    for i in range(max(len(institutions), len(roles))):
        row = [institutions[i] if i < len(institutions) else None]
        row.append(roles[i] if i < len(roles) else None)
        lists.append([write_only_cell(lists, value) for value in row])

    sheet.sheet_view.rightToLeft = translation.get_language_bidi()
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    for i, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column[2]
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    fill_in = PatternFill("solid", fgColor="FFF8DC")
    header_fill = PatternFill("solid", fgColor="E9ECEF")
    note = _(
        "Downloaded on %(date)s. Choose an institution (and a role: lead if empty) on the "
        "rows to assign, then upload this file on “Assign by spreadsheet”. Rows without an "
        "institution are skipped; a new lead makes the previous lead supporting."
    ) % {"date": timezone.localtime().strftime("%Y-%m-%d %H:%M")}
    sheet.append([write_only_cell(sheet, _("Assignments"), font=Font(bold=True, size=14))])
    sheet.append([write_only_cell(sheet, note)])
    sheet.append(
        [
            write_only_cell(sheet, str(header), font=bold, fill=header_fill, alignment=wrap)
            for _k, header, _w in COLUMNS
        ]
    )
    count = 0
    for rec in assignment_sheet_rows(recommendation_ids):
        count += 1
        cells = []
        for (key, _header, _width), value in zip(COLUMNS, _row_values(rec), strict=True):
            style = {"alignment": wrap}
            if key in ("institution", "role", "note"):
                style["fill"] = fill_in
            cells.append(write_only_cell(sheet, value, **style))
        sheet.append(cells)
    last = HEADER_ROW + max(count, 1)
    _add_dropdowns(sheet, sizes={"institution": len(institutions), "role": len(roles)}, last=last)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row_values(rec) -> list:
    """One recommendation's cells, in the order of COLUMNS (the last three to fill in)."""
    return [
        rec.pk,
        rec.paragraph,
        rec.document_symbol or (rec.review.document_symbol if rec.review_id else ""),
        rec.body.code if rec.body_id else "",
        rec.text,
        ", ".join(a.institution.name for a in rec.assignments.all() if a.role == "lead"),
        ", ".join(a.institution.name for a in rec.assignments.all() if a.role != "lead"),
        None,
        None,
        None,
    ]


def _add_dropdowns(sheet, *, sizes: dict[str, int], last: int) -> None:
    """The institution and role columns choose from the hidden "lists" sheet (A, B)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for key, column in (("institution", "A"), ("role", "B")):
        letter = get_column_letter([c[0] for c in COLUMNS].index(key) + 1)
        choose = DataValidation(
            type="list",
            formula1=f"lists!${column}$1:${column}${max(sizes[key], 1)}",
            allow_blank=True,
            showErrorMessage=True,
            error=_("Choose from the list."),
        )
        choose.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
        sheet.data_validations.append(choose)


def assignment_sheet_filename(day) -> str:
    return f"assignments-{day.isoformat()}.xlsx"


# --- upload --------------------------------------------------------------------------------


# A file that cannot be an assignment sheet is refused before it is stored.
ASSIGNMENT_UPLOAD = UploadRule(
    SUFFIXES, MAX_MB, wrong_suffix=gettext_lazy("Upload an .xlsx or .csv file.")
)


@transaction.atomic
def assignment_upload_create(*, actor, uploaded_file) -> SheetUpload:
    """Check and store the file, and queue its job once the transaction commits."""
    require(actor, PERM)
    ASSIGNMENT_UPLOAD.check(uploaded_file)
    return sheet_upload_queue(uploaded_file, actor=actor, kind=SheetUpload.Kind.ASSIGNMENTS)


class SheetRefused(Exception):  # noqa: N818 - a refusal, with its reason
    pass


@dataclass
class Row:
    number: int
    cells: dict[str, str]  # column key -> text
    letters: dict[str, str]  # column key -> spreadsheet column letter


@dataclass
class Table:
    rows: list[Row]
    headers: dict[str, str]  # column key -> header as written (or the column's position)


def _read_cells(source, name: str) -> list[list]:
    if name.lower().endswith(".csv"):
        raw = source.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return list(csv.reader(io.StringIO(text), dialect))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise SheetRefused(_("The file could not be read as an .xlsx workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 50)]
    finally:
        workbook.close()


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(source, name: str) -> Table:
    """The rows of an uploaded file, each cell under its column key. Raises SheetRefused when
    the file has no recommendation and institution columns or too many rows."""
    cells = _read_cells(source, name)
    known = _headers()
    header_at, columns = None, {}
    for i, values in enumerate(cells[:HEADER_SCAN]):
        found = {}
        for j, value in enumerate(values):
            key = known.get(_key(value))
            if key and key not in found:
                found[key] = j
        if "institution" in found:
            header_at, columns = i, found
            break
    if header_at is None:
        # No header: recommendation, institution, role, note, in that order.
        columns = {key: j for j, key in enumerate(POSITIONAL)}
        headers = {key: _letter(j) for key, j in columns.items()}
        start = 0
    else:
        if "id" not in columns and "paragraph" not in columns:
            first = min(set(range(len(cells[header_at]))) - set(columns.values()), default=None)
            if first is None:
                raise SheetRefused(
                    _("%(file)s: no column names the recommendations (an id or a paragraph).")
                    % {"file": name}
                )
            columns["paragraph"] = first
        headers = {key: _text(cells[header_at][j]) or _letter(j) for key, j in columns.items()}
        start = header_at + 1
    if len(cells) - start > MAX_ROWS:
        raise SheetRefused(
            _("%(file)s has more than %(rows)s rows: split it.") % {"file": name, "rows": MAX_ROWS}
        )
    rows = []
    letters = {key: _letter(j) for key, j in columns.items()}
    for number, values in enumerate(cells[start:], start=start + 1):
        row = {key: _text(values[j]) if j < len(values) else "" for key, j in columns.items()}
        if any(row.values()):
            rows.append(Row(number=number, cells=row, letters=letters))
    return Table(rows=rows, headers=headers)


@dataclass
class AssignmentOutcome:
    rows: int = 0
    assigned: int = 0  # assignments made or changed
    unchanged: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


class _Problems:
    def __init__(self, name: str, table: Table):
        self.name, self.table = name, table
        self.items: list[tuple[int, str, str]] = []

    def add(self, row: Row, key: str, message: str) -> None:
        self.items.append((row.number, key, message))

    def messages(self) -> list[str]:
        lines = [
            _("%(file)s, row %(row)s, column %(column)s (%(header)s): %(message)s")
            % {
                "file": self.name,
                "row": number,
                "column": self.table.rows[0].letters.get(key, "?"),
                "header": self.table.headers.get(key, key),
                "message": message,
            }
            for number, key, message in sorted(self.items, key=lambda item: item[0])
        ]
        if len(lines) > MAX_PROBLEMS:
            total = len(lines)
            lines = lines[:MAX_PROBLEMS]
            lines.append(_("… %(total)s problems in all.") % {"total": total})
        return lines


def _institution_index(actor) -> tuple[dict[str, Institution], list[str]]:
    from recommendations.registry.selectors import institutions_assignable_by

    index: dict[str, Institution] = {}
    for institution in institutions_assignable_by(actor):
        index[_key(institution.name)] = institution
        if institution.acronym:
            index.setdefault(_key(institution.acronym), institution)
        index.setdefault(str(institution.pk), institution)
    names = [i.name for i in index.values()]
    return index, sorted(set(names))


def _find_institution(value: str, index, names) -> tuple[Institution | None, str]:
    found = index.get(_key(value))
    if found is not None:
        return found, ""
    inactive = Institution.objects.filter(name__iexact=value, is_active=False).exists()
    if inactive:
        return None, _("%(name)s is not active.") % {"name": value}
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.75)
    hint = _(" Did you mean “%(name)s”?") % {"name": close[0]} if close else ""
    return None, _("no institution is called “%(name)s”.") % {"name": value[:80]} + hint


def _recommendation_ids(table: Table, problems: _Problems) -> dict[int, int]:
    """Each row's recommendation id, found by id or by paragraph (and document)."""
    paragraphs = {r.cells.get("paragraph", "") for r in table.rows if r.cells.get("paragraph")}
    by_paragraph: dict[str, list[tuple[int, str]]] = {}
    candidates = Recommendation.objects.filter(paragraph__in=paragraphs).values_list(
        "pk", "paragraph", "document_symbol", "review__document_symbol"
    )
    for pk, paragraph, symbol, review_symbol in candidates.iterator():
        by_paragraph.setdefault(paragraph, []).append((pk, symbol or review_symbol or ""))
    wanted_ids = {
        int(value)
        for row in table.rows
        for value in (row.cells.get("id", ""), row.cells.get("paragraph", "").removeprefix("#"))
        if value.isdigit()
    }
    existing = set(Recommendation.objects.filter(pk__in=wanted_ids).values_list("pk", flat=True))
    found: dict[int, int] = {}
    for row in table.rows:
        if not row.cells.get("institution"):
            continue
        ident, paragraph = row.cells.get("id", ""), row.cells.get("paragraph", "")
        if paragraph.startswith("#") and not ident:
            ident, paragraph = paragraph[1:], ""
        if ident:
            key = "id" if "id" in row.cells else "paragraph"
            if not ident.isdigit() or int(ident) not in existing:
                problems.add(row, key, _("no recommendation has the id %(id)s.") % {"id": ident})
            else:
                found[row.number] = int(ident)
            continue
        if not paragraph:
            problems.add(
                row,
                "id" if "id" in row.cells else "paragraph",
                _("say which recommendation (its id or paragraph)."),
            )
            continue
        matches = by_paragraph.get(paragraph, [])
        document = _key(row.cells.get("document", ""))
        if document:
            matches = [m for m in matches if _key(m[1]) == document]
        if len(matches) == 1:
            found[row.number] = matches[0][0]
        elif not matches:
            problems.add(
                row,
                "paragraph",
                _("no recommendation has the paragraph %(paragraph)s%(document)s.")
                % {
                    "paragraph": paragraph[:30],
                    "document": f" ({row.cells['document']})" if document else "",
                },
            )
        else:
            symbols = ", ".join(sorted({m[1] or "?" for m in matches}))
            problems.add(
                row,
                "paragraph",
                _(
                    "the paragraph %(paragraph)s names %(count)s recommendations (%(documents)s): "
                    "add a Document column or use the id."
                )
                % {"paragraph": paragraph, "count": len(matches), "documents": symbols},
            )
    return found


def _check(actor, table: Table, problems: _Problems, outcome: AssignmentOutcome):
    """The rows to write as (recommendation id, institution, role, note), or None."""
    institutions, names = _institution_index(actor)
    roles = _roles()
    rec_ids = _recommendation_ids(table, problems)
    seen: dict[tuple[int, int], int] = {}
    leads: dict[int, tuple[int, int]] = {}  # recommendation -> (institution, row)
    checked = []
    for row in table.rows:
        name = row.cells.get("institution", "")
        if not name:
            outcome.skipped += 1
            continue
        institution, problem = _find_institution(name, institutions, names)
        if institution is None:
            problems.add(row, "institution", problem)
        role = roles.get(_key(row.cells.get("role", "")) or "lead")
        if role is None:
            choices = ", ".join(str(label) for _v, label in Assignment.Role.choices)
            problems.add(
                row,
                "role",
                _("“%(value)s” is not a role: %(choices)s.")
                % {"value": row.cells["role"][:40], "choices": choices},
            )
        rec_id = rec_ids.get(row.number)
        if institution is None or role is None or rec_id is None:
            continue
        key = "id" if "id" in row.cells else "paragraph"
        if (rec_id, institution.pk) in seen:
            problems.add(
                row,
                "institution",
                _("this institution is already assigned to this recommendation on row %(row)s.")
                % {"row": seen[rec_id, institution.pk]},
            )
            continue
        seen[rec_id, institution.pk] = row.number
        if role == Assignment.Role.LEAD:
            if rec_id in leads:
                problems.add(
                    row,
                    key,
                    _("row %(row)s already names a lead for this recommendation: one leads.")
                    % {"row": leads[rec_id][1]},
                )
                continue
            leads[rec_id] = (institution.pk, row.number)
        checked.append((row, rec_id, institution, role, row.cells.get("note") or None))
    return checked


def assignment_sheet_apply(
    *, actor, source, name: str, progress: Progress | None = None
) -> AssignmentOutcome:
    """Read an assignment sheet (a path or a binary file object) and assign what it says;
    all or nothing (see the module's docstring)."""
    require(actor, PERM)
    outcome = AssignmentOutcome()
    try:
        table = read_table(source, name)
    except SheetRefused as exc:
        outcome.errors = [str(exc)]
        return outcome
    outcome.rows = len(table.rows)
    if not table.rows:
        outcome.errors = [_("%(file)s has no rows to read.") % {"file": name}]
        return outcome
    problems = _Problems(name, table)
    checked = _check(actor, table, problems, outcome)
    if problems.items:
        outcome.errors = problems.messages()
        outcome.skipped = 0
        return outcome
    # One call of the service per institution, role and note: supporting first, so that a
    # lead named in the same file is the lead at the end.
    groups: dict[tuple, list[int]] = {}
    for _row, rec_id, institution, role, note in checked:
        key = (role != Assignment.Role.SUPPORTING, institution.pk, role, note)
        groups.setdefault(key, []).append(rec_id)
    by_pk = {institution.pk: institution for _r, _i, institution, _ro, _n in checked}
    done = 0
    try:
        with transaction.atomic():
            for (_order, institution_id, role, note), ids in sorted(
                groups.items(), key=lambda item: item[0][:2]
            ):
                outcome.assigned += recommendations_bulk_assign(
                    actor=actor,
                    recommendation_ids=ids,
                    institution=by_pk[institution_id],
                    role=role,
                    note=note,
                )
                done += len(ids)
                if progress:
                    progress(done, len(checked))
    except (ValidationError, PermissionDenied) as exc:
        message = " ".join(getattr(exc, "messages", [])) or _("You may not assign these.")
        outcome.errors = [f"{name}: {message}"]
        outcome.assigned = 0
        return outcome
    outcome.unchanged = len(checked) - outcome.assigned
    return outcome
