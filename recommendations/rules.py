"""Permissions on recommendations, built from the roles defined in mechanisms.rules.

Recommendations themselves are public texts once published; everything the State adds is
internal to the government side until published.
"""

from __future__ import annotations

import rules

from mechanisms.models import Institution
from mechanisms.rules import (
    is_focal_point,
    is_government,
    is_secretariat,
    is_secretariat_admin,
    is_stakeholder,
    reads_for_parliament,
    user_institution_ids,
)


def recommendation_institution_ids(recommendation) -> set[int]:
    cached = getattr(recommendation, "_nrtd_institution_ids", None)
    if cached is None:
        cached = set(recommendation.assignments.values_list("institution_id", flat=True))
        recommendation._nrtd_institution_ids = cached
    return cached


def prefetch_institution_ids(recommendations) -> None:
    """Fill the cache ``recommendation_institution_ids`` reads, for many recommendations in
    one query (a spreadsheet upload asks the rule once per row)."""
    from recommendations.models import Assignment

    by_pk = {rec.pk: rec for rec in recommendations}
    for rec in by_pk.values():
        rec._nrtd_institution_ids = set()
    ids = list(by_pk)
    for start in range(0, len(ids), 900):
        pairs = Assignment.objects.filter(recommendation_id__in=ids[start : start + 900])
        for rec_id, institution_id in pairs.values_list("recommendation_id", "institution_id"):
            by_pk[rec_id]._nrtd_institution_ids.add(institution_id)


@rules.predicate
def is_published(user, recommendation) -> bool:
    return recommendation is not None and recommendation.is_published


@rules.predicate
def is_assigned_focal_point(user, recommendation) -> bool:
    """The user holds a seat in the lead or a supporting institution of the recommendation."""
    if recommendation is None:
        return False
    mine = user_institution_ids(user)
    return bool(mine) and bool(mine & recommendation_institution_ids(recommendation))


def lead_institution_ids(recommendation) -> set[int]:
    cached = getattr(recommendation, "_nrtd_lead_ids", None)
    if cached is None:
        from recommendations.models import Assignment

        cached = set(
            recommendation.assignments.filter(role=Assignment.Role.LEAD).values_list(
                "institution_id", flat=True
            )
        )
        recommendation._nrtd_lead_ids = cached
    return cached


@rules.predicate
def is_lead_focal_point(user, recommendation) -> bool:
    """The user holds a seat in the institution that leads the recommendation."""
    if recommendation is None:
        return False
    mine = user_institution_ids(user)
    return bool(mine) and bool(mine & lead_institution_ids(recommendation))


can_view = is_published | is_government | is_stakeholder
rules.add_perm("recommendations.view_recommendation", can_view)
rules.add_perm("recommendations.view_internal", is_government)
rules.add_perm("recommendations.add_recommendation", is_secretariat)
# Reviews of any mechanism (create, edit, split a pasted document); reading them is public.
rules.add_perm("recommendations.manage_reviews", is_secretariat)
# Special procedures' country visits and communications: internal to the government side
# (communications are confidential until OHCHR publishes them); the secretariat records them.
rules.add_perm("recommendations.view_special_procedures", is_government)
rules.add_perm("recommendations.manage_special_procedures", is_secretariat)
rules.add_perm("recommendations.import_recommendations", is_secretariat)
rules.add_perm("recommendations.classify_recommendation", is_secretariat)
rules.add_perm("recommendations.change_response", is_secretariat)
rules.add_perm("recommendations.assign_recommendation", is_secretariat)
rules.add_perm("recommendations.publish_recommendation", is_secretariat)
rules.add_perm("recommendations.delete_recommendation", is_secretariat_admin)
rules.add_perm("recommendations.manage_clusters", is_secretariat)
rules.add_perm("recommendations.manage_reference", is_secretariat_admin)
rules.add_perm("recommendations.manage_dimensions", is_secretariat)
# Follow-up records (progress, activities, indicators, evidence) on a recommendation.
rules.add_perm("recommendations.update_progress", is_secretariat | is_assigned_focal_point)
# The NHRI and CSOs write their own assessments, never government records.
rules.add_perm("recommendations.add_assessment", is_stakeholder)
# The parliament view (recommendations needing parliamentary action, their status, lead and
# latest progress): the parliamentary committee's seats and viewers, and the secretariat.
rules.add_perm("recommendations.view_parliament", is_secretariat | reads_for_parliament)
rules.add_perm("recommendations.comment", is_government | is_stakeholder)
# The two-way dialogue: the lead institution answers the NHRI's and CSOs' published
# comments and assessments on its recommendation (object: the recommendation).
rules.add_perm("recommendations.reply_to_stakeholders", is_lead_focal_point)


# --- Follow-up records, update rounds, action plans --------------


def _holds_seat(user, institution_id) -> bool:
    return institution_id is not None and institution_id in user_institution_ids(user)


@rules.predicate
def leads_activity(user, activity) -> bool:
    """The user holds a seat in the activity's lead institution."""
    return activity is not None and _holds_seat(user, activity.lead_institution_id)


@rules.predicate
def owns_indicator(user, indicator) -> bool:
    return indicator is not None and _holds_seat(user, indicator.institution_id)


@rules.predicate
def holds_seat_in(user, institution) -> bool:
    """The user holds a seat in this institution (asked about an Institution only)."""
    if institution is None:
        return False
    if not isinstance(institution, Institution):
        raise TypeError("holds_seat_in is asked about an institution")
    return _holds_seat(user, institution.pk)


@rules.predicate
def responsible_for_plan_item(user, item) -> bool:
    """The user holds a seat in the action plan item's responsible institution."""
    return item is not None and _holds_seat(user, item.responsible_institution_id)


@rules.predicate
def speaks_for_update(user, update) -> bool:
    """The user holds a seat in the institution the progress update speaks for."""
    return update is not None and _holds_seat(user, update.institution_id)


# Reading the follow-up (my work, follow-up pages, rounds a user's institution owes).
rules.add_perm("recommendations.view_workspace", is_government)
rules.add_perm("recommendations.add_activity", is_secretariat | is_focal_point)
rules.add_perm("recommendations.change_activity", is_secretariat | leads_activity)
rules.add_perm("recommendations.add_indicator", is_secretariat | is_focal_point)
rules.add_perm("recommendations.change_indicator", is_secretariat | owns_indicator)
rules.add_perm("recommendations.change_progress_update", is_secretariat | speaks_for_update)
# Comments and handover notes on a recommendation's follow-up (object: the recommendation).
rules.add_perm("recommendations.comment_followup", is_secretariat | is_assigned_focal_point)
# Evidence is internal to the government side unless the secretariat publishes it.
rules.add_perm("recommendations.view_evidence", is_government)
rules.add_perm("recommendations.manage_rounds", is_secretariat)
rules.add_perm("recommendations.review_progress", is_secretariat)
rules.add_perm("recommendations.manage_action_plans", is_secretariat)
# An action plan item's status (object: the item): its responsible institution reports it.
rules.add_perm(
    "recommendations.update_plan_item_status", is_secretariat | responsible_for_plan_item
)
# The plan progress view: statuses, overdue items, budgets, indicators' latest values.
rules.add_perm("recommendations.view_plan_progress", is_secretariat)
# The ministries' spreadsheet: an institution's recommendations downloaded as .xlsx, filled
# in offline and uploaded back (object: the institution); each row is then a progress update
# under recommendations.update_progress.
rules.add_perm("recommendations.download_sheet", is_secretariat | holds_seat_in)
rules.add_perm("recommendations.upload_sheet", is_secretariat | is_focal_point)
