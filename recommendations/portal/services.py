"""The one write path for the NHRI's and CSOs' comments and own assessments: the portal's
pages and the API call these.

Both are stored unpublished and wait for the secretariat's moderation (publishing/), except
an NHRI's own assessment: under the Paris Principles the NHRI is independent of the
government, so it publishes its assessments itself and the secretariat may only flag one. The
author speaks for an organisation the secretariat has verified (``speaking_membership`` in
mechanisms.rules). Published items show the organisation; an assessment shows its author's
name only if the organisation chose so (reprisal risk is real, so "organisation only" is
the default).
"""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from mechanisms.models import Stakeholder, StakeholderMember
from mechanisms.rules import speaking_membership, user_institution_ids
from nrtd.history import save_as
from recommendations.followup.evidence import sniff_evidence
from recommendations.models import Assessment, Comment, Recommendation, Reply
from recommendations.portal.notifications import queue_contribution_published
from recommendations.publishing.selectors import PUBLISHED_ASSESSMENT, published_comments
from recommendations.rules import lead_institution_ids

ASSESS = "recommendations.add_assessment"
REPLY = "recommendations.reply_to_stakeholders"


def participant_membership(user, recommendation=None) -> StakeholderMember | None:
    """The organisation the user takes part for; None if they may not take part."""
    if not user.has_perm(ASSESS, recommendation):
        return None
    return speaking_membership(user)


def _membership_or_refuse(actor, recommendation) -> StakeholderMember:
    membership = participant_membership(actor, recommendation)
    if membership is None:
        raise PermissionDenied
    return membership


@transaction.atomic
def comment_submit(*, actor, recommendation: Recommendation, body: str) -> Comment:
    _membership_or_refuse(actor, recommendation)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    return Comment.objects.create(
        recommendation=recommendation,
        body=body,
        author=actor,
        is_internal=False,
        moderation=Comment.Moderation.PENDING,
    )


@transaction.atomic
def assessment_submit(
    *,
    actor,
    recommendation: Recommendation,
    status: str,
    narrative: str,
    date: datetime.date | None = None,
    traffic_light: str = "",
    evidence=None,
    organisation_only: bool = True,
) -> Assessment:
    membership = _membership_or_refuse(actor, recommendation)
    independent = membership.stakeholder.kind == Stakeholder.Kind.NHRI
    assessment = Assessment(
        recommendation=recommendation,
        stakeholder=membership.stakeholder,
        author=actor,
        status=status,
        traffic_light=traffic_light or "",
        narrative=(narrative or "").strip(),
        date=date or timezone.localdate(),
        organisation_only=organisation_only,
        moderation=Assessment.Moderation.PUBLISHED
        if independent
        else Assessment.Moderation.PENDING,
    )
    if evidence is not None:
        # A random stored name: the uploaded name is never used as a path.
        suffix = getattr(evidence, "nrtd_kind", None) or sniff_evidence(evidence.read()) or "bin"
        evidence.seek(0)
        assessment.evidence.save(f"{uuid.uuid4().hex}.{suffix}", evidence, save=False)
    assessment.full_clean()
    save_as(assessment, actor)
    if independent:  # public at once: the lead institution hears of it now
        queue_contribution_published("assessment", assessment.pk)
    return assessment


def answerable(recommendation: Recommendation) -> tuple[list[Comment], list[Assessment]]:
    """What the lead institution can answer on a recommendation: the NHRI's and CSOs'
    comments and assessments the public sees (published), oldest first, each with its
    replies (``reply_list``, every moderation state: the government side sees them all)."""
    replies = Prefetch(
        "replies",
        queryset=Reply.objects.select_related("institution", "author").order_by("created", "pk"),
        to_attr="reply_list",
    )
    comments = list(
        published_comments()
        .filter(recommendation=recommendation)
        .prefetch_related("author__stakeholder_memberships__stakeholder", replies)
        .order_by("created", "pk")
    )
    assessments = list(
        recommendation.assessments.filter(PUBLISHED_ASSESSMENT)
        .select_related("stakeholder")
        .prefetch_related(replies)
        .order_by("date", "pk")
    )
    return comments, assessments


@transaction.atomic
def reply_submit(
    *, actor, body: str, comment: Comment | None = None, assessment: Assessment | None = None
) -> Reply:
    """A focal point of the lead institution answers a published comment or assessment of
    the NHRI or a CSO, in the institution's name. The answer waits for the secretariat's
    moderation, then shows under what it answers on the portal."""
    if (comment is None) == (assessment is None):
        raise ValidationError(_("Answer one comment or one assessment."))
    answered = comment or assessment
    recommendation = answered.recommendation
    if not actor.has_perm(REPLY, recommendation):
        raise PermissionDenied
    if comment is not None:
        public = not comment.is_internal and comment.moderation == Comment.Moderation.PUBLISHED
    else:
        public = assessment.moderation == Assessment.Moderation.PUBLISHED
    if not public:
        raise ValidationError(_("Only a published comment or assessment can be answered."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the answer first.")})
    institution_id = min(lead_institution_ids(recommendation) & user_institution_ids(actor))
    reply = Reply(
        comment=comment,
        assessment=assessment,
        institution_id=institution_id,
        author=actor,
        body=body,
    )
    reply.full_clean()
    save_as(reply, actor)
    return reply
