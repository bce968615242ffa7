"""Assignment of recommendations to institutions: one lead, any number supporting.

When another institution becomes lead, the previous lead is demoted to supporting rather
than removed: it usually keeps a part in the work, its focal points keep access to what they
recorded, and the secretariat can unassign it explicitly. Every change is recorded in the
Assignment history with the actor.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mechanisms.models import Institution
from nrtd.web import require
from recommendations.models import Assignment, Recommendation

PERM = "recommendations.assign_recommendation"


def _save(assignment: Assignment, *, actor, reason: str) -> None:
    assignment._history_user = actor
    assignment._change_reason = reason
    assignment.save()


def _forget(recommendation: Recommendation) -> None:
    # recommendations.rules caches the assigned institutions on the object.
    recommendation.__dict__.pop("_nrtd_institution_ids", None)


def _assign(
    *, actor, recommendation: Recommendation, institution: Institution, role: str
) -> Assignment:
    if role not in Assignment.Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    if not institution.is_active:
        raise ValidationError(
            {"institution": _("%(institution)s is not active.") % {"institution": institution}}
        )
    # Lock the recommendation so two secretariat members cannot both make a lead.
    # (No default ordering here: it joins the nullable review, which FOR UPDATE refuses.)
    list(
        Recommendation.objects.select_for_update()
        .filter(pk=recommendation.pk)
        .order_by()
        .values_list("pk", flat=True)
    )
    assignments = {a.institution_id: a for a in recommendation.assignments.all()}
    current = assignments.get(institution.pk)
    if role == Assignment.Role.LEAD:
        for other in assignments.values():
            if other.role == Assignment.Role.LEAD and other.institution_id != institution.pk:
                other.role = Assignment.Role.SUPPORTING
                _save(other, actor=actor, reason="demoted: another institution leads")
    if current is None:
        current = Assignment(recommendation=recommendation, institution=institution, role=role)
        _save(current, actor=actor, reason="assigned")
    elif current.role != role:
        current.role = role
        _save(current, actor=actor, reason="role changed")
    _forget(recommendation)
    return current


@transaction.atomic
def recommendation_assign(
    *, actor, recommendation: Recommendation, institution: Institution, role: str
) -> Assignment:
    """Make ``institution`` lead or supporting on ``recommendation``. A new lead demotes the
    previous lead to supporting. Assigning the same role again changes nothing."""
    require(actor, PERM, recommendation)
    return _assign(actor=actor, recommendation=recommendation, institution=institution, role=role)


@transaction.atomic
def recommendation_unassign(
    *, actor, recommendation: Recommendation, institution: Institution
) -> bool:
    """Remove the institution from the recommendation; False if it was not assigned. Removing
    the lead leaves the recommendation without one until another is assigned."""
    require(actor, PERM, recommendation)
    assignment = recommendation.assignments.filter(institution=institution).first()
    if assignment is None:
        return False
    assignment._history_user = actor
    assignment._change_reason = "unassigned"
    assignment.delete()
    _forget(recommendation)
    return True


@transaction.atomic
def recommendations_bulk_assign(
    *, actor, recommendation_ids: Iterable[int], institution: Institution, role: str
) -> int:
    """Assign many recommendations at once, from the secretariat's list. All or nothing:
    an unknown id fails the whole batch. Returns how many were assigned."""
    ids = list(dict.fromkeys(int(pk) for pk in recommendation_ids))
    recommendations = list(Recommendation.objects.filter(pk__in=ids).order_by("pk"))
    if len(recommendations) != len(ids):
        missing = sorted(set(ids) - {r.pk for r in recommendations})
        raise ValidationError(
            _("Unknown recommendations: %(ids)s") % {"ids": ", ".join(map(str, missing))}
        )
    for recommendation in recommendations:
        require(actor, PERM, recommendation)
    for recommendation in recommendations:
        _assign(actor=actor, recommendation=recommendation, institution=institution, role=role)
    return len(recommendations)
