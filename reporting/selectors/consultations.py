"""Consultations on a draft or a plan, and their comments, that a user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from mechanisms.rules import is_secretariat, user_stakeholder_ids
from recommendations.models.participation import Moderation
from reporting.models import Consultation, ConsultationComment, PublicComment
from reporting.rules import recipient_organisation


def consultations_visible_to(user) -> QuerySet[Consultation]:
    """The government side sees every consultation; the NHRI and CSOs only those they were
    invited to (as an organisation, or through an institution whose seat they hold)."""
    qs = Consultation.objects.select_related("draft", "plan")
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


# --- the public portal ----------------------------------------------------------------------


def public_consultations() -> QuerySet[Consultation]:
    """Consultations opened for public comment, open or closed: the portal lists both."""
    return Consultation.objects.filter(is_public=True).select_related("draft", "plan")


def public_comments_of(consultation: Consultation) -> QuerySet[PublicComment]:
    """The comments the secretariat published; never the e-mail addresses (templates show
    name and organisation only)."""
    return consultation.public_comments.filter(moderation=Moderation.PUBLISHED).select_related(
        "stakeholder"
    )


def public_comments_pending() -> QuerySet[PublicComment]:
    """What waits in the publishing queue."""
    return PublicComment.objects.filter(moderation=Moderation.PENDING).select_related(
        "consultation", "stakeholder"
    )


def public_comments_for_secretariat(user, consultation: Consultation) -> QuerySet[PublicComment]:
    """Every public comment, whatever its moderation, for the secretariat; none for others."""
    if not is_secretariat(user):
        return PublicComment.objects.none()
    return consultation.public_comments.select_related("stakeholder", "moderated_by", "replied_by")


QUEUE_LIMIT = 50


def public_comments_queue_section(request) -> dict:
    """The publishing queue's section of public comments on drafts awaiting moderation."""
    return {
        "template": "reporting/_public_comments_queue.html",
        "comments": list(public_comments_pending().order_by("created", "pk")[:QUEUE_LIMIT]),
    }
