"""Report runs: queue, execute (in a Celery worker), cancel, retry, and sweep stale runs.

The task only passes the run's id; ``report_run_execute`` does the work and writes its
progress on the row as it goes, outside any transaction, so the browser's polling sees it.
Between steps it reads the cancel flag. While it works it beats (``heartbeat_at``). A
worker that dies leaves the row "running": with late acknowledgement the broker hands the
task to another worker, which starts again; if none does, ``report_runs_sweep`` marks the
run failed once its heartbeat is older than NRTD_JOB_HEARTBEAT_TIMEOUT (or the time limit
has passed). The limits are the task's (``reporting.tasks.run_report``), read from it here.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nrtd.jobs import (
    Heartbeat,
    cycle_collector_paused,
    dead_running,
    enqueue_on_commit,
    is_stuck,
    never_started_message,
    no_heartbeat_message,
    stuck_queued,
)
from nrtd.web import require
from recommendations.models import ActionPlan, Body, Cluster, ClusterSet, Mechanism, Review
from reporting.exports import content, localize, national, pdf, treaty
from reporting.models import (
    ANNUAL_KINDS,
    DRAFT_KINDS,
    FORMATS_BY_KIND,
    TREATY_KINDS,
    ReportDraft,
    ReportKind,
    ReportRun,
)
from reporting.selectors import report as selectors
from reporting.selectors.midterm import state_name
from reporting.selectors.report_settings import cover_settings
from reporting.services import report_blocks
from reporting.services.annual import annual_blocks, annual_period, annual_scope_errors
from reporting.tasks import run_report

logger = logging.getLogger(__name__)

SWEEP_GRACE = datetime.timedelta(minutes=2)

Status = ReportRun.RunStatus


class RunCancelled(Exception):
    pass


def _enqueue(run: ReportRun) -> None:
    def refused(message: str) -> None:
        ReportRun.objects.filter(pk=run.pk).update(
            status=Status.FAILED, error=message, finished=timezone.now(), step=""
        )

    enqueue_on_commit(run_report, run.pk, refused=refused)


def _check_scope(
    kind: str,
    review: Review | None,
    body: Body | None,
    draft: ReportDraft | None,
    plan: ActionPlan | None = None,
) -> None:
    """A run scoped to a body and a review names the review's body; a report to a treaty
    body answers one of its reviews (its concluding observations); a periodic report's
    narrative comes from a periodic-report draft of that review; the annual plan report
    names its plan. Every error at once."""
    errors: dict[str, str] = annual_scope_errors(kind, plan)
    if review is not None and body is not None and review.body_id != body.pk:
        errors["body"] = _("This review is not one of this body's.")
    if kind in TREATY_KINDS:
        errors.update(_treaty_scope_errors(kind, review, draft))
    elif kind == ReportKind.NATIONAL and draft is not None and draft.kind != kind:
        errors["draft"] = _("Choose a draft of a UPR national report.")
    elif kind == ReportKind.MIDTERM and draft is not None and draft.kind != kind:
        errors["draft"] = _("Choose a draft of a mid-term report.")
    if errors:
        raise ValidationError(errors)


def _treaty_scope_errors(kind: str, review: Review | None, draft: ReportDraft | None) -> dict:
    if review is None:
        return {
            "review": _("Choose the treaty body's review this report answers (%(kind)s).")
            % {"kind": ReportKind(kind).label}
        }
    if review.mechanism != Mechanism.TREATY_BODY:
        return {
            "review": _(
                "%(review)s is a review of another mechanism (%(mechanism)s): choose a "
                "treaty body's review (its concluding observations) for this report."
            )
            % {"review": review, "mechanism": review.get_mechanism_display()}
        }
    errors = {}
    if (
        kind == ReportKind.TREATY_FOLLOWUP
        and not review.recommendations.filter(is_followup_item=True).exists()
    ):
        errors["review"] = _(
            "No recommendation of this review is selected for the follow-up procedure: mark "
            "the follow-up items on the review first."
        )
    if kind == ReportKind.TREATY_PERIODIC and draft is not None:
        if draft.kind != ReportKind.TREATY_PERIODIC:
            errors["draft"] = _("Choose a draft of a periodic report to a treaty body.")
        elif draft.review_id and draft.review_id != review.pk:
            errors["draft"] = _("This draft answers another review.")
    return errors


@transaction.atomic
def report_run_create(
    *,
    actor,
    kind: str,
    formats: Iterable[str] | None = None,
    language: str = "en",
    review: Review | None = None,
    body: Body | None = None,
    cycle: int | None = None,
    mechanisms: Iterable[str] = (),
    cluster_set: ClusterSet | None = None,
    clusters: Iterable[Cluster] = (),
    institutions: Iterable = (),
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    include_noted: bool = True,
    draft: ReportDraft | None = None,
    include_consultation_annex: bool = False,
    plan: ActionPlan | None = None,
) -> ReportRun:
    require(actor, "reporting.run_reports")
    allowed = [str(f) for f in FORMATS_BY_KIND[ReportKind(kind)]]
    # None: the caller did not say (a script); the kind's first format. An empty choice
    # (nothing ticked in the form, "formats": [] in the API) is refused.
    asked = set(allowed[:1] if formats is None else formats)
    formats = [f for f in allowed if f in asked]
    if not formats and asked and len(allowed) == 1:
        formats = allowed  # the matrix comes as .xlsx only, whatever else was ticked
    if not formats:
        raise ValidationError(
            {
                "formats": _("Choose at least one of the formats this report comes in: %(f)s.")
                % {"f": ", ".join(str(f.label) for f in FORMATS_BY_KIND[ReportKind(kind)])}
            }
        )
    if date_from and date_to and date_from > date_to:
        raise ValidationError({"date_to": _("The end of the period is before its start.")})
    _check_scope(kind, review, body, draft, plan)
    if kind in ANNUAL_KINDS:
        date_from, date_to = annual_period(date_from, date_to)
    clusters = list(clusters)
    if cluster_set and any(c.cluster_set_id != cluster_set.pk for c in clusters):
        raise ValidationError({"clusters": _("Choose clusters of the chosen cluster set.")})
    run = ReportRun.objects.create(
        kind=kind,
        formats=formats,
        language=language,
        review=review,
        body=body,
        cycle=cycle,
        mechanisms=sorted(set(mechanisms)),
        cluster_set=cluster_set,
        date_from=date_from,
        date_to=date_to,
        include_noted=include_noted,
        draft=draft if kind in DRAFT_KINDS else None,
        include_consultation_annex=include_consultation_annex and kind in DRAFT_KINDS,
        plan=plan if kind == ReportKind.PLAN_ANNUAL else None,
        requested_by=actor,
    )
    run.clusters.set(clusters)
    run.institutions.set(list(institutions))
    _enqueue(run)
    return run


@transaction.atomic
def report_run_cancel(*, actor, run: ReportRun) -> ReportRun:
    require(actor, "reporting.run_reports")
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    if run.status == Status.QUEUED:
        run.status, run.finished, run.step = Status.CANCELLED, timezone.now(), ""
        run.save(update_fields=["status", "finished", "step"])
    elif run.status == Status.RUNNING and is_stuck(run):
        # No heartbeat: no worker will read the flag. Cancel here, now.
        _delete_files(run)
        run.status, run.finished, run.step = Status.CANCELLED, timezone.now(), ""
        run.cancel_requested = True
        run.save(update_fields=["status", "finished", "step", "cancel_requested"])
    elif run.status == Status.RUNNING:
        # The worker sees the flag at its next step and stops there.
        run.cancel_requested = True
        run.save(update_fields=["cancel_requested"])
    else:
        raise ValidationError(_("Only a queued or running report can be cancelled."))
    return run


@transaction.atomic
def report_run_retry(*, actor, run: ReportRun) -> ReportRun:
    require(actor, "reporting.run_reports")
    run = ReportRun.objects.select_for_update().get(pk=run.pk)
    if run.status not in (Status.FAILED, Status.CANCELLED):
        raise ValidationError(_("Only a failed or cancelled report can be run again."))
    _delete_files(run)
    run.status, run.progress, run.step, run.error = Status.QUEUED, 0, "", ""
    run.cancel_requested, run.result = False, {}
    run.queued, run.started, run.finished, run.heartbeat_at = timezone.now(), None, None, None
    run.save()
    _enqueue(run)
    return run


def report_runs_sweep(*, now: datetime.datetime | None = None, pk: int | None = None) -> int:
    """Mark failed the runs whose worker died or was killed and that no other worker took
    over: those still "running" after the task's hard time limit, those with no heartbeat
    for NRTD_JOB_HEARTBEAT_TIMEOUT seconds, and those no worker took at all. A run whose
    cancel was asked is marked cancelled instead. With ``pk``, that run only: the pages check
    the run they show, so a dead worker is noticed even when no worker is left to sweep."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=run_report.time_limit) - SWEEP_GRACE
    runs = ReportRun.objects.all() if pk is None else ReportRun.objects.filter(pk=pk)
    # Ids first, then a write only if there is one (see nrtd.jobs.stuck_queued).
    over_limit = list(
        runs.filter(status=Status.RUNNING, started__lt=cutoff).values_list("pk", flat=True)
    )
    dead = [pk for pk in dead_running(runs, now=now) if pk not in over_limit]
    never = stuck_queued(runs, queued_field="queued", now=now)
    count = 0
    if over_limit:
        count += ReportRun.objects.filter(pk__in=over_limit, status=Status.RUNNING).update(
            status=Status.FAILED,
            finished=now,
            step="",
            error=_(
                "The report stopped without finishing (the worker running it was stopped or "
                "exceeded the time limit of %(minutes)s minutes). Run it again."
            )
            % {"minutes": run_report.time_limit // 60},
        )
    if dead:
        dead_runs = ReportRun.objects.filter(pk__in=dead, status=Status.RUNNING)
        count += dead_runs.filter(cancel_requested=True).update(
            status=Status.CANCELLED, finished=now, step=""
        )
        count += dead_runs.update(
            status=Status.FAILED, finished=now, step="", error=no_heartbeat_message()
        )
    if never:
        count += ReportRun.objects.filter(pk__in=never, status=Status.QUEUED).update(
            status=Status.FAILED, finished=now, error=never_started_message()
        )
    return count


def _delete_files(run: ReportRun) -> None:
    for fmt in ("docx", "pdf", "xlsx"):
        field = run.file_for(fmt)
        if field:
            field.delete(save=False)


class _Progress:
    """Writes progress on the row (throttled to whole percent) and stops on cancel."""

    def __init__(self, run: ReportRun):
        self.run = run
        self.last = -1

    def __call__(self, percent: float, step: str | None = None) -> None:
        percent = max(0, min(99, int(percent)))
        if percent == self.last and step is None:
            return
        self.last = percent
        fields = {"progress": percent, "heartbeat_at": timezone.now()}
        if step is not None:
            fields["step"] = step[:120]
        try:
            ReportRun.objects.filter(pk=self.run.pk).update(**fields)
        except OperationalError:
            # SQLite busy with another job's transaction: progress is news, not the report;
            # the next step writes it again.
            logger.info("report run %s: progress not written (database busy)", self.run.pk)
        if ReportRun.objects.filter(pk=self.run.pk, cancel_requested=True).exists():
            raise RunCancelled

    def part(self, start: float, end: float, step: str | None = None):
        """A callback for a sub-step reporting 0..1, mapped onto start..end percent."""
        self(start, step)
        return lambda fraction: self(start + (end - start) * fraction)


def _claim(run_id: int) -> ReportRun | None:
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status not in (Status.QUEUED, Status.RUNNING):
            return None  # done, failed or cancelled meanwhile: nothing to do
        if run.cancel_requested:
            run.status, run.finished = Status.CANCELLED, timezone.now()
            run.save(update_fields=["status", "finished"])
            return None
        # RUNNING here means a redelivery after a worker died: start again.
        run.status, run.started, run.finished = Status.RUNNING, timezone.now(), None
        run.heartbeat_at = run.started
        run.progress, run.error, run.step = 0, "", _("Starting")
        run.attempts += 1
        run.save(
            update_fields=[
                "status",
                "started",
                "heartbeat_at",
                "finished",
                "progress",
                "error",
                "step",
                "attempts",
            ]
        )
        return run


def _finish(run: ReportRun, status: str, **fields) -> None:
    fields.setdefault("step", "")
    ReportRun.objects.filter(pk=run.pk).update(status=status, finished=timezone.now(), **fields)


def report_run_execute(run_id: int) -> None:
    run = _claim(run_id)
    if run is None:
        return
    progress = _Progress(run)
    try:
        # The heartbeat beats through long steps (a big PDF) that report no progress.
        with (
            Heartbeat(ReportRun, run.pk),
            translation.override(run.language),
            cycle_collector_paused(),
        ):
            result = _build(run, progress)
    except RunCancelled:
        _delete_files(run)
        _finish(run, Status.CANCELLED)
    except SoftTimeLimitExceeded:
        _delete_files(run)
        _finish(
            run,
            Status.FAILED,
            error=_("The report took longer than the time limit (%(minutes)s minutes).")
            % {"minutes": run_report.soft_time_limit // 60},
        )
    except pdf.PdfUnavailable as exc:
        _delete_files(run)
        _finish(run, Status.FAILED, error=str(exc))
    except Exception as exc:
        logger.exception("report run %s failed", run.pk)
        _delete_files(run)
        _finish(
            run,
            Status.FAILED,
            error=_("Unexpected error: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"},
        )
    else:
        _finish(
            run,
            Status.DONE,
            progress=100,
            result=result,
            docx_file=run.docx_file.name or "",
            pdf_file=run.pdf_file.name or "",
            xlsx_file=run.xlsx_file.name or "",
        )


def _state_name(run: ReportRun) -> str:
    """The State's name in the report's language (CLDR), else as the registry spells it."""
    return state_name(run.review if run.review_id else None)


def _save(run: ReportRun, fmt: str, data: bytes, title: str) -> None:
    slug = localize.file_slug(title)
    name = f"{slug}-{timezone.localdate().isoformat()}-run{run.pk}.{fmt}"
    run.file_for(fmt).save(name, ContentFile(data), save=False)


def _build(run: ReportRun, progress: _Progress) -> dict:
    # Fail before the long part if a PDF is wanted and cannot be made here.
    if "pdf" in run.formats:
        pdf.load_typst()
    title = str(ReportKind(run.kind).label)
    if run.kind in ANNUAL_KINDS:
        blocks, result = annual_blocks(run, state=_state_name(run), progress=progress)
        _write_documents(run, blocks, title, progress)
        return result
    progress(1, _("Reading the recommendations"))
    # Looked up on the module at each run: tests replace it to slow a run down or cancel it.
    data = selectors.report_data(run, progress=progress.part(1, 25))
    result = {
        "recommendations": data.total,
        "status_counts": dict(data.overall),
        "clusters": len(data.groups),
    }
    # Imported here, by the worker that renders, and only what this run writes: Matplotlib,
    # python-docx and openpyxl cost a web process 0.2 s and many objects that every full
    # garbage collection walks, and the matrix needs neither Matplotlib nor python-docx
    # (importing them was a third of a cold matrix run, issue 18).
    if run.kind == ReportKind.MATRIX:
        from reporting.exports import xlsx

        progress(30, _("Writing the spreadsheet"))
        rows = ((group.name, row) for group in data.groups for row in group.rows)
        _save(run, "xlsx", xlsx.render(rows, total=data.total, title=title), title)
        return result

    from reporting.exports import performance

    state = _state_name(run)
    if run.kind == ReportKind.MIDTERM:
        blocks = report_blocks.midterm_report(run, data, state=state, progress=progress)
        # The mechanism's own performance, just before the annex (issue 20).
        blocks = performance.before_annex(blocks, performance.performance_blocks())
    elif run.kind == ReportKind.TREATY_FOLLOWUP:
        progress(30, _("Writing the report"))
        blocks = treaty.treaty_followup_blocks(data, state=state, review=run.review)
    else:
        sections, consultations = report_blocks.draft_inputs(run)
        progress(30, _("Writing the report"))
        if run.kind == ReportKind.TREATY_PERIODIC:
            blocks, words = treaty.treaty_periodic_blocks(
                data,
                state=state,
                review=run.review,
                sections=sections,
                consultations=consultations,
            )
        else:
            blocks, words = national.national_blocks(
                data, state=state, sections=sections, consultations=consultations
            )
        result["word_count"] = words
    _write_documents(run, blocks, title, progress)
    return result


def _write_documents(run: ReportRun, blocks: list, title: str, progress: _Progress) -> None:
    """The run's Word and PDF files from the same blocks, with the emblem and issuer the
    secretariat set on the cover; progress from 40 to 99 %."""
    from reporting.exports import docx

    on_cover = cover_settings()
    blocks = content.with_cover_settings(
        blocks, emblem=on_cover.emblem, issued_by=on_cover.issued_by
    )
    rtl = translation.get_language_bidi()
    formats = [f for f in ("docx", "pdf") if f in run.formats]
    span = 59 / len(formats)
    for n, fmt in enumerate(formats):
        start = 40 + n * span
        if fmt == "docx":
            progress(start, _("Writing the Word document"))
            _save(
                run, "docx", docx.render(blocks, title=title, language=run.language, rtl=rtl), title
            )
        else:
            progress(start, _("Printing the PDF"))
            _save(
                run, "pdf", pdf.render(blocks, title=title, language=run.language, rtl=rtl), title
            )
