"""Recording consultation events: hearings and meetings with civil society."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nrtd.concurrency import save_version, version_check
from nrtd.history import save_as
from nrtd.web import require
from reporting.models import ConsultationEvent
from reporting.selectors.events import event_choices

MANAGE = "reporting.manage_consultation_events"


EVENT_FIELDS = [
    "title",
    "kind",
    "date",
    "format",
    "place",
    "participants",
    "other_organisations",
    "outcomes",
    "draft",
    "plan",
]


@transaction.atomic
def consultation_event_save(
    *,
    actor,
    event: ConsultationEvent,
    organisations: Iterable,
    expected_version: int | None = None,
) -> ConsultationEvent:
    """Create or update an event. The links must come from what the secretariat may choose
    (the same selector as the form's lists). Updating an event someone saved since
    ``expected_version`` raises RecordChanged and writes nothing."""
    require(actor, MANAGE)
    choices = event_choices(actor)
    organisations = list(organisations)
    errors = {}
    if event.draft_id and not choices["drafts"].filter(pk=event.draft_id).exists():
        errors["draft"] = _("Choose a draft from the list.")
    if event.plan_id and not choices["plans"].filter(pk=event.plan_id).exists():
        errors["plan"] = _("Choose an action plan from the list.")
    allowed = set(choices["organisations"].values_list("pk", flat=True))
    if any(o.pk not in allowed for o in organisations):
        errors["organisations"] = _("Choose organisations from the list.")
    if not event.title.strip():
        errors["title"] = _("Give the event a title.")
    if errors:
        raise ValidationError(errors)
    event.title = event.title.strip()
    event.other_organisations = "\n".join(event.other_organisation_list)
    if event.pk is None:
        event.created_by = actor
        save_as(event, actor)
    else:
        current = version_check(ConsultationEvent, event.pk, expected_version or 0, EVENT_FIELDS)
        for name in EVENT_FIELDS:
            field = ConsultationEvent._meta.get_field(name)
            setattr(current, field.attname, getattr(event, field.attname))
        save_version(current, actor)
        event = current
    event.organisations.set(organisations)
    return event
