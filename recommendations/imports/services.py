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
    cancel_asked,
    enqueue_on_commit,
    forget_cancel,
    is_stuck,
    jobs_sweep,
    request_cancel,
)
from nrtd.web import require
from recommendations.assistant.tasks import find_similar
from recommendations.imports.parsers.base import (
    ImportFailed,
    ImportProblem,
    ImportWarning,
    ParsedRecommendation,
    Source,
    source_name,
)
from recommendations.imports.parsers.detect import PARSERS, detect_format
from recommendations.imports.parsers.states import state_key
from recommendations.imports.resolver import Resolver, record_kind, resolve_record
from recommendations.imports.tasks import run_import_job
from recommendations.imports.writer import (
    BATCH_SIZE,
    MAX_LISTED,
    ImportSummary,
    Writer,
    batches,
)
from recommendations.models import ImportJob, Recommendation, Review, State, StateAlias

logger = logging.getLogger(__name__)


Progress = Callable[[int], None]  # called with the number of source rows read so far


class _Rollback(Exception):  # noqa: N818 - control flow only
    pass


class ImportCancelled(Exception):  # noqa: N818 - control flow only
    """Raised from the progress callback when the secretariat cancels a running import: it
    leaves the import's one transaction, which rolls back."""

    def __init__(self, by: str = ""):
        super().__init__(by)
        self.by = by


def _stop_if_asked(job: ImportJob) -> None:
    if (asked := cancel_asked(ImportJob, job.pk)) is not None:
        raise ImportCancelled(asked.get("by", ""))


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
            review_label = None
            writer: Writer | None = None
            seen: set[str] = set()
            for batch in batches(items, BATCH_SIZE):
                resolved_batch = []
                for item in batch:
                    if isinstance(item, ImportWarning):
                        warnings.add(str(item))
                        continue
                    if isinstance(item, ImportProblem):
                        code, name = _state_of(item.state, resolver)
                        if keep is not None and code and code not in keep:
                            continue  # a row of a State not kept
                        problems.append(item)
                        if code:
                            summary.state(code, name)["problems"] += 1
                        continue
                    code, name = _state_of(item.state_under_review, resolver)
                    # Records without a State under review are never another State's.
                    if keep is not None and code and code not in keep:
                        summary.left_out += 1
                        continue
                    entry = summary.state(code, name)
                    rows = len(item.extra.get("rows") or [None])
                    summary.rows += rows
                    entry["rows"] += rows
                    summary.by_response[item.response or "none"] += 1
                    if item.external_id in seen:
                        summary.skipped += 1
                        continue
                    seen.add(item.external_id)
                    entry["by_response"][item.response or "none"] += 1
                    pledge = record_kind(item) == Recommendation.Kind.VOLUNTARY_PLEDGE
                    entry["pledges" if pledge else "recommendations"] += 1
                    before = len(problems)
                    resolved = resolve_record(item, resolver, problems, warnings, publish=publish)
                    entry["problems"] += len(problems) - before
                    if resolved is not None:
                        resolved.state_code = code
                        resolved_batch.append(resolved)
                if problems and not preview:
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
            # The first rows of each name, and how many there are: a name on 100,000 rows
            # must not make the job's record that large.
            summary.unresolved = [
                {"what": what, "name": name, "rows": rows[:100], "count": len(rows)}
                for (what, name), rows in sorted(resolver.unresolved.items())
            ]
            warnings.update(resolver.loose_warnings(summary.file))
            warnings.update(resolver.label_warnings(summary.file))
            summary.unmapped = resolver.unmapped_links
            if problems or dry_run:
                raise _Rollback
            resolver.save_mappings(actor)
    except _Rollback:
        pass
    summary.errors_total = len(problems)
    summary.errors = [str(p) for p in problems[:MAX_LISTED]]
    if not problems and not dry_run and (summary.created or summary.updated):
        from recommendations.filtering.facets import forget_facet_counts

        forget_facet_counts()
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


@transaction.atomic
def import_job_create(
    *,
    actor,
    uploaded_file,
    format="",  # noqa: A002
    state="",
    session=None,
    dry_run=False,
    states_under_review: list[str] | None = None,
    publish: bool | None = None,
) -> ImportJob:
    """Check and store the upload, and queue the job once the transaction commits.

    The job first records a preview (a dry run: the States under review found, new /
    changed / unchanged, pledges, names that did not resolve). With ``dry_run`` it stops
    there and waits for ``import_job_confirm``; otherwise it goes on to import the
    ``states_under_review`` chosen (default: ``default_states``)."""
    require(actor, IMPORT)
    upload_check(uploaded_file)
    job = ImportJob.objects.create(
        file=uploaded_file,
        original_name=Path(uploaded_file.name).name,
        format=format or "",
        state_name=state or "",
        session=session,
        dry_run=dry_run,
        states_under_review=_codes(states_under_review or []),
        publish=publish,
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
    """Queue a failed or cancelled import again (its worker died, the queue was down, it was
    stopped): the same file, from the start."""
    require(actor, IMPORT)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ImportJob.JobStatus.FAILED, ImportJob.JobStatus.CANCELLED):
        raise ValidationError(_("Only a failed or cancelled import can be run again."))
    if not job.file or not job.file.storage.exists(job.file.name):
        raise ValidationError(_("The uploaded file is no longer kept; upload it again."))
    job.status, job.progress, job.errors, job.result = ImportJob.JobStatus.QUEUED, 0, [], {}
    job.started = job.finished = job.heartbeat_at = None
    job.save()
    forget_cancel(ImportJob, job.pk)
    _enqueue(job)
    return job


CANCELLABLE = (
    ImportJob.JobStatus.QUEUED,
    ImportJob.JobStatus.RUNNING,
    ImportJob.JobStatus.PREVIEWED,
)


def cancelled_result(username: str) -> dict:
    return {"cancelled_by": username}


@transaction.atomic
def import_job_cancel(*, actor, job: ImportJob) -> ImportJob:
    """Stop an import: one that waits (queued, or a preview waiting for choices) is
    cancelled at once; one whose worker died, too; a running one is asked to stop, and its
    worker rolls the import back at its next batch, so nothing of it is written. Returns the
    job as it is now (still "running" until the worker has stopped)."""
    require(actor, IMPORT)
    job = ImportJob.objects.get(pk=job.pk)
    if job.status not in CANCELLABLE:
        raise ValidationError(_("Only a queued, running or previewed import can be cancelled."))
    if job.status == ImportJob.JobStatus.RUNNING and not is_stuck(job):
        # No write on the row: on SQLite the running import holds the write lock.
        _ask_worker_to_stop(job, actor)
        return job
    done = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=ImportJob.JobStatus.CANCELLED,
        finished=timezone.now(),
        result=cancelled_result(actor.get_username()),
        errors=[],
    )
    if not done:  # the worker moved it meanwhile: ask it to stop
        _ask_worker_to_stop(job, actor)
    job.refresh_from_db()
    return job


def _ask_worker_to_stop(job: ImportJob, actor) -> None:
    try:
        request_cancel(ImportJob, job.pk, by=actor.get_username())
    except Exception as exc:  # the jobs cache (Redis) is down
        logger.error("could not ask import %s to stop: %s", job.pk, exc)
        raise ValidationError(
            _("The import could not be asked to stop: the job queue is not answering.")
        ) from exc


def import_jobs_sweep(*, now=None, pk: int | None = None) -> int:
    """Fail the imports whose worker died or that no worker took (``nrtd.jobs.jobs_sweep``)."""
    return jobs_sweep(ImportJob, queued_field="created", now=now, pk=pk)


def _codes(values: Iterable[str]) -> list[str]:
    return sorted({str(v).strip().upper() for v in values if str(v).strip()})


@transaction.atomic
def import_job_confirm(
    *, actor, job: ImportJob, states_under_review: Iterable[str], publish: bool | None = None
) -> ImportJob:
    """The secretariat's choices after the preview: queue the real import of the States
    under review chosen, publishing the new records or not. All or nothing, as any import."""
    require(actor, IMPORT)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.JobStatus.PREVIEWED:
        raise ValidationError(_("This import is not waiting for a choice any more."))
    codes = _codes(states_under_review)
    found = {e["code"] for e in job.preview.get("states", []) if e["code"][:1] not in ("", "?")}
    if not codes and found:
        raise ValidationError({"states_under_review": _("Choose at least one State under review.")})
    if unknown := [c for c in codes if c not in found]:
        raise ValidationError(
            {
                "states_under_review": _("Not in this file: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            }
        )
    job.states_under_review = codes
    job.publish = publish
    job.dry_run = False
    job.status = ImportJob.JobStatus.QUEUED
    job.progress = 0
    job.result = {}
    job.errors = []
    job.save(
        update_fields=[
            "states_under_review", "publish", "dry_run", "status", "progress", "result", "errors"
        ]
    )  # fmt: skip
    _enqueue(job)
    return job


STATE_KINDS = ("State under review", "recommending State")


def unresolved_state_names(job: ImportJob) -> list[str]:
    """The names of a job's preview that did not resolve to a State."""
    return [
        u["name"] for u in (job.preview or {}).get("unresolved", []) if u["what"] in STATE_KINDS
    ]


@transaction.atomic
def import_job_map_state(*, actor, job: ImportJob, name: str, state: State) -> ImportJob:
    """The secretariat reads a name of the preview as a State, once: the mapping is stored as
    an alias (for this file and the next ones) and the preview is taken again."""
    require(actor, IMPORT)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.JobStatus.PREVIEWED:
        raise ValidationError(_("This import is not waiting for a choice any more."))
    if name not in unresolved_state_names(job):
        raise ValidationError({"name": _("This name is not one the preview could not read.")})
    StateAlias.objects.update_or_create(
        key=state_key(name), defaults={"name": name, "state": state, "created_by": actor}
    )
    job.preview = {}
    job.dry_run = True
    job.status = ImportJob.JobStatus.QUEUED
    job.progress = 0
    job.result = {}
    job.errors = []
    job.save(update_fields=["preview", "dry_run", "status", "progress", "result", "errors"])
    _enqueue(job)
    return job


def import_job_run(job_id: int) -> None:
    """Run a queued import job, reporting progress on the job row as it goes: first the
    preview (a dry run), unless the job has one; then, unless it is a dry run, the import
    of the States under review chosen."""

    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportJob.JobStatus.QUEUED, ImportJob.JobStatus.RUNNING):
        return  # done or cancelled: a redelivered message must not import twice
    path = Path(job.file.path)
    now = timezone.now()
    # Taken only if still queued or running: a cancel that came first wins.
    if not ImportJob.objects.filter(
        pk=job.pk, status__in=(ImportJob.JobStatus.QUEUED, ImportJob.JobStatus.RUNNING)
    ).update(status=ImportJob.JobStatus.RUNNING, started=now, heartbeat_at=now, progress=1):
        return
    job.status, job.started, job.heartbeat_at, job.progress = (
        ImportJob.JobStatus.RUNNING, now, now, 1
    )  # fmt: skip
    with Heartbeat(ImportJob, job.pk) as heartbeat:
        try:
            _import_job_run(job, path, heartbeat)
        except ImportCancelled as cancelled:
            job.status = ImportJob.JobStatus.CANCELLED
            job.result = cancelled_result(cancelled.by)
            job.errors = []
            job.finished = timezone.now()
            job.save(update_fields=["status", "result", "errors", "finished"])
        finally:
            forget_cancel(ImportJob, job.pk)


def _import_job_run(job: ImportJob, path: Path, heartbeat: Heartbeat) -> None:
    fmt = job.format
    if not fmt:
        try:
            fmt = detect_format(path, filename=job.original_name)
        except ImportFailed:
            fmt = ""
    total = estimate_rows(path, fmt) if fmt else None
    # Two passes (preview, then import) share the bar: the first half each.
    passes = 1 if job.preview or job.dry_run else 2
    done_passes = [0]
    last = [0]

    def report(rows: int) -> None:
        # Called inside the import's one transaction, once a batch: a cancel leaves it (and
        # so rolls it back); the heartbeat writes the progress from its own connection, so
        # the pages see it before the import commits.
        _stop_if_asked(job)
        if not total:
            return
        share = min(100, rows * 100 // total)
        percent = max(1, min(99, (done_passes[0] * 100 + share) // passes))
        if percent - last[0] >= 1:
            last[0] = percent
            heartbeat.set_progress(percent)

    options = {
        "filename": job.original_name,
        "format": fmt or None,
        "state": job.state_name or None,
        "session": job.session,
        "actor": job.created_by,
        "progress": report,
    }
    _stop_if_asked(job)
    try:
        if not job.preview:
            found = import_recommendations(path, preview=True, **options)
            done_passes[0] = 1
            job.format = found.format or job.format
            job.preview = {
                **found.preview(),
                "default_states": default_states(found.states),
                "publish_default": settings.NRTD_PUBLISH_ON_IMPORT,
            }
            if (found.errors and not found.states) or job.dry_run:
                _finish_preview(job, found)
                return
        kept = job.states_under_review or job.preview["default_states"]
        _stop_if_asked(job)
        summary = import_recommendations(
            path, states_under_review=kept, publish=job.publish, **options
        )
        if not kept:
            summary.warnings.append(
                "no State under review of this file was chosen or kept by default "
                "(NRTD_OWN_STATE, or the States already held): nothing was imported"
            )
    except ImportCancelled:
        raise
    except Exception as exc:
        logger.exception("import job %s crashed", job.pk)
        job.status = ImportJob.JobStatus.FAILED
        job.errors = [f"{job.original_name}: the import stopped on an unexpected error ({exc})"]
        job.finished = timezone.now()
        job.save(update_fields=["status", "errors", "finished"])
        raise
    if summary.ok and (summary.created or summary.updated):
        # Look for repeats and similar recommendations of the reviews just imported.
        for review_id in summary.review_ids:
            transaction.on_commit(lambda review_id=review_id: find_similar.delay(review_id))
    job.format = summary.format or job.format
    job.result = {
        **summary.as_dict(),
        "warnings": summary.warnings,
        "warnings_total": summary.warnings_total,
        "rows": summary.rows,
        "left_out": summary.left_out,
        "states": {code: e["new"] + e["changed"] for code, e in summary.states.items()},
    }
    job.errors = summary.errors
    job.status = ImportJob.JobStatus.DONE if summary.ok else ImportJob.JobStatus.FAILED
    job.progress = 100
    job.finished = timezone.now()
    job.save(
        update_fields=["format", "preview", "result", "errors", "status", "progress", "finished"]
    )


def _finish_preview(job: ImportJob, found: ImportSummary) -> None:
    """Record the dry run: ready for the secretariat's choices, or failed when the file as
    a whole could not be read."""
    job.result = {"warnings": found.warnings, "rows": found.rows}
    job.errors = found.errors
    job.status = ImportJob.JobStatus.PREVIEWED if found.states else ImportJob.JobStatus.FAILED
    job.progress = 100
    job.finished = timezone.now()
    job.save(
        update_fields=["format", "preview", "result", "errors", "status", "progress", "finished"]
    )
