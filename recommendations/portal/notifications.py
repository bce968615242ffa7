"""The two-way dialogue's e-mails: when a comment or an assessment of the NHRI or a CSO on a
recommendation becomes public, the focal points of the institutions that lead it are told,
so they can answer; when their answer becomes public, the author of what it answers is told.

The moderation services queue these on commit (``queue_*``); a Celery worker sends them
(``send_*``), each person in the language stored on their profile. A request never sends
mail itself.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from mechanisms.rules import speaking_membership
from nrtd.i18n import user_language
from recommendations.models import Assessment, Comment, Reply
from recommendations.rules import lead_institution_ids

CONTRIBUTION_KINDS = {"comment": Comment, "assessment": Assessment}


def queue_contribution_published(kind: str, pk: int) -> None:
    """Inside the moderation's transaction: tell the lead institution once it commits."""
    from recommendations.portal.tasks import send_contribution_published

    transaction.on_commit(lambda: send_contribution_published.delay(kind, pk))


def queue_reply_published(pk: int) -> None:
    from recommendations.portal.tasks import send_reply_published

    transaction.on_commit(lambda: send_reply_published.delay(pk))


def _mail(user, *, template: str, context: dict) -> None:
    with translation.override(user_language(user)):
        context = {**context, "user": user, "site_url": settings.NRTD_SITE_URL}
        subject = render_to_string(f"portal/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"portal/email/{template}.txt", context)
    send_mail(subject, body, None, [user.email])


def lead_focal_points(recommendation):
    """Whoever holds a seat in an institution leading the recommendation, with an address."""
    return (
        get_user_model()
        .objects.filter(
            seats__institution_id__in=lead_institution_ids(recommendation), is_active=True
        )
        .exclude(email="")
        .select_related("profile")
        .distinct()
        .order_by("pk")
    )


def send_contribution_published(kind: str, pk: int) -> int:
    """E-mail the lead institution's focal points about a published comment or assessment,
    if it is still published when the worker runs. Returns how many e-mails were sent."""
    model = CONTRIBUTION_KINDS[kind]
    contribution = (
        model.objects.filter(pk=pk, moderation=model.Moderation.PUBLISHED)
        .select_related("recommendation")
        .first()
    )
    if contribution is None or (kind == "comment" and contribution.is_internal):
        return 0
    if kind == "assessment":
        organisation = contribution.stakeholder.name
    else:
        membership = speaking_membership(contribution.author)
        organisation = membership.stakeholder.name if membership else ""
    sent = 0
    for user in lead_focal_points(contribution.recommendation):
        _mail(
            user,
            template="contribution_published",
            context={
                "kind": kind,
                "contribution": contribution,
                "organisation": organisation,
                "recommendation": contribution.recommendation,
            },
        )
        sent += 1
    return sent


def send_reply_published(pk: int) -> int:
    """E-mail the author of the comment or assessment that a published reply answers."""
    reply = (
        Reply.objects.filter(pk=pk, moderation=Reply.Moderation.PUBLISHED)
        .select_related("institution", "comment__author__profile", "assessment__author__profile")
        .first()
    )
    if reply is None:
        return 0
    answered = reply.answered
    author = answered.author
    if not author.is_active or not author.email:
        return 0
    _mail(
        author,
        template="reply_published",
        context={"reply": reply, "answered": answered, "recommendation": answered.recommendation},
    )
    return 1
