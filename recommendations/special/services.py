"""Writes on special procedures' country visits and communications.

One path each: the secretariat's screens, the API and the demo call these. Every write asks
``recommendations.manage_special_procedures``, validates the whole record, saves with
history and, on a change, checks the version the user started from (nrtd.concurrency).
"""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nrtd.concurrency import save_version, set_fields, version_check
from nrtd.history import save_as
from nrtd.web import require
from recommendations.followup.evidence import checked_upload
from recommendations.models import Communication, Mechanism, Visit

VIEW = "recommendations.view_special_procedures"
MANAGE = "recommendations.manage_special_procedures"
# OHCHR asks for a reply within 60 days; the secretariat may set another date.
REPLY_DAYS = 60

Stage = Visit.Stage
VISIT_FIELDS = (
    "state",
    "mandate",
    "stage",
    "requested_on",
    "accepted_on",
    "start_date",
    "end_date",
    "closed_on",
    "report",
    "report_symbol",
    "report_received_on",
    "notes",
)
# Where a visit may go from each stage. A State that declined may accept later; a report
# received ends the lifecycle.
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    Stage.REQUESTED: (Stage.ACCEPTED, Stage.DECLINED, Stage.WITHDRAWN),
    Stage.ACCEPTED: (Stage.SCHEDULED, Stage.WITHDRAWN),
    Stage.SCHEDULED: (Stage.HELD, Stage.WITHDRAWN),
    Stage.HELD: (Stage.REPORT_RECEIVED,),
    Stage.REPORT_RECEIVED: (),
    Stage.DECLINED: (Stage.ACCEPTED,),
    Stage.WITHDRAWN: (),
}
AFTER_ACCEPTANCE = {Stage.ACCEPTED, Stage.SCHEDULED, Stage.HELD, Stage.REPORT_RECEIVED}
WITH_DATES = {Stage.SCHEDULED, Stage.HELD, Stage.REPORT_RECEIVED}
CLOSED = {Stage.DECLINED, Stage.WITHDRAWN}

COMMUNICATION_FIELDS = (
    "state",
    "reference",
    "kind",
    "mandates",
    "subject",
    "received_on",
    "reply_due",
    "is_public",
    "notes",
)


def allowed_stages(visit: Visit | None) -> list[str]:
    """The stages a visit may be saved in: its own and the next ones (any, for a new
    visit, which may be recorded late, e.g. already held)."""
    if visit is None or visit.pk is None:
        return list(Stage.values)
    return [visit.stage, *NEXT_STAGES[visit.stage]]


def _is_mandate(body) -> bool:
    return body is not None and body.mechanism == Mechanism.SPECIAL_PROCEDURE


def _visit_errors(visit: Visit, today: datetime.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if visit.mandate_id and not _is_mandate(visit.mandate):
        add("mandate", _("Choose a special procedure's mandate."))
    stage = visit.stage
    if stage in AFTER_ACCEPTANCE and not visit.accepted_on:
        add("accepted_on", _("An accepted visit needs the date the State accepted it."))
    if stage in WITH_DATES and not (visit.start_date and visit.end_date):
        add("start_date", _("A scheduled visit needs its first and last days."))
    if visit.start_date and visit.end_date and visit.end_date < visit.start_date:
        add("end_date", _("The visit cannot end before it starts."))
    if visit.requested_on and visit.accepted_on and visit.accepted_on < visit.requested_on:
        add("accepted_on", _("A visit cannot be accepted before it was requested."))
    if stage in (Stage.HELD, Stage.REPORT_RECEIVED) and visit.end_date and visit.end_date > today:
        add("stage", _("The visit ends after today: it cannot be marked as held yet."))
    if stage == Stage.REPORT_RECEIVED:
        if not (visit.report_id or visit.report_symbol.strip()):
            add("report", _("Name the visit report: its review or its symbol."))
        if not visit.report_received_on:
            add("report_received_on", _("Give the date the report was received."))
    if stage in CLOSED and not visit.closed_on:
        add("closed_on", _("Give the date the visit was declined or withdrawn."))
    report = visit.report
    if report is not None:
        if report.mechanism != Mechanism.SPECIAL_PROCEDURE:
            add("report", _("The visit report is a special procedure's review."))
        elif report.state_under_review_id != visit.state_id:
            add("report", _("This report is about another State."))
        elif report.body_id and report.body_id != visit.mandate_id:
            add("report", _("This report is of another mandate."))
    return errors


def _check_visit(visit: Visit) -> None:
    errors = _visit_errors(visit, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    visit.report_symbol = visit.report_symbol.strip()
    if visit.report is not None and not visit.report_symbol:
        visit.report_symbol = visit.report.document_symbol
    if visit.stage not in CLOSED:
        visit.closed_on = None


@transaction.atomic
def visit_create(*, actor, **fields) -> Visit:
    """A visit, at any stage (the secretariat may record one late); ``fields`` are among
    VISIT_FIELDS."""
    require(actor, MANAGE)
    unknown = set(fields) - set(VISIT_FIELDS)
    if unknown:
        raise TypeError(f"unknown visit fields: {sorted(unknown)}")
    visit = Visit(**fields, created_by=actor)
    _check_visit(visit)
    save_as(visit, actor)
    return visit


@transaction.atomic
def visit_update(*, actor, visit: Visit, expected_version: int, **fields) -> Visit:
    """Change a visit, moving it along its lifecycle when ``stage`` changes (only to the
    next stages). If someone saved it since ``expected_version``, raise RecordChanged and
    write nothing."""
    require(actor, MANAGE, visit)
    current = version_check(Visit, visit.pk, expected_version, VISIT_FIELDS)
    stage = fields.get("stage", current.stage)
    if stage != current.stage and stage not in NEXT_STAGES[current.stage]:
        raise ValidationError(
            {
                "stage": [
                    _("A visit cannot go from “%(old)s” to “%(new)s”.")
                    % {"old": current.get_stage_display(), "new": Stage(stage).label}
                ]
            }
        )
    set_fields(current, fields, VISIT_FIELDS)
    _check_visit(current)
    save_version(current, actor)
    return current


# --- communications ----------------------------------------------------------------------


def default_reply_due(received_on: datetime.date) -> datetime.date:
    return received_on + datetime.timedelta(days=REPLY_DAYS)


def _codes(mandates) -> str:
    return ", ".join(sorted(body.code for body in mandates))


def _check_communication(communication: Communication, mandates) -> None:
    errors: dict[str, list[str]] = {}
    if not communication.reference.strip():
        errors["reference"] = [_("Give the communication's reference.")]
    if not communication.subject.strip():
        errors["subject"] = [_("Give the communication's subject.")]
    if mandates is not None:
        if not mandates:
            errors["mandates"] = [_("Name at least one mandate.")]
        elif not all(_is_mandate(body) for body in mandates):
            errors["mandates"] = [_("Choose special procedures' mandates only.")]
    received = communication.received_on
    if received and received > timezone.localdate():
        errors["received_on"] = [_("The date of receipt cannot be in the future.")]
    if received and communication.reply_due and communication.reply_due < received:
        errors["reply_due"] = [_("The reply cannot be due before the communication came.")]
    if errors:
        raise ValidationError(errors)
    communication.reference = communication.reference.strip()
    communication.subject = communication.subject.strip()
    clash = Communication.objects.filter(
        state=communication.state_id, reference__iexact=communication.reference
    ).exclude(pk=communication.pk)
    if clash.exists():
        raise ValidationError(
            {"reference": [_("A communication with this reference is already recorded.")]}
        )


@transaction.atomic
def communication_create(
    *, actor, mandates, reply_due: datetime.date | None = None, **fields
) -> Communication:
    """A communication received; its reply is due 60 days after receipt unless
    ``reply_due`` says otherwise."""
    require(actor, MANAGE)
    unknown = set(fields) - set(COMMUNICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown communication fields: {sorted(unknown)}")
    communication = Communication(**fields, created_by=actor)
    if reply_due is None and communication.received_on:
        reply_due = default_reply_due(communication.received_on)
    communication.reply_due = reply_due
    mandates = list(mandates)
    _check_communication(communication, mandates)
    communication.mandate_codes = _codes(mandates)
    save_as(communication, actor)
    communication.mandates.set(mandates)
    return communication


@transaction.atomic
def communication_update(
    *, actor, communication: Communication, expected_version: int, **fields
) -> Communication:
    """Change a communication (its due date too). If someone saved it since
    ``expected_version``, raise RecordChanged and write nothing."""
    require(actor, MANAGE, communication)
    current = version_check(Communication, communication.pk, expected_version, COMMUNICATION_FIELDS)
    mandates = fields.pop("mandates", None)
    if mandates is not None:
        mandates = list(mandates)
    set_fields(current, fields, COMMUNICATION_FIELDS)
    if current.reply_due is None:
        current.reply_due = default_reply_due(current.received_on)
    _check_communication(current, mandates)
    if mandates is not None:
        current.mandate_codes = _codes(mandates)
    save_version(current, actor)
    if mandates is not None:
        current.mandates.set(mandates)
    return current


@transaction.atomic
def communication_reply(
    *,
    actor,
    communication: Communication,
    expected_version: int,
    replied_on: datetime.date,
    document=None,
) -> Communication:
    """Record the State's reply: its date and, if given, the reply document (checked and
    stored as evidence files are). A later call corrects the date or replaces the file."""
    require(actor, MANAGE, communication)
    current = version_check(
        Communication, communication.pk, expected_version, ("replied_on", "reply_document")
    )
    errors: dict[str, list[str]] = {}
    if replied_on is None:
        errors["replied_on"] = [_("Give the date of the reply.")]
    elif replied_on < current.received_on:
        errors["replied_on"] = [_("The reply cannot come before the communication.")]
    elif replied_on > timezone.localdate():
        errors["replied_on"] = [_("The date of the reply cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    if document is not None:
        content, content_type, extension = checked_upload(document, field="reply_document")
        current.reply_document.save(
            f"{uuid.uuid4().hex}.{extension}", ContentFile(content), save=False
        )
        current.reply_document_name = (document.name or "reply")[-255:]
        current.reply_content_type = content_type
    current.replied_on = replied_on
    save_version(current, actor)
    return current
