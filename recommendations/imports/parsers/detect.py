"""Tell which export a file is from its content, and parse it with the right parser."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from recommendations.imports.parsers import nrtd_json, ohchr_matrix, uhri, upr_info
from recommendations.imports.parsers.base import ImportFailed, ParsedItem, Source, source_name
from recommendations.imports.parsers.tabular import (
    OLE2_MAGIC,
    ZIP_MAGIC,
    binary_stream,
    normalise_header,
    open_table,
)

PARSERS = {
    ohchr_matrix.FORMAT: ohchr_matrix.parse,
    upr_info.FORMAT: upr_info.parse,
    uhri.FORMAT: uhri.parse,
    nrtd_json.FORMAT: nrtd_json.parse,
}

_NOT_RECOGNISED = (
    "not a recognised file: expected an OHCHR thematic list of recommendations (.docx), "
    "a UPR Info export (.csv) or a UHRI export (.xlsx or .csv)"
)


def detect_format(source: Source, *, filename: str | None = None) -> str:
    """ "ohchr-matrix", "upr-info" or "uhri", from the file's content (not its name)."""
    file = source_name(source, filename)
    with binary_stream(source, file) as stream:
        head = stream.read(8)
        stream.seek(0)
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
            return nrtd_json.FORMAT  # the API's own JSON export
        if head.startswith(OLE2_MAGIC):
            raise ImportFailed.for_file(
                file, "this is an old binary Office file (.doc or .xls); save it as .docx or .xlsx"
            )
        if head.startswith(ZIP_MAGIC):
            try:
                with zipfile.ZipFile(stream) as archive:
                    names = set(archive.namelist())
            except zipfile.BadZipFile as exc:
                raise ImportFailed.for_file(
                    file, f"the file is a damaged zip archive ({exc})"
                ) from exc
            stream.seek(0)
            if "word/document.xml" in names:
                return ohchr_matrix.FORMAT
            if "xl/workbook.xml" not in names:
                raise ImportFailed.for_file(file, _NOT_RECOGNISED)

    def either(header: list[str]) -> bool:
        return upr_info.is_header(header) or uhri.is_header(header)

    try:
        with open_table(source, file, is_header=either) as table:
            header = table.header
    except ImportFailed as exc:
        raise ImportFailed.for_file(file, _NOT_RECOGNISED) from exc
    names = {normalise_header(h) for h in header}
    if uhri.is_header(header) and not {"to", "from"} <= names:
        return uhri.FORMAT
    return upr_info.FORMAT


def parse_file(
    source: Source,
    *,
    filename: str | None = None,
    state: str | None = None,
    session: int | None = None,
) -> Iterator[ParsedItem]:
    """Detect the format, then parse; see each parser for what `state` and `session` do."""
    parser = PARSERS[detect_format(source, filename=filename)]
    return parser(source, filename=filename, state=state, session=session)
