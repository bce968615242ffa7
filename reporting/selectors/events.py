"""Consultation events (hearings, meetings with civil society) and the choices of their form."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from mechanisms.models import Stakeholder
from recommendations.models import ActionPlan
from reporting.models import ConsultationEvent
from reporting.selectors.drafts import drafts_visible_to

VIEW = "reporting.view_consultation_events"


def events_visible_to(user) -> QuerySet[ConsultationEvent]:
    if not user.has_perm(VIEW):
        return ConsultationEvent.objects.none()
    return (
        ConsultationEvent.objects.select_related("draft", "plan")
        .prefetch_related("organisations")
        .annotate(organisation_count=Count("organisations", distinct=True))
    )


def event_choices(user) -> dict[str, QuerySet]:
    """What an event may link to: the drafts the user sees, the action plans, and the
    registered organisations (the NHRI, CSOs, UN agencies)."""
    if not user.has_perm("reporting.manage_consultation_events"):
        return {
            "drafts": drafts_visible_to(user).none(),
            "plans": ActionPlan.objects.none(),
            "organisations": Stakeholder.objects.none(),
        }
    return {
        "drafts": drafts_visible_to(user),
        "plans": ActionPlan.objects.all(),
        "organisations": Stakeholder.objects.order_by("name"),
    }
