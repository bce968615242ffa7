"""Permissions on recommendations, built from the roles defined in mechanisms.rules.

Recommendations themselves are public texts once published; everything the State adds is
internal to the government side until published.
"""

from __future__ import annotations

import rules

from mechanisms.rules import (
    is_government,
    is_secretariat,
    is_secretariat_admin,
    is_stakeholder,
    user_institution_ids,
)


def recommendation_institution_ids(recommendation) -> set[int]:
    cached = getattr(recommendation, "_nrtd_institution_ids", None)
    if cached is None:
        cached = set(recommendation.assignments.values_list("institution_id", flat=True))
        recommendation._nrtd_institution_ids = cached
    return cached


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


can_view = is_published | is_government | is_stakeholder
rules.add_perm("recommendations.view_recommendation", can_view)
rules.add_perm("recommendations.view_internal", is_government)
rules.add_perm("recommendations.add_recommendation", is_secretariat)
rules.add_perm("recommendations.import_recommendations", is_secretariat)
rules.add_perm("recommendations.classify_recommendation", is_secretariat)
rules.add_perm("recommendations.assign_recommendation", is_secretariat)
rules.add_perm("recommendations.publish_recommendation", is_secretariat)
rules.add_perm("recommendations.delete_recommendation", is_secretariat_admin)
rules.add_perm("recommendations.manage_clusters", is_secretariat)
rules.add_perm("recommendations.manage_reference", is_secretariat_admin)
# Follow-up records (progress, activities, indicators, evidence) on a recommendation.
rules.add_perm("recommendations.update_progress", is_secretariat | is_assigned_focal_point)
# The NHRI and CSOs write their own assessments, never government records.
rules.add_perm("recommendations.add_assessment", is_stakeholder)
rules.add_perm("recommendations.comment", is_government | is_stakeholder)
