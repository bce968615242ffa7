"""Update rounds: the secretariat asks for progress updates by a deadline.

Opening a round creates one RoundTask per recommendation in scope and institution asked.
Scope: the chosen clusters and bodies pick the recommendations (any of them; none chosen
means all), the chosen institutions pick who is asked (none chosen means every institution
assigned, lead or supporting).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nrtd.concurrency import save_version
from nrtd.history import save_as
from nrtd.web import require
from recommendations.followup.services import _sync_task, recommendation_refresh_status
from recommendations.models import (
    Assignment,
    ProgressUpdate,
    Recommendation,
    RoundTask,
    UpdateRound,
)


def round_scope(update_round: UpdateRound):
    """Assignments (recommendation × institution) a round asks about."""
    assignments = Assignment.objects.all()
    clusters = list(update_round.clusters.values_list("pk", flat=True))
    bodies = list(update_round.bodies.values_list("pk", flat=True))
    institutions = list(update_round.institutions.values_list("pk", flat=True))
    if clusters or bodies:
        recs = Recommendation.objects.filter(Q(clusters__in=clusters) | Q(body__in=bodies)).values(
            "pk"
        )
        assignments = assignments.filter(recommendation__in=recs)
    if institutions:
        assignments = assignments.filter(institution__in=institutions)
    return assignments


@transaction.atomic
def round_open(
    *,
    actor,
    name: str,
    deadline: datetime.date,
    clusters=(),
    bodies=(),
    institutions=(),
) -> UpdateRound:
    require(actor, "recommendations.manage_rounds")
    if not (name or "").strip():
        raise ValidationError({"name": _("Give the round a name.")})
    if deadline is None:
        raise ValidationError({"deadline": _("Give the round a deadline.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline is in the past.")})
    update_round = UpdateRound.objects.create(name=name.strip(), deadline=deadline, opened_by=actor)
    update_round.clusters.set(list(clusters))
    update_round.bodies.set(list(bodies))
    update_round.institutions.set(list(institutions))
    pairs = round_scope(update_round).values_list("recommendation_id", "institution_id").distinct()
    RoundTask.objects.bulk_create(
        [
            RoundTask(update_round=update_round, recommendation_id=rec, institution_id=inst)
            for rec, inst in pairs
        ],
        batch_size=1000,
    )
    return update_round


@transaction.atomic
def round_close(*, actor, update_round: UpdateRound) -> UpdateRound:
    require(actor, "recommendations.manage_rounds")
    update_round.status = UpdateRound.RoundStatus.CLOSED
    update_round.closed = timezone.now()
    update_round.save(update_fields=["status", "closed"])
    return update_round


def _reviewable(update: ProgressUpdate) -> ProgressUpdate:
    current = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if current.state not in (ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.ACCEPTED):
        raise ValidationError(_("Only a submitted update can be reviewed."))
    return current


@transaction.atomic
def progress_update_accept(*, actor, update: ProgressUpdate, comment: str = "") -> ProgressUpdate:
    """Accept a submitted update; the recommendation's status follows it."""
    require(actor, "recommendations.review_progress")
    current = _reviewable(update)
    current.state = ProgressUpdate.State.ACCEPTED
    current.reviewed_by = actor
    current.reviewed = timezone.now()
    current.review_comment = comment
    save_as(current, actor)
    _sync_task(current)
    recommendation_refresh_status(current.recommendation)
    return current


@transaction.atomic
def progress_update_send_back(*, actor, update: ProgressUpdate, comment: str) -> ProgressUpdate:
    """Return an update to its institution with a comment saying what is missing."""
    require(actor, "recommendations.review_progress")
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what is missing when sending an update back.")})
    current = _reviewable(update)
    was_accepted = current.state == ProgressUpdate.State.ACCEPTED
    current.state = ProgressUpdate.State.RETURNED
    current.reviewed_by = actor
    current.reviewed = timezone.now()
    current.review_comment = comment.strip()
    save_version(current, actor)
    _sync_task(current)
    if was_accepted:
        recommendation_refresh_status(current.recommendation)
    return current


def round_tracker(update_round: UpdateRound) -> list[dict]:
    """Per institution: tasks owed and how many are to do, updated (draft), submitted,
    accepted or sent back. One query."""
    S = RoundTask.TaskState  # noqa: N806
    rows = (
        RoundTask.objects.filter(update_round=update_round)
        .values("institution_id", "institution__name")
        .annotate(
            total=Count("pk"),
            pending=Count("pk", filter=Q(state=S.PENDING)),
            draft=Count("pk", filter=Q(state=S.DRAFT)),
            submitted=Count("pk", filter=Q(state=S.SUBMITTED)),
            accepted=Count("pk", filter=Q(state=S.ACCEPTED)),
            returned=Count("pk", filter=Q(state=S.RETURNED)),
        )
        .order_by("institution__name")
    )
    result = []
    for row in rows:
        row["updated"] = row["total"] - row["pending"]
        row["done_percent"] = round(100 * row["accepted"] / row["total"]) if row["total"] else 0
        result.append(row)
    return result
