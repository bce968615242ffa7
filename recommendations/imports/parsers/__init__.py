"""Parsers for the files a secretariat already has: OHCHR matrices, UPR Info and UHRI exports.

Each parser yields plain `ParsedRecommendation` records, `ImportProblem`s (the file is
refused) and `ImportWarning`s (a repair, named by row), and never touches the database;
see `base` for the records and `detect` for choosing a parser from a file's content.
"""

from recommendations.imports.parsers.base import (
    ImportFailed,
    ImportProblem,
    ImportWarning,
    ParsedRecommendation,
    cycle_for_session,
    split_all,
    split_items,
)
from recommendations.imports.parsers.detect import detect_format, parse_file

__all__ = [
    "ImportFailed",
    "ImportProblem",
    "ImportWarning",
    "ParsedRecommendation",
    "cycle_for_session",
    "detect_format",
    "parse_file",
    "split_all",
    "split_items",
]
