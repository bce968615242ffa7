"""Import recommendations from a file (OHCHR matrix, UPR Info, UHRI) into the registry.

One transaction per file: every row is resolved against the reference data first, every
problem is collected (file, row, column, message), and if there is any, nothing is written.
Records are matched on their external id (UHRI annotation id, or the stable id the parser
derives), so re-importing the same file creates nothing; a changed file updates what
changed, with history.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy

from nrtd.uploads import UploadRule
from recommendations.imports.parsers.base import (
    ImportFailed,
    ImportProblem,
    ImportWarning,
    ParsedRecommendation,
    Source,
    source_name,
)
from recommendations.imports.parsers.detect import PARSERS, detect_format
from recommendations.imports.resolver import Resolver, record_kind, resolve_record
from recommendations.imports.writer import (
    BATCH_SIZE,
    MAX_LISTED,
    ImportSummary,
    Writer,
    batches,
)
from recommendations.models import Recommendation, Review

logger = logging.getLogger(__name__)


Progress = Callable[[int], None]  # called with the number of source rows read so far


def import_recommendations(
    source: Source,
    *,
    filename: str | None = None,
    format: str | None = None,  # noqa: A002 - the option's name
    state: str | None = None,
    session: int | None = None,
    dry_run: bool = False,
    actor=None,
    progress: Progress | None = None,
    states_under_review: Iterable[str] | None = None,
    publish: bool | None = None,
    preview: bool = False,
    mappings: dict[str, str] | None = None,
) -> ImportSummary:
    """Import one file. Returns the summary; writes nothing if ``summary.errors``.

    ``states_under_review``: ISO3 codes of the States under review to keep (None: all);
    the other States' records, and the problems of their rows, are left out.
    ``publish``: whether new records are published (None: NRTD_PUBLISH_ON_IMPORT).
    ``preview``: a dry run that goes on past problems to count every State's records
    (``summary.preview()``).
    ``mappings``: {name in the file: State}, the secretariat's own; stored as State aliases
    when the import is written."""
    file = source_name(source, filename)
    dry_run = dry_run or preview
    keep = (
        {code.upper() for code in states_under_review} if states_under_review is not None else None
    )
    try:
        fmt = format or detect_format(source, filename=file)
        if fmt not in PARSERS:
            raise ImportFailed.for_file(file, f"unknown format '{fmt}'")
        summary = ImportSummary(file=file, format=fmt, dry_run=dry_run)
        items = PARSERS[fmt](source, filename=file, state=state, session=session)
        _run(
            items,
            summary,
            actor=actor,
            progress=progress,
            dry_run=dry_run,
            keep=keep,
            publish=settings.NRTD_PUBLISH_ON_IMPORT if publish is None else publish,
            preview=preview,
            mappings=mappings,
        )
    except ImportFailed as exc:
        summary = ImportSummary(file=file, format=format or "", dry_run=dry_run, refused=True)
        summary.errors = [str(p) for p in exc.problems[:MAX_LISTED]]
        summary.errors_total = len(exc.problems)
    return summary


def import_parsed(
    records: Iterable[ParsedRecommendation],
    *,
    filename: str,
    format: str,
    actor=None,  # noqa: A002
) -> ImportSummary:
    """Import records already parsed (the demo fixture), with the same rules as a file."""
    summary = ImportSummary(file=filename, format=format)
    _run(
        records,
        summary,
        actor=actor,
        progress=None,
        dry_run=False,
        publish=settings.NRTD_PUBLISH_ON_IMPORT,
    )
    return summary


def _state_of(name: str, resolver: Resolver) -> tuple[str, str]:
    """(key, name) of a State under review in ImportSummary.states."""
    if not name:
        return "", ""
    found = resolver.state(name)
    return (found.iso3, found.name) if found else (f"?{name}", name)


def _run(
    items,
    summary: ImportSummary,
    *,
    actor,
    progress,
    dry_run: bool,
    publish: bool,
    keep: set[str] | None = None,
    preview: bool = False,
    mappings: dict[str, str] | None = None,
) -> None:
    problems: list[ImportProblem] = []
    warnings: set[str] = set()
    try:
        with transaction.atomic():
            resolver = Resolver(mappings)
            if not resolver.states or not resolver.bodies:
                # One message, not one per row ("unknown body 'UPR'" 254 times).
                problems.append(
                    ImportProblem(
                        summary.file,
                        None,
                        None,
                        "the reference data (States, bodies, themes, SDGs) is not loaded: "
                        "run `python manage.py load_reference` first",
                    )
                )
                raise _Rollback
            reading = _Reading(summary, resolver, problems, warnings, keep=keep, publish=publish)
            writer: Writer | None = None
            for batch in batches(items, BATCH_SIZE):
                resolved_batch = [r for item in batch if (r := reading.take(item)) is not None]
                if problems and not preview:
                    continue  # keep reading to report every problem; write nothing
                if writer is None:
                    writer = Writer(summary, actor, _review_label(summary, resolved_batch))
                writer.write(resolved_batch)
                if progress:
                    progress(summary.rows)
            _note_resolver(summary, resolver, warnings)
            if problems or dry_run:
                raise _Rollback
            resolver.save_mappings(actor)
    except _Rollback:
        pass
    _close(summary, problems, warnings, dry_run=dry_run, preview=preview)


class _Rollback(Exception):  # noqa: N818 - control flow only
    pass


class _Reading:
    """What the import has read so far: each parsed item is counted into the summary (by
    State under review kept) and resolved against the reference data."""

    def __init__(self, summary, resolver, problems, warnings, *, keep, publish):
        self.summary, self.resolver = summary, resolver
        self.problems, self.warnings = problems, warnings
        self.keep, self.publish = keep, publish
        self.seen: set[str] = set()

    def _left_out(self, code: str) -> bool:
        return self.keep is not None and bool(code) and code not in self.keep

    def take(self, item):
        """The item's resolved record, or None (a warning, a problem, a row left out)."""
        summary, problems = self.summary, self.problems
        if isinstance(item, ImportWarning):
            self.warnings.add(str(item))
            return None
        if isinstance(item, ImportProblem):
            code, name = _state_of(item.state, self.resolver)
            if self._left_out(code):
                return None  # a row of a State not kept
            problems.append(item)
            if code:
                summary.state(code, name)["problems"] += 1
            return None
        code, name = _state_of(item.state_under_review, self.resolver)
        # Records without a State under review are never another State's.
        if self._left_out(code):
            summary.left_out += 1
            return None
        entry = summary.state(code, name)
        rows = len(item.extra.get("rows") or [None])
        summary.rows += rows
        entry["rows"] += rows
        summary.by_response[item.response or "none"] += 1
        if item.external_id in self.seen:
            summary.skipped += 1
            return None
        self.seen.add(item.external_id)
        entry["by_response"][item.response or "none"] += 1
        pledge = record_kind(item) == Recommendation.Kind.VOLUNTARY_PLEDGE
        entry["pledges" if pledge else "recommendations"] += 1
        before = len(problems)
        resolved = resolve_record(
            item, self.resolver, problems, self.warnings, publish=self.publish
        )
        entry["problems"] += len(problems) - before
        if resolved is not None:
            resolved.state_code = code
        return resolved


def _review_label(summary: ImportSummary, resolved_batch) -> str | None:
    """The label of the review an OHCHR matrix's themes are filed under."""
    if summary.format != "ohchr-matrix" or not resolved_batch:
        return None
    first = resolved_batch[0].record
    return f"OHCHR matrix themes — {first.state_under_review}, UPR session {first.session}"


def _note_resolver(summary: ImportSummary, resolver: Resolver, warnings: set[str]) -> None:
    """Copy what the resolver learnt (reviews, names it could not read) into the summary."""
    summary.review_ids = sorted(r.pk for r in resolver.reviews.values())
    # The first rows of each name, and how many there are: a name on 100,000 rows
    # must not make the job's record that large.
    summary.unresolved = [
        {"what": what, "name": name, "rows": rows[:100], "count": len(rows)}
        for (what, name), rows in sorted(resolver.unresolved.items())
    ]
    warnings.update(resolver.loose_warnings(summary.file))
    warnings.update(resolver.label_warnings(summary.file))
    summary.unmapped = resolver.unmapped_links


def _close(summary: ImportSummary, problems, warnings, *, dry_run: bool, preview: bool) -> None:
    summary.errors_total = len(problems)
    summary.errors = [str(p) for p in problems[:MAX_LISTED]]
    if not problems and not dry_run and (summary.created or summary.updated):
        from recommendations.filtering.facets import forget_facet_counts

        forget_facet_counts(labels=True)  # reviews created or renamed in bulk
    summary.warnings_total = len(warnings)
    summary.warnings = sorted(warnings)[:MAX_LISTED]
    summary.unresolved = summary.unresolved[:MAX_LISTED]
    if problems and not preview:
        summary.created = summary.updated = summary.unchanged = 0
        summary.refused = True


def summary_line(summary: ImportSummary) -> str:
    return json.dumps(summary.as_dict(), ensure_ascii=False)


def estimate_rows(path: str | Path, fmt: str) -> int | None:
    """Roughly how many source rows a file has, to turn rows read into a percentage."""
    path = Path(path)
    try:
        if fmt == "ohchr-matrix":
            import zipfile

            with zipfile.ZipFile(path) as archive:
                return archive.read("word/document.xml").count(b"<w:tr ") or None
        if path.suffix.lower() == ".xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True)
            try:
                return workbook.worksheets[0].max_row
            finally:
                workbook.close()
        newlines = returns = 0
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                newlines += chunk.count(b"\n")
                returns += chunk.count(b"\r")
        return max(newlines, returns) or None
    except Exception:  # an estimate only: the import itself reports real problems
        logger.debug("could not estimate rows of %s", path, exc_info=True)
        return None


MAX_UPLOAD_MB = 50
# .json: an nrtd export (the API's round trip).
ALLOWED_SUFFIXES = (".docx", ".csv", ".xlsx", ".json")


# The same check for the upload page, the API and any other caller. The parser says what
# is wrong with a workbook's content, naming the file.
UPLOAD = UploadRule(
    ALLOWED_SUFFIXES,
    MAX_UPLOAD_MB,
    wrong_suffix=gettext_lazy("Upload a .docx, .csv or .xlsx file."),
    sniff_xlsx=False,
)


def default_states(codes: Iterable[str]) -> list[str]:
    """The States under review an import keeps unless the secretariat chooses: its own
    State (NRTD_OWN_STATE) in a national deployment; else those the registry already
    holds reviews of (none, for a file of other States); else, for the very first import
    into an empty registry, every State of the file."""
    codes = [c for c in codes if c and not c.startswith("?")]
    own = settings.NRTD_OWN_STATE
    if own:
        return [own] if own in codes else []
    held = set(Review.objects.values_list("state_under_review__iso3", flat=True).distinct())
    if not held:
        return codes
    return [c for c in codes if c in held]
