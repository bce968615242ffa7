"""Recording consultation events: hearings and meetings with civil society."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nrtd.web import require
from reporting.models import ConsultationEvent
from reporting.selectors.events import event_choices

MANAGE = "reporting.manage_consultation_events"


@transaction.atomic
def consultation_event_save(
    *, actor, event: ConsultationEvent, organisations: Iterable
) -> ConsultationEvent:
    """Create or update an event. The links must come from what the secretariat may choose
    (the same selector as the form's lists)."""
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
    event.save()
    event.organisations.set(organisations)
    return event
