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
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nrtd.jobs import (
    Heartbeat,
    dead_running,
    enqueue_on_commit,
    never_started_message,
    no_heartbeat_message,
    stuck_queued,
)
from nrtd.web import require
from recommendations.assistant.tasks import find_similar
from recommendations.imports.parsers.base import (
    ImportFailed,
    ImportProblem,
    ParsedRecommendation,
    Source,
    source_name,
)
from recommendations.imports.parsers.detect import PARSERS, detect_format
from recommendations.imports.resolver import Resolver, resolve_record
from recommendations.imports.tasks import run_import_job
from recommendations.imports.writer import BATCH_SIZE, ImportSummary, Writer, batches
from recommendations.models import ImportJob

logger = logging.getLogger(__name__)


Progress = Callable[[int], None]  # called with the number of source rows read so far


class _Rollback(Exception):  # noqa: N818 - control flow only
    pass


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
) -> ImportSummary:
    """Import one file. Returns the summary; writes nothing if ``summary.errors``."""
    file = source_name(source, filename)
    try:
        fmt = format or detect_format(source, filename=file)
        if fmt not in PARSERS:
            raise ImportFailed.for_file(file, f"unknown format '{fmt}'")
        summary = ImportSummary(file=file, format=fmt, dry_run=dry_run)
        items = PARSERS[fmt](source, filename=file, state=state, session=session)
        _run(items, summary, actor=actor, progress=progress, dry_run=dry_run)
    except ImportFailed as exc:
        summary = ImportSummary(file=file, format=format or "", dry_run=dry_run)
        summary.errors = [str(p) for p in exc.problems]
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
    _run(records, summary, actor=actor, progress=None, dry_run=False)
    return summary


def _run(items, summary: ImportSummary, *, actor, progress, dry_run: bool) -> None:
    publish = settings.NRTD_PUBLISH_ON_IMPORT
    problems: list[ImportProblem] = []
    warnings: set[str] = set()
    try:
        with transaction.atomic():
            resolver = Resolver()
            review_label = None
            writer: Writer | None = None
            seen: set[str] = set()
            for batch in batches(items, BATCH_SIZE):
                resolved_batch = []
                for item in batch:
                    if isinstance(item, ImportProblem):
                        problems.append(item)
                        continue
                    summary.rows += len(item.extra.get("rows") or [None])
                    summary.by_response[item.response or "none"] += 1
                    if item.external_id in seen:
                        summary.skipped += 1
                        continue
                    seen.add(item.external_id)
                    resolved = resolve_record(item, resolver, problems, warnings, publish=publish)
                    if resolved is not None:
                        resolved_batch.append(resolved)
                if problems:
                    continue  # keep reading to report every problem; write nothing
                if writer is None:
                    if summary.format == "ohchr-matrix" and resolved_batch:
                        first = resolved_batch[0].record
                        review_label = (
                            f"OHCHR matrix themes — {first.state_under_review}, "
                            f"UPR session {first.session}"
                        )
                    writer = Writer(summary, actor, review_label)
                writer.write(resolved_batch)
                if progress:
                    progress(summary.rows)
            summary.review_ids = sorted(r.pk for r in resolver.reviews.values())
            if problems or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    summary.errors = [str(p) for p in problems]
    if not problems and not dry_run and (summary.created or summary.updated):
        from recommendations.filtering.facets import forget_facet_counts

        forget_facet_counts()
    summary.warnings = sorted(warnings)
    if problems:
        summary.created = summary.updated = summary.unchanged = 0


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
IMPORT = "recommendations.import_recommendations"


def upload_check(uploaded_file) -> None:
    """Refuse a file that is not a .docx, .csv, .xlsx or .json, or is too large, before it is
    stored: the same check for the upload page, the API and any other caller."""
    if not uploaded_file.name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValidationError({"file": _("Upload a .docx, .csv or .xlsx file.")})
    if uploaded_file.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_MB}}
        )


@transaction.atomic
def import_job_create(*, actor, uploaded_file, format="", state="", session=None, dry_run=False):  # noqa: A002
    """Check and store the upload, and queue the import once the transaction commits."""
    require(actor, IMPORT)
    upload_check(uploaded_file)
    job = ImportJob.objects.create(
        file=uploaded_file,
        original_name=Path(uploaded_file.name).name,
        format=format or "",
        state_name=state or "",
        session=session,
        dry_run=dry_run,
        created_by=actor,
    )
    _enqueue(job)
    return job


def _enqueue(job: ImportJob) -> None:
    def refused(message: str) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.JobStatus.FAILED, errors=[message], finished=timezone.now()
        )

    enqueue_on_commit(run_import_job, job.pk, refused=refused)


@transaction.atomic
def import_job_retry(*, actor, job: ImportJob) -> ImportJob:
    """Queue a failed import again (its worker died, the queue was down): the same file."""
    require(actor, IMPORT)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.JobStatus.FAILED:
        raise ValidationError(_("Only a failed import can be run again."))
    if not job.file or not job.file.storage.exists(job.file.name):
        raise ValidationError(_("The uploaded file is no longer kept; upload it again."))
    job.status, job.progress, job.errors, job.result = ImportJob.JobStatus.QUEUED, 0, [], {}
    job.started = job.finished = job.heartbeat_at = None
    job.save()
    _enqueue(job)
    return job


def import_jobs_sweep(*, now=None, pk: int | None = None) -> int:
    """Fail the imports whose worker died (no heartbeat) and those no worker took. With
    ``pk``, that job only: its page checks it, so a dead worker is noticed even when no
    worker is left to sweep."""
    now = now or timezone.now()
    jobs = ImportJob.objects.all() if pk is None else ImportJob.objects.filter(pk=pk)
    # Ids first, then a write only if there is one (see nrtd.jobs.stuck_queued).
    dead = dead_running(jobs, now=now)
    never = stuck_queued(jobs, queued_field="created", now=now)
    count = 0
    if dead:
        count += ImportJob.objects.filter(pk__in=dead, status="running").update(
            status=ImportJob.JobStatus.FAILED, errors=[no_heartbeat_message()], finished=now
        )
    if never:
        count += ImportJob.objects.filter(pk__in=never, status="queued").update(
            status=ImportJob.JobStatus.FAILED, errors=[never_started_message()], finished=now
        )
    return count


def import_job_run(job_id: int) -> None:
    """Run a queued import job, reporting progress on the job row as it goes."""

    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportJob.JobStatus.QUEUED, ImportJob.JobStatus.RUNNING):
        return  # already done: a redelivered message must not import twice
    path = Path(job.file.path)
    job.status = ImportJob.JobStatus.RUNNING
    job.started = job.heartbeat_at = timezone.now()
    job.progress = 1
    job.save(update_fields=["status", "started", "heartbeat_at", "progress"])
    with Heartbeat(ImportJob, job.pk) as heartbeat:
        _import_job_run(job, path, heartbeat)


def _import_job_run(job: ImportJob, path: Path, heartbeat: Heartbeat) -> None:
    fmt = job.format
    if not fmt:
        try:
            fmt = detect_format(path, filename=job.original_name)
        except ImportFailed:
            fmt = ""
    total = estimate_rows(path, fmt) if fmt else None
    last = [0]

    def report(rows: int) -> None:
        # Called inside the import's one transaction: the heartbeat writes the progress from
        # its own connection, so the pages see it before the import commits.
        if not total:
            return
        percent = max(1, min(99, rows * 100 // total))
        if percent - last[0] >= 1:
            last[0] = percent
            heartbeat.set_progress(percent)

    try:
        summary = import_recommendations(
            path,
            filename=job.original_name,
            format=fmt or None,
            state=job.state_name or None,
            session=job.session,
            dry_run=job.dry_run,
            actor=job.created_by,
            progress=report,
        )
    except Exception as exc:
        logger.exception("import job %s crashed", job.pk)
        job.status = ImportJob.JobStatus.FAILED
        job.errors = [f"{job.original_name}: the import stopped on an unexpected error ({exc})"]
        job.finished = timezone.now()
        job.save(update_fields=["status", "errors", "finished"])
        raise
    if summary.ok and not job.dry_run and (summary.created or summary.updated):
        # Look for repeats and similar recommendations of the reviews just imported.
        for review_id in summary.review_ids:
            transaction.on_commit(lambda review_id=review_id: find_similar.delay(review_id))
    job.format = summary.format or job.format
    job.result = {**summary.as_dict(), "warnings": summary.warnings, "rows": summary.rows}
    job.errors = summary.errors
    job.status = ImportJob.JobStatus.DONE if summary.ok else ImportJob.JobStatus.FAILED
    job.progress = 100
    job.finished = timezone.now()
    job.save(update_fields=["format", "result", "errors", "status", "progress", "finished"])
