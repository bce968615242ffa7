"""The ministries' sheet uploaded back: every filled-in row becomes a progress update.

Rows go through ``services.progress_update_create``, the progress form's own service, so an
upload follows the same rules: a focal point's update answering an open round waits for the
secretariat's review, the secretariat's is accepted at once. The file is read and checked
first, and any bad row (a missing or foreign recommendation id, an unknown status, a status
without its narrative) is named by row and column and refuses the whole file: one
transaction, nothing written. A recommendation whose status or progress changed since the
download is reported and left alone, never overwritten; the other rows are written. Rows
whose new status and narrative are both empty are skipped and counted.

The upload is stored and applied by a Celery job (``SheetUpload``), never in the request.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mechanisms.models import Institution
from nrtd.i18n import user_language
from nrtd.jobs import Heartbeat, enqueue_on_commit, jobs_sweep
from nrtd.uploads import UploadRule
from nrtd.web import require
from recommendations.followup.selectors import progress_stamps, sheet_recommendations
from recommendations.followup.services import progress_update_create
from recommendations.followup.sheet import (
    COLUMNS,
    INDEX,
    SheetRefused,
    SheetRow,
    column_header,
    column_letter,
    sheet_read,
    sheet_write,
    status_values,
)
from recommendations.followup.tasks import run_sheet_upload
from recommendations.models import ProgressUpdate, Recommendation, SheetUpload, Status
from recommendations.rules import prefetch_institution_ids

logger = logging.getLogger(__name__)

DOWNLOAD = "recommendations.download_sheet"
UPLOAD = "recommendations.upload_sheet"
MAX_SHEET_MB = 10

Progress = Callable[[int, int], None]  # rows done, rows to do


def sheet_for(*, actor, institution: Institution) -> bytes:
    """The institution's sheet, in the active language."""
    require(actor, DOWNLOAD, institution)
    recommendations = list(sheet_recommendations(actor, institution))
    stamps = progress_stamps(rec.pk for rec in recommendations)
    return sheet_write(
        institution=institution, recommendations=recommendations, stamps=stamps, user=actor
    )


# A file that cannot be a downloaded sheet is refused before it is stored.
SHEET_UPLOAD = UploadRule(
    (".xlsx",),
    MAX_SHEET_MB,
    wrong_suffix=gettext_lazy("Upload the .xlsx sheet downloaded from My work."),
)


@transaction.atomic
def sheet_upload_create(*, actor, uploaded_file) -> SheetUpload:
    """Check and store the sheet, and queue its job once the transaction commits."""
    require(actor, UPLOAD)
    SHEET_UPLOAD.check(uploaded_file)
    return sheet_upload_queue(uploaded_file, actor=actor, kind=SheetUpload.Kind.PROGRESS)


def sheet_upload_queue(uploaded_file, *, actor, kind: str) -> SheetUpload:
    """Store a checked upload of ``kind`` and queue its job once the transaction commits
    (a broker that refuses the job marks it failed, with the reason)."""
    upload = SheetUpload.objects.create(
        kind=kind, file=uploaded_file, original_name=Path(uploaded_file.name).name, created_by=actor
    )

    def refused(message: str) -> None:
        SheetUpload.objects.filter(pk=upload.pk).update(
            status=SheetUpload.JobStatus.FAILED, errors=[message], finished=timezone.now()
        )

    enqueue_on_commit(run_sheet_upload, upload.pk, refused=refused)
    return upload


@dataclass
class SheetOutcome:
    institution_id: int | None = None
    rows: int = 0
    submitted: int = 0
    accepted: int = 0
    skipped: int = 0
    changed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.submitted + self.accepted

    def as_dict(self) -> dict:
        return {**asdict(self), "written": self.written}


class _Rollback(Exception):  # noqa: N818 - control flow only
    pass


class _Problems:
    """Problems named by row and column, listed in the sheet's order."""

    def __init__(self):
        self.items: list[tuple[int, int, str]] = []

    def add(self, row: SheetRow, key: str, message: str) -> None:
        self.items.append((row.number, INDEX[key], message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def messages(self) -> list[str]:
        return [
            _("Row %(row)s, column %(column)s (%(header)s): %(message)s")
            % {
                "row": number,
                "column": column_letter(COLUMNS[index].key),
                "header": column_header(COLUMNS[index].key),
                "message": message,
            }
            for number, index, message in sorted(self.items)
        ]


def _as_id(value) -> int | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isdigit() else None


def _check_rows(rows, institution, problems: _Problems):
    """Each filled-in row with its recommendation id and status value, and the
    recommendations of the institution those ids name."""
    statuses = status_values()
    seen: dict[int, int] = {}
    checked = []
    for row in rows:
        rec_id = _as_id(row.recommendation_id)
        if rec_id is None:
            problems.add(
                row, "id", _("the recommendation's id is missing: copy rows only from a sheet.")
            )
        elif rec_id in seen:
            problems.add(
                row,
                "id",
                _("the recommendation is already on row %(row)s.") % {"row": seen[rec_id]},
            )
        else:
            seen[rec_id] = row.number
        status = statuses.get(row.new_status.casefold()) if row.new_status else None
        if not row.new_status:
            problems.add(row, "new_status", _("choose the new status from the list."))
        elif status is None:
            problems.add(
                row,
                "new_status",
                _("“%(value)s” is not a status: choose one from the list.")
                % {"value": row.new_status[:60]},
            )
        if not row.new_narrative:
            problems.add(
                row, "new_narrative", _("say what was done, what is planned and the obstacles.")
            )
        checked.append((row, rec_id, status))
    ids = list(seen)
    recommendations = {}
    for start in range(0, len(ids), 900):
        recommendations.update(
            Recommendation.objects.filter(
                pk__in=ids[start : start + 900], assignments__institution=institution
            ).in_bulk()
        )
    prefetch_institution_ids(recommendations.values())
    for row, rec_id, _status in checked:
        if rec_id is not None and seen.get(rec_id) == row.number and rec_id not in recommendations:
            problems.add(
                row,
                "id",
                _("recommendation %(id)s is not one of %(institution)s's.")
                % {"id": rec_id, "institution": institution.name},
            )
    return checked, recommendations


def _service_problem(problems: _Problems, row: SheetRow, exc: Exception) -> None:
    if isinstance(exc, PermissionDenied):
        problems.add(row, "id", _("you may not update this recommendation."))
        return
    fields = getattr(exc, "message_dict", {"": exc.messages})
    for name, messages in fields.items():
        key = {"status": "new_status", "narrative": "new_narrative"}.get(name, "id")
        problems.add(row, key, " ".join(messages))


def sheet_apply(
    *, actor, source, date: datetime.date | None = None, progress: Progress | None = None
) -> SheetOutcome:
    """Read a filled-in sheet and record its rows as progress updates (see the module's
    docstring for the rules). ``source``: a path or a file object."""
    outcome = SheetOutcome()
    try:
        content = sheet_read(source)
    except SheetRefused as exc:
        outcome.errors = exc.problems
        return outcome
    outcome.institution_id = content.institution_id
    institution = Institution.objects.filter(pk=content.institution_id).first()
    if institution is None or not actor.has_perm(DOWNLOAD, institution):
        outcome.errors = [_("You may not report for the institution this sheet was made for.")]
        return outcome
    # Messages name the columns as the sheet does, in the language it was written in.
    with translation.override(content.language):
        _apply_rows(actor, content, institution, outcome, date, progress)
    return outcome


def _apply_rows(actor, content, institution, outcome, date, progress) -> None:
    filled = [row for row in content.rows if not row.is_empty]
    outcome.rows = len(content.rows)
    outcome.skipped = len(content.rows) - len(filled)
    problems = _Problems()
    checked, recommendations = _check_rows(filled, institution, problems)
    if problems:
        outcome.errors = problems.messages()
        return
    status_labels = dict(Status.choices)
    try:
        with transaction.atomic():
            stamps = progress_stamps(recommendations)
            for done, (row, rec_id, status) in enumerate(checked, start=1):
                rec = recommendations[rec_id]
                if stamps.get(rec_id) != row.stamp:
                    outcome.changed.append(
                        _(
                            "Row %(row)s (%(paragraph)s): the recommendation's status or "
                            "progress changed since the sheet was downloaded (now: %(status)s). "
                            "Not saved: look at it on its follow-up page."
                        )
                        % {
                            "row": row.number,
                            "paragraph": rec.paragraph or rec.pk,
                            "status": status_labels.get(rec.status, _("no status yet")),
                        }
                    )
                    continue
                try:
                    update = progress_update_create(
                        actor=actor,
                        recommendation=rec,
                        status=status,
                        narrative=row.new_narrative,
                        date=date,
                        institution=institution,
                    )
                except (ValidationError, PermissionDenied) as exc:
                    _service_problem(problems, row, exc)
                    continue
                if update.state == ProgressUpdate.State.ACCEPTED:
                    outcome.accepted += 1
                else:
                    outcome.submitted += 1
                if progress:
                    progress(done, len(checked))
            if problems:
                raise _Rollback
    except _Rollback:
        outcome.errors = problems.messages()
        outcome.submitted = outcome.accepted = 0
        outcome.changed = []


def _apply_upload(upload: SheetUpload, stream, progress: Progress):
    if upload.kind == SheetUpload.Kind.ASSIGNMENTS:
        from recommendations.registry.assignment_sheet import assignment_sheet_apply

        return assignment_sheet_apply(
            actor=upload.created_by, source=stream, name=upload.original_name, progress=progress
        )
    return sheet_apply(
        actor=upload.created_by,
        source=stream,
        date=timezone.localdate(upload.created),
        progress=progress,
    )


def sheet_upload_run(upload_id: int) -> None:
    """Run a queued upload (either kind), reporting progress and a heartbeat on its row."""
    upload = SheetUpload.objects.select_related("created_by").get(pk=upload_id)
    if not upload.is_running:
        return  # already done: a redelivered message must not write twice
    now = timezone.now()
    SheetUpload.objects.filter(pk=upload.pk).update(
        status=SheetUpload.JobStatus.RUNNING, started=now, heartbeat_at=now, progress=1
    )
    upload.status = SheetUpload.JobStatus.RUNNING
    try:
        with (
            Heartbeat(SheetUpload, upload.pk) as heartbeat,
            translation.override(user_language(upload.created_by)),
        ):
            if upload.created_by is None:
                outcome = SheetOutcome(errors=[_("The account that uploaded the file is gone.")])
            else:
                with upload.file.open("rb") as stream:
                    outcome = _apply_upload(
                        upload,
                        stream,
                        lambda done, total: heartbeat.set_progress(
                            max(1, min(99, done * 100 // max(total, 1)))
                        ),
                    )
    except Exception as exc:
        logger.exception("sheet upload %s crashed", upload.pk)
        SheetUpload.objects.filter(pk=upload.pk).update(
            status=SheetUpload.JobStatus.FAILED,
            errors=[f"{upload.original_name}: stopped on an unexpected error ({exc})"],
            finished=timezone.now(),
        )
        raise
    institution_id = getattr(outcome, "institution_id", None)
    SheetUpload.objects.filter(pk=upload.pk).update(
        institution_id=institution_id
        if institution_id and Institution.objects.filter(pk=institution_id).exists()
        else None,
        result=outcome.as_dict(),
        errors=outcome.errors,
        status=SheetUpload.JobStatus.FAILED if outcome.errors else SheetUpload.JobStatus.DONE,
        progress=100,
        finished=timezone.now(),
    )


def sheet_uploads_sweep(*, now=None, pk: int | None = None) -> int:
    """Fail the uploads whose worker died or that no worker took (``nrtd.jobs.jobs_sweep``)."""
    return jobs_sweep(SheetUpload, queued_field="created", now=now, pk=pk)
