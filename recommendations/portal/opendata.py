"""Open data: the current public search as CSV, JSON or XLSX, with no row cap.

CSV and JSON are streamed: rows are read from the database in chunks (a server-side cursor
on PostgreSQL) and written out as they come, so neither the server's memory nor the time to
the first byte grows with the result. XLSX cannot be streamed (a zip with a directory at its
end), so it is written row by row with openpyxl's write-only mode into a temporary file,
which is then sent and deleted.
"""

from __future__ import annotations

import csv
import json
import tempfile
from datetime import date

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.views.decorators.http import require_safe

from nrtd.spreadsheets import csv_row, write_only_cell
from recommendations.filtering.filters import RecommendationFilter
from recommendations.filtering.sorting import sort_recommendations
from recommendations.portal.indicator_export import indicator_export_fields, indicator_export_rows
from recommendations.portal.selectors import EXPORT_FIELDS, export_rows
from recommendations.publishing.selectors import public_recommendations

FORMATS = ["csv", "xlsx", "json"]
LIST_SEPARATOR = "; "


def export_queryset(query):
    """The public search's result for the query string ``query``, in the search's order."""
    filterset = RecommendationFilter(query, queryset=public_recommendations())
    searching = bool(query.get("search", "").strip())
    return sort_recommendations(filterset.qs, query.get("sort"), searching=searching)


def _flat(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # as in JSON, whatever the spreadsheet's language
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return "" if value is None else str(value)


STREAM_CHUNK = 64 * 1024  # characters handed to the server at a time


def _chunked(pieces):
    """Join small pieces (a row each) into pieces of about STREAM_CHUNK characters: a server
    writes each piece to the socket, and 250,000 small writes cost seconds."""
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= STREAM_CHUNK:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


class _Echo:
    def write(self, value):
        return value


def csv_stream(rows, fields=EXPORT_FIELDS):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a byte order mark, so spreadsheet programs read UTF-8
    yield writer.writerow(fields)
    for row in rows:
        yield writer.writerow(csv_row(_flat(row[name]) for name in fields))


def json_stream(rows, fields=EXPORT_FIELDS, key="recommendations"):
    yield '{"fields": ' + json.dumps(fields) + f', "{key}": ['
    first = True
    for row in rows:
        yield ("" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]}\n"


def xlsx_file(rows, fields=EXPORT_FIELDS, key="recommendations"):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(key)
    sheet.append(fields)
    for row in rows:
        sheet.append([write_only_cell(sheet, _flat(row[name])) for name in fields])
    # Not a context manager: FileResponse closes (and so deletes) it once sent.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def _send(rows, fmt: str, *, fields, key: str):
    filename = f"{key}-{date.today().isoformat()}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(
            xlsx_file(rows, fields, key),
            as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    if fmt == "csv":
        response = StreamingHttpResponse(
            _chunked(csv_stream(rows, fields)), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            _chunked(json_stream(rows, fields, key)),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def download(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    rows = export_rows(export_queryset(request.GET))
    return _send(rows, fmt, fields=EXPORT_FIELDS, key="recommendations")


@require_safe
def indicators_download(request, fmt: str):
    """Every value of every published indicator."""
    if fmt not in FORMATS:
        raise Http404
    fields = indicator_export_fields()
    return _send(indicator_export_rows(fields), fmt, fields=fields, key="indicator-values")
