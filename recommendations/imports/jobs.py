"""Import jobs: an upload becomes a job that a worker runs, preview first, then (after the
secretariat's choices, or at once) the import itself. The job's row holds its state and
progress; cancelling asks the worker to stop at its next batch.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
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
from recommendations.imports.parsers.base import ImportFailed
from recommendations.imports.parsers.detect import detect_format
from recommendations.imports.parsers.states import state_key
from recommendations.imports.services import (
    UPLOAD,
    default_states,
    estimate_rows,
    import_recommendations,
)
from recommendations.imports.tasks import run_import_job
from recommendations.imports.writer import ImportSummary
from recommendations.models import ImportJob, State, StateAlias

logger = logging.getLogger(__name__)


class ImportCancelled(Exception):  # noqa: N818 - control flow only
    """Raised from the progress callback when the secretariat cancels a running import: it
    leaves the import's one transaction, which rolls back."""

    def __init__(self, by: str = ""):
        super().__init__(by)
        self.by = by


def _stop_if_asked(job: ImportJob) -> None:
    if (asked := cancel_asked(ImportJob, job.pk)) is not None:
        raise ImportCancelled(asked.get("by", ""))


IMPORT = "recommendations.import_recommendations"


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
    UPLOAD.check(uploaded_file)
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
    _record_result(job, summary)


def _record_result(job: ImportJob, summary: ImportSummary) -> None:
    """Record the import's outcome on its job, and look for repeats and similar
    recommendations of the reviews it wrote."""
    if summary.ok and (summary.created or summary.updated):
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
    _finish(job, ImportJob.JobStatus.DONE if summary.ok else ImportJob.JobStatus.FAILED)


def _finish_preview(job: ImportJob, found: ImportSummary) -> None:
    """Record the dry run: ready for the secretariat's choices, or failed when the file as
    a whole could not be read."""
    job.result = {"warnings": found.warnings, "rows": found.rows}
    job.errors = found.errors
    _finish(job, ImportJob.JobStatus.PREVIEWED if found.states else ImportJob.JobStatus.FAILED)


def _finish(job: ImportJob, status: str) -> None:
    """Save the job's outcome (format, preview, result, errors) as ended with ``status``."""
    job.status = status
    job.progress = 100
    job.finished = timezone.now()
    job.save(
        update_fields=["format", "preview", "result", "errors", "status", "progress", "finished"]
    )
