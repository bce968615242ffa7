"""Consultations on a draft, and their comments, that a user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from mechanisms.rules import is_secretariat, user_stakeholder_ids
from reporting.models import Consultation, ConsultationComment
from reporting.rules import recipient_organisation


def consultations_visible_to(user) -> QuerySet[Consultation]:
    """The government side sees every consultation; the NHRI and CSOs only those they were
    invited to (as an organisation, or through an institution whose seat they hold)."""
    qs = Consultation.objects.select_related("draft")
    if user.has_perm("reporting.view_drafts"):
        return qs
    stakeholders = user_stakeholder_ids(user)
    if not stakeholders:
        return qs.none()
    return qs.filter(stakeholders__in=stakeholders).distinct()


def comments_visible_to(user, consultation: Consultation) -> QuerySet[ConsultationComment]:
    """The secretariat sees every comment; a recipient sees the comments of its own
    organisation; other government readers see none (comments are the consolidation's input)."""
    qs = consultation.comments.select_related("author", "institution", "stakeholder", "replied_by")
    if is_secretariat(user):
        return qs
    organisation = recipient_organisation(user, consultation)
    if organisation is None:
        return qs.none()
    field_name = "stakeholder" if organisation._meta.model_name == "stakeholder" else "institution"
    return qs.filter(**{field_name: organisation})
