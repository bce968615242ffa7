"""Writes of the follow-up: progress updates, activities, indicators and their values,
evidence files, comments and handover notes, national action plans.

Records two people may edit at once (progress update drafts, activities, indicators) carry a
``version``: a save names the version it started from, and a save over a newer version
raises ``RecordChanged`` with what changed, writing nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mechanisms.models import Institution
from mechanisms.rules import is_secretariat, user_institution_ids
from nrtd.concurrency import save_version, set_fields, version_check
from nrtd.history import save_as
from nrtd.public_cache import public_data_changed
from nrtd.web import require

# The breakdown is checked against the dimensions the secretariat defines.
from recommendations.followup.dimensions import clean_disaggregation  # noqa: F401
from recommendations.models import (
    Activity,
    Assignment,
    Comment,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    Recommendation,
    RoundTask,
    UpdateRound,
)
from recommendations.rules import recommendation_institution_ids


def _full_clean(instance, exclude=None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def followup_institution_ids(user) -> frozenset[int]:
    """Institutions a user works for: seats for focal points, the profile's institution for
    a read-only viewer."""
    seats = user_institution_ids(user)
    if seats:
        return seats
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    if profile is not None and profile.institution_id:
        return frozenset({profile.institution_id})
    return frozenset()


def _speaking_institution(actor, recommendation, institution) -> Institution | None:
    """The institution a progress update speaks for. A focal point speaks for one of their
    institutions assigned to the recommendation (the lead first); the secretariat for the
    institution it names, or for the State as a whole (None)."""
    assigned = recommendation_institution_ids(recommendation)
    if is_secretariat(actor):
        if institution is not None and institution.pk not in assigned:
            raise ValidationError(
                {"institution": _("This institution is not assigned to the recommendation.")}
            )
        return institution
    mine = set(user_institution_ids(actor)) & assigned
    if institution is not None:
        if institution.pk not in mine:
            raise PermissionDenied
        return institution
    if not mine:
        raise PermissionDenied
    leads = Assignment.objects.filter(
        recommendation=recommendation, institution__in=mine, role=Assignment.Role.LEAD
    ).values_list("institution_id", flat=True)
    return Institution.objects.get(pk=(list(leads) or sorted(mine))[0])


def open_tasks_for(recommendation, institution) -> list[RoundTask]:
    """The tasks an institution owes on a recommendation in the open rounds, earliest
    deadline first. Rounds may overlap: one update answers every round that asks for it, so
    one item is never owed twice."""
    if institution is None:
        return []
    # Lock the tasks only: locking their rounds too would queue every update of a round.
    return list(
        RoundTask.objects.select_for_update(of=("self",))
        .filter(
            recommendation=recommendation,
            institution=institution,
            update_round__status=UpdateRound.RoundStatus.OPEN,
        )
        .order_by("update_round__deadline", "pk")
    )


def recommendation_refresh_status(recommendation: Recommendation) -> str:
    """Recommendation.status follows the latest accepted progress update."""
    latest = (
        ProgressUpdate.objects.filter(
            recommendation=recommendation, state=ProgressUpdate.State.ACCEPTED
        )
        .order_by("-date", "-pk")
        .values_list("status", flat=True)
        .first()
    ) or ""
    if recommendation.status != latest:
        Recommendation.objects.filter(pk=recommendation.pk).update(status=latest)
        recommendation.status = latest
        public_data_changed()  # an update() sends no signal; the portal shows the status
    return latest


def _task_state_for(update: ProgressUpdate) -> str:
    return {
        ProgressUpdate.State.DRAFT: RoundTask.TaskState.DRAFT,
        ProgressUpdate.State.SUBMITTED: RoundTask.TaskState.SUBMITTED,
        ProgressUpdate.State.ACCEPTED: RoundTask.TaskState.ACCEPTED,
        ProgressUpdate.State.RETURNED: RoundTask.TaskState.RETURNED,
    }[update.state]


def _sync_task(update: ProgressUpdate, tasks=None) -> None:
    """The round tasks an update answers follow its state (all of them: rounds overlap)."""
    state = _task_state_for(update)
    if tasks:
        RoundTask.objects.filter(pk__in=[t.pk for t in tasks]).update(update=update, state=state)
    else:
        RoundTask.objects.filter(update=update).update(state=state)


@transaction.atomic
def progress_update_create(
    *,
    actor,
    recommendation: Recommendation,
    status: str,
    narrative: str,
    date: datetime.date | None = None,
    institution: Institution | None = None,
    submit: bool = True,
) -> ProgressUpdate:
    """Record a dated status with its narrative.

    The secretariat's update is accepted at once. A focal point's update answering an open
    round is submitted for the secretariat's review (or kept as a draft). Outside a round a
    focal point's submitted update is accepted at once: rounds are where the secretariat
    reviews, and between rounds the institution's latest word is the government's status
    (kept with author and date; the secretariat can still send it back)."""
    require(actor, "recommendations.update_progress", recommendation)
    institution = _speaking_institution(actor, recommendation, institution)
    tasks = open_tasks_for(recommendation, institution)
    task = tasks[0] if tasks else None
    update = ProgressUpdate(
        recommendation=recommendation,
        institution=institution,
        update_round_id=task.update_round_id if task else None,
        status=status,
        narrative=narrative,
        date=date or timezone.localdate(),
        author=actor,
    )
    if not submit:
        update.state = ProgressUpdate.State.DRAFT
    elif is_secretariat(actor) or task is None:
        update.state = ProgressUpdate.State.ACCEPTED
        if is_secretariat(actor):
            update.reviewed_by = actor
            update.reviewed = timezone.now()
    else:
        update.state = ProgressUpdate.State.SUBMITTED
    # The related records come loaded from the database: checking that each still exists
    # would cost four queries per update (4,000 for a spreadsheet of 1,000 rows).
    _full_clean(update, exclude=["recommendation", "institution", "update_round", "author"])
    save_as(update, actor)
    if tasks:
        _sync_task(update, tasks)
    if update.state == ProgressUpdate.State.ACCEPTED:
        recommendation_refresh_status(recommendation)
    return update


PROGRESS_FIELDS = ["status", "narrative", "date"]


@transaction.atomic
def progress_update_edit(
    *,
    actor,
    update: ProgressUpdate,
    expected_version: int,
    status: str,
    narrative: str,
    date: datetime.date,
    submit: bool = False,
) -> ProgressUpdate:
    """Change a draft, or a sent-back update, and optionally submit it."""
    require(actor, "recommendations.change_progress_update", update)
    current = version_check(ProgressUpdate, update.pk, expected_version, PROGRESS_FIELDS)
    if current.state not in (ProgressUpdate.State.DRAFT, ProgressUpdate.State.RETURNED):
        raise ValidationError(_("Only a draft or an update sent back can be changed."))
    current.status, current.narrative, current.date = status, narrative, date
    if submit:
        in_round = current.update_round_id is not None
        current.state = (
            ProgressUpdate.State.SUBMITTED
            if in_round and not is_secretariat(actor)
            else ProgressUpdate.State.ACCEPTED
        )
    _full_clean(current)
    save_version(current, actor)
    _sync_task(current)
    if current.state == ProgressUpdate.State.ACCEPTED:
        recommendation_refresh_status(current.recommendation)
    return current


ACTIVITY_FIELDS = [
    "title",
    "description",
    "lead_institution",
    "start_date",
    "end_date",
    "status",
    "budget",
    "currency",
]


def _check_recommendations(actor, recommendations) -> list[Recommendation]:
    recommendations = list(recommendations)
    for recommendation in recommendations:
        require(actor, "recommendations.update_progress", recommendation)
    return recommendations


def _relinked(actor, record, recommendations) -> list[Recommendation] | None:
    """An activity's or indicator's new list of recommendations, if one is given. The actor
    must update each one added; those already linked stay, even where the actor cannot."""
    if recommendations is None:
        return None
    recommendations = list(recommendations)
    _check_recommendations(actor, set(recommendations) - set(record.recommendations.all()))
    return recommendations


def _check_own_institution(actor, institution: Institution | None, field: str, message) -> None:
    """A focal point records the activities and indicators of their own institution only."""
    if (
        institution is not None
        and not is_secretariat(actor)
        and institution.pk not in user_institution_ids(actor)
    ):
        raise ValidationError({field: message})


def _validate_activity(activity: Activity, recommendations) -> None:
    errors = {}
    try:
        _full_clean(activity)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if activity.end_date and activity.start_date and activity.end_date < activity.start_date:
        errors.setdefault("end_date", []).append(_("The end date is before the start date."))
    if activity.budget is not None and not activity.currency:
        errors.setdefault("currency", []).append(_("Give the currency of the budget."))
    if not recommendations:
        errors.setdefault("recommendations", []).append(
            _("Link the activity to at least one recommendation.")
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_create(
    *,
    actor,
    title: str,
    description: str,
    lead_institution: Institution | None,
    start_date: datetime.date | None,
    recommendations,
    end_date: datetime.date | None = None,
    status: str = Activity.ActivityStatus.PLANNED,
    budget=None,
    currency: str = "",
    plan_items=(),
) -> Activity:
    """A measure serving one or more recommendations. A focal point records activities
    their own institution leads, on recommendations their institution is assigned."""
    require(actor, "recommendations.add_activity")
    recommendations = _check_recommendations(actor, recommendations)
    _check_own_institution(
        actor,
        lead_institution,
        "lead_institution",
        _("You can record activities of your own institution only."),
    )
    activity = Activity(
        title=title,
        description=description,
        lead_institution=lead_institution,
        start_date=start_date,
        end_date=end_date,
        status=status,
        budget=budget,
        currency=(currency or "").upper(),
        created_by=actor,
    )
    _validate_activity(activity, recommendations)
    save_as(activity, actor)
    activity.recommendations.set(recommendations)
    activity.plan_items.set(list(plan_items))
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, expected_version: int, **fields) -> Activity:
    require(actor, "recommendations.change_activity", activity)
    current = version_check(Activity, activity.pk, expected_version, ACTIVITY_FIELDS)
    recommendations = _relinked(actor, current, fields.pop("recommendations", None))
    plan_items = fields.pop("plan_items", None)
    set_fields(current, fields, ACTIVITY_FIELDS)
    current.currency = (current.currency or "").upper()
    _validate_activity(current, recommendations if recommendations is not None else [current.pk])
    save_version(current, actor)
    if recommendations is not None:
        current.recommendations.set(recommendations)
    if plan_items is not None:
        current.plan_items.set(list(plan_items))
    return current


@transaction.atomic
def activity_link(*, actor, activity: Activity, recommendation: Recommendation) -> Activity:
    """Link an existing activity to another recommendation it also serves."""
    require(actor, "recommendations.update_progress", recommendation)
    activity.recommendations.add(recommendation)
    return activity


INDICATOR_FIELDS = [
    "name",
    "description",
    "unit",
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "data_source",
    "sdg_indicator",
    "institution",
]


@transaction.atomic
def indicator_create(*, actor, name: str, recommendations=(), **fields) -> Indicator:
    require(actor, "recommendations.add_indicator")
    recommendations = _check_recommendations(actor, recommendations)
    _check_own_institution(
        actor,
        fields.get("institution"),
        "institution",
        _("You can record indicators of your own institution only."),
    )
    if fields.get("institution") is None and not is_secretariat(actor):
        # A focal point's indicator is their institution's (the first, if they have several).
        fields["institution"] = Institution.objects.get(pk=min(user_institution_ids(actor)))
    indicator = Indicator(name=name, created_by=actor, **fields)
    _full_clean(indicator)
    save_as(indicator, actor)
    indicator.recommendations.set(recommendations)
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, expected_version: int, **fields) -> Indicator:
    require(actor, "recommendations.change_indicator", indicator)
    current = version_check(Indicator, indicator.pk, expected_version, INDICATOR_FIELDS)
    recommendations = _relinked(actor, current, fields.pop("recommendations", None))
    set_fields(current, fields, INDICATOR_FIELDS)
    _full_clean(current)
    save_version(current, actor)
    if recommendations is not None:
        current.recommendations.set(recommendations)
    return current


@transaction.atomic
def indicator_link(*, actor, indicator: Indicator, recommendation: Recommendation) -> Indicator:
    """One indicator serves several recommendations. The actor updates the recommendation
    and owns the indicator (its institution's, or the secretariat): linking writes to the
    indicator's history, which must not name another institution's focal point."""
    require(actor, "recommendations.update_progress", recommendation)
    require(actor, "recommendations.change_indicator", indicator)
    indicator.recommendations.add(recommendation)
    return indicator


@transaction.atomic
def indicator_value_add(
    *,
    actor,
    indicator: Indicator,
    date: datetime.date,
    value,
    note: str = "",
    disaggregation: dict | None = None,
) -> IndicatorValue:
    """A dated value: the total, or one cell of a breakdown ({"sex": "female", "age":
    "15-24"}) by the active disaggregation dimensions."""
    require(actor, "recommendations.change_indicator", indicator)
    row = IndicatorValue(
        indicator=indicator,
        date=date,
        value=value,
        note=note,
        created_by=actor,
        disaggregation=clean_disaggregation(disaggregation),
    )
    _full_clean(row)
    row.save()
    return row


@transaction.atomic
def comment_add(
    *,
    actor,
    recommendation: Recommendation,
    body: str,
    kind: str = Comment.Kind.COMMENT,
    activity: Activity | None = None,
) -> Comment:
    require(actor, "recommendations.comment_followup", recommendation)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if kind not in Comment.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of comment.")})
    return Comment.objects.create(
        recommendation=recommendation,
        activity=activity,
        kind=kind,
        body=body,
        author=actor,
        is_internal=True,
    )


# National action plans: recommendations.followup.plans (kept importable from here).
from recommendations.followup.plans import (  # noqa: E402, F401
    action_plan_create,
    action_plan_item_add,
)
