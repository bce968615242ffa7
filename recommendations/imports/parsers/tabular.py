"""Reading CSV and XLSX exports row by row, whatever their encoding or line endings."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from recommendations.imports.parsers.base import ImportFailed, Source

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
HEADER_SEARCH_ROWS = 20
_CHUNK = 1 << 16


def normalise_header(value: Any) -> str:
    """'Reccomending  Body' → 'recommending body'; 'To-Rgrp' → 'to rgrp'."""
    text = unicodedata.normalize("NFKC", str(value or "")).replace("\ufeff", "")
    text = text.casefold().replace("reccomend", "recommend")
    return " ".join(re.sub(r"[\s_\-]+", " ", text).split())


@dataclass
class Table:
    """A header row and the rows below it; row numbers are 1-based, as a spreadsheet shows."""

    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Any]]]

    def column_index(self, spec: dict[str, tuple[str, ...]]) -> dict[str, int]:
        """Map canonical column names to positions, matching any accepted spelling."""
        normalised = [normalise_header(h) for h in self.header]
        found = {}
        for canonical, spellings in spec.items():
            for spelling in (canonical, *spellings):
                key = normalise_header(spelling)
                if key in normalised:
                    found[canonical] = normalised.index(key)
                    break
        return found


@contextlib.contextmanager
def binary_stream(source: Source, file: str) -> Iterator[IO[bytes]]:
    """Open a path, or use an open binary file rewound to its start."""
    if isinstance(source, str | os.PathLike):
        try:
            stream = open(source, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise ImportFailed.for_file(file, f"cannot open the file: {exc.strerror}") from exc
        with stream:
            yield stream
        return
    if hasattr(source, "seek"):
        source.seek(0)
    yield source


def read_head(source: Source, file: str, size: int = 8) -> bytes:
    with binary_stream(source, file) as stream:
        head = stream.read(size)
        if hasattr(stream, "seek"):
            stream.seek(0)
    return head


@contextlib.contextmanager
def open_table(
    source: Source, file: str, *, is_header: Callable[[list[str]], bool]
) -> Iterator[Table]:
    """Open a CSV or XLSX file and find its header row (among the first rows).

    Raises ImportFailed for a file that is neither, or that has no such header.
    """
    with binary_stream(source, file) as stream:
        head = stream.read(8)
        stream.seek(0)
        if head.startswith(OLE2_MAGIC):
            raise ImportFailed.for_file(
                file, "this is an old binary Office file (.xls or .doc); save it as .xlsx or .csv"
            )
        if head.startswith(ZIP_MAGIC):
            with _open_xlsx(stream, file, is_header) as table:
                yield table
        else:
            with _open_csv(stream, file, is_header) as table:
                yield table


# --- CSV ----------------------------------------------------------------------------

# Letters and marks that real text in Latin scripts uses; scores candidate encodings.
_LIKELY = set("àâäáãåçéèêëíìîïñóòôöõúùûüÿœæßÀÂÄÁÇÉÈÊËÍÎÏÑÓÔÖÚÙÛÜ’‘“”–—…«»°")


def sniff_encoding(stream: IO[bytes]) -> str:
    """UTF-8 (with or without BOM), UTF-16 by BOM, else Windows-1252 or Mac Roman.

    Reads the stream once in chunks and rewinds it. Old exports (UPR Info's among
    them) come in Mac Roman; Excel on Windows writes Windows-1252.
    """
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    finally:
        stream.seek(0)
    high: Counter[bytes] = Counter()
    while chunk := stream.read(_CHUNK):
        high.update(re.findall(rb"[\x80-\xff]", chunk))
    stream.seek(0)
    best, best_score = "mac_roman", -1
    for encoding in ("cp1252", "mac_roman"):
        score = 0
        for byte, count in high.items():
            try:
                char = bytes(byte).decode(encoding)
            except UnicodeDecodeError:
                score = -1
                break
            if char in _LIKELY:
                score += count * (2 if char.islower() else 1)
        if score > best_score:
            best, best_score = encoding, score
    return best


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


@contextlib.contextmanager
def _open_csv(
    stream: IO[bytes], file: str, is_header: Callable[[list[str]], bool]
) -> Iterator[Table]:
    if not hasattr(stream, "seekable") or not stream.seekable():
        stream = io.BytesIO(stream.read())
    encoding = sniff_encoding(stream)
    # newline="" hands \r, \n and \r\n alike to the csv module, which splits on any.
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        first = text.readline()
        text.seek(0)
        if "\x00" in first:
            raise ImportFailed.for_file(file, "this is not a CSV text file")
        reader = csv.reader(text, delimiter=_sniff_delimiter(first))
        yield _table_from_rows(file, _csv_rows(reader, file), is_header)
    except UnicodeDecodeError as exc:
        raise ImportFailed.for_file(file, f"cannot decode the text ({encoding})") from exc
    finally:
        text.detach()  # leave the caller's file open


def _csv_rows(reader: Any, file: str) -> Iterator[tuple[int, list[Any]]]:
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, row
    except csv.Error as exc:
        raise ImportFailed.for_file(file, f"broken CSV after record {number}: {exc}") from exc


# --- XLSX ---------------------------------------------------------------------------


@contextlib.contextmanager
def _open_xlsx(
    stream: IO[bytes], file: str, is_header: Callable[[list[str]], bool]
) -> Iterator[Table]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFailed.for_file(file, f"not a readable .xlsx workbook ({exc})") from exc
    try:
        table = None
        for sheet in workbook.worksheets:
            rows = (
                (number, list(values))
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            )
            try:
                table = _table_from_rows(file, rows, is_header)
                break
            except ImportFailed:
                if sheet is workbook.worksheets[-1]:
                    raise
        yield table
    finally:
        workbook.close()


def _table_from_rows(
    file: str, rows: Iterator[tuple[int, list[Any]]], is_header: Callable[[list[str]], bool]
) -> Table:
    first_seen: list[str] | None = None
    for number, values in rows:
        header = ["" if v is None else str(v).strip() for v in values]
        if not any(header):
            continue
        if first_seen is None:
            first_seen = header
        if is_header(header):
            return Table(header=header, header_row=number, rows=rows)
        if number >= HEADER_SEARCH_ROWS:
            break
    shown = ", ".join(h for h in (first_seen or []) if h)[:200]
    raise ImportFailed.for_file(
        file, f"no header row with the expected columns (first row read: {shown or 'empty'})"
    )
