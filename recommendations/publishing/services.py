"""What the public sees: the secretariat publishes and unpublishes recommendations,
activities, progress updates and evidence, and moderates the assessments and comments of
the NHRI and civil society (publishing one tells the other side of the dialogue by e-mail,
``portal.notifications``). Every change is checked against the same permission
(``recommendations.publish_recommendation``, the secretariat) and recorded in the models'
history where they keep one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from mechanisms.models import Stakeholder
from nrtd.history import save_as
from nrtd.web import require
from recommendations.filtering.facets import forget_facet_counts
from recommendations.models import (
    Activity,
    Assessment,
    Comment,
    Evidence,
    Indicator,
    ProgressUpdate,
    Recommendation,
    Reply,
)
from recommendations.models.participation import Moderation
from recommendations.portal.notifications import (
    queue_contribution_published,
    queue_reply_published,
)

PERMISSION = "recommendations.publish_recommendation"


@transaction.atomic
def recommendation_set_published(
    *, actor, recommendation: Recommendation, published: bool
) -> Recommendation:
    require(actor, PERMISSION)
    if _set_published(recommendation, published, actor=actor):
        transaction.on_commit(forget_facet_counts)
    return recommendation


@transaction.atomic
def recommendations_set_published(*, actor, recommendation_ids, published: bool) -> int:
    """Publish (or withdraw) many recommendations at once, from the filtered list; returns
    how many changed. Each change is kept in the recommendation's history."""
    require(actor, PERMISSION)
    ids = list(dict.fromkeys(int(pk) for pk in recommendation_ids))
    now = timezone.now()
    changed = []
    for start in range(0, len(ids), 1000):
        rows = (
            Recommendation.objects.select_for_update(of=("self",))
            .filter(pk__in=ids[start : start + 1000])
            .exclude(is_published=published)
            .order_by("pk")
        )
        for recommendation in rows:
            recommendation.is_published = published
            recommendation.modified = now
            recommendation._change_reason = "published" if published else "unpublished"
            changed.append(recommendation)
    if changed:
        bulk_update_with_history(
            changed, Recommendation, ["is_published", "modified"], default_user=actor
        )
        transaction.on_commit(forget_facet_counts)
    return len(changed)


@transaction.atomic
def activity_set_published(*, actor, activity: Activity, published: bool) -> Activity:
    require(actor, PERMISSION)
    _set_published(activity, published, actor=actor)
    return activity


@transaction.atomic
def indicator_set_published(*, actor, indicator: Indicator, published: bool) -> Indicator:
    """An indicator reaches the portal with its latest values: one without any value has
    nothing to show, so it cannot be published."""
    require(actor, PERMISSION)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if published and not indicator.values.exists():
        raise ValidationError(
            _("An indicator can be published once it has a value. Add a value first.")
        )
    _set_published(indicator, published, actor=actor)
    return indicator


@transaction.atomic
def progress_update_set_published(
    *, actor, update: ProgressUpdate, published: bool
) -> ProgressUpdate:
    """Only an update the secretariat accepted can be public; drafts and updates sent back
    stay internal."""
    require(actor, PERMISSION)
    if published and update.state != ProgressUpdate.State.ACCEPTED:
        raise ValidationError(_("Only an accepted progress update can be published."))
    _set_published(update, published, actor=actor)
    return update


def _set_published(record, published: bool, *, actor) -> bool:
    """Write a record's ``is_published``, only when it changes, naming the actor (and
    "published" or "unpublished") in its history. True when it changed."""
    if record.is_published == published:
        return False
    record.is_published = published
    reason = "published" if published else "unpublished"
    save_as(record, actor, reason=reason, update_fields=["is_published"])
    return True


@transaction.atomic
def evidence_set_internal(*, actor, evidence: Evidence, internal: bool) -> Evidence:
    require(actor, PERMISSION)
    if evidence.is_internal != internal:
        evidence.is_internal = internal
        evidence.save(update_fields=["is_internal"])
    return evidence


def moderation_record(record, decision: str, *, actor) -> bool:
    """Write the secretariat's ``decision`` on a moderated record (a stakeholder's comment,
    assessment or reply, a public comment on a draft): who decided, and when where the
    record keeps it. False, and nothing written, when the record already stood so. A
    decision that is not one of the record's moderation choices is refused."""
    if decision not in {value for value, _label in record._meta.get_field("moderation").choices}:
        raise ValidationError(_("Unknown moderation decision."))
    if record.moderation == decision:
        return False
    record.moderation = decision
    record.moderated_by = actor
    fields = ["moderation", "moderated_by"]
    if hasattr(record, "moderated"):
        record.moderated = timezone.now()
        fields.append("moderated")
    save_as(record, actor, update_fields=fields)  # the records that keep a history say who
    return True


def _publishes(record, decision: str, *, actor) -> bool:
    """Write the decision (``moderation_record``); True when it has just made the record
    public, which the other side of the dialogue is then told of."""
    return moderation_record(record, decision, actor=actor) and decision == Moderation.PUBLISHED


@transaction.atomic
def assessment_moderate(*, actor, assessment: Assessment, decision: str) -> Assessment:
    """Publish, reject, or send back to the queue (pending) a CSO's assessment. An NHRI's
    assessment is published by the NHRI itself: the secretariat may only flag it."""
    require(actor, PERMISSION)
    if (
        assessment.stakeholder.kind == Stakeholder.Kind.NHRI
        and decision in Assessment.Moderation.values
        and decision != Assessment.Moderation.PUBLISHED
    ):
        raise ValidationError(
            _("The NHRI publishes its own assessments; the secretariat can only flag one.")
        )
    if _publishes(assessment, decision, actor=actor):
        queue_contribution_published("assessment", assessment.pk)
    return assessment


@transaction.atomic
def assessment_flag(*, actor, assessment: Assessment, note: str) -> Assessment:
    """The secretariat's note on a published assessment (a factual error, a reprisal risk it
    sees): recorded and shown to the organisation; the assessment stays as published."""
    require(actor, PERMISSION)
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say what the flag is about."))
    assessment.flag_note = note
    assessment.flagged_by = actor
    assessment.flagged = timezone.now()
    save_as(assessment, actor, update_fields=["flag_note", "flagged_by", "flagged"])
    return assessment


@transaction.atomic
def comment_moderate(*, actor, comment: Comment, decision: str) -> Comment:
    """Publish, reject (kept, not public), or send back to the queue (pending) a
    stakeholder's comment. Nothing is deleted: a rejected comment can be published later."""
    require(actor, PERMISSION)
    if comment.is_internal:
        raise ValidationError(_("Internal comments are never published."))
    if _publishes(comment, decision, actor=actor):
        queue_contribution_published("comment", comment.pk)
    return comment


@transaction.atomic
def reply_moderate(*, actor, reply: Reply, decision: str) -> Reply:
    """Publish, reject (kept, not public) or send back to the queue an institution's answer
    to a stakeholder, like the stakeholders' own comments."""
    require(actor, PERMISSION)
    if _publishes(reply, decision, actor=actor):
        queue_reply_published(reply.pk)
    return reply
