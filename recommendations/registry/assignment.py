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
from simple_history.utils import bulk_create_with_history

from mechanisms.models import Institution
from nrtd.web import require
from recommendations.filtering.facets import forget_facet_counts
from recommendations.models import Assignment, Recommendation

PERM = "recommendations.assign_recommendation"


CHUNK = 1000


def _forget(recommendation: Recommendation) -> None:
    # recommendations.rules caches the assigned institutions on the object.
    recommendation.__dict__.pop("_nrtd_institution_ids", None)


def _check(institution: Institution, role: str) -> None:
    if role not in Assignment.Role.values:
        raise ValidationError({"role": _("Unknown role: %(role)s") % {"role": role}})
    if not institution.is_active:
        raise ValidationError(
            {"institution": _("%(institution)s is not active.") % {"institution": institution}}
        )


def _mark(assignment: Assignment, reason: str) -> Assignment:
    assignment._change_reason = reason
    return assignment


def _assign_chunk(*, actor, ids: list[int], institution: Institution, role: str, note) -> int:
    """Assign one chunk of recommendations in a fixed number of queries, whatever its size."""
    # Lock the recommendations so two secretariat members cannot both make a lead.
    # (No default ordering here: it joins the nullable review, which FOR UPDATE refuses.)
    list(
        Recommendation.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by()
        .values_list("pk", flat=True)
    )
    own: dict[int, Assignment] = {}
    demoted: list[Assignment] = []
    for assignment in Assignment.objects.filter(recommendation_id__in=ids):
        if assignment.institution_id == institution.pk:
            own[assignment.recommendation_id] = assignment
        elif role == Assignment.Role.LEAD and assignment.role == Assignment.Role.LEAD:
            assignment.role = Assignment.Role.SUPPORTING
            demoted.append(_mark(assignment, "demoted: another institution leads"))
    changed = []
    for assignment in own.values():
        reason = "role changed" if assignment.role != role else "note changed"
        if assignment.role != role or (note is not None and assignment.note != note):
            assignment.role = role
            assignment.note = assignment.note if note is None else note
            changed.append(_mark(assignment, reason))
    new = [
        _mark(
            Assignment(recommendation_id=pk, institution=institution, role=role, note=note or ""),
            "assigned",
        )
        for pk in ids
        if pk not in own
    ]
    # Demote the old leads before promoting: one lead per recommendation is checked row by
    # row. Plain UPDATEs (every row of a group gets the same values), then their history:
    # Django's bulk_update builds a CASE per row and costs seconds for a thousand rows.
    if demoted:
        Assignment.objects.filter(pk__in=[a.pk for a in demoted]).update(
            role=Assignment.Role.SUPPORTING
        )
    if changed:
        values = {"role": role} if note is None else {"role": role, "note": note}
        Assignment.objects.filter(pk__in=[a.pk for a in changed]).update(**values)
    if demoted or changed:
        Assignment.history.bulk_history_create(
            [*demoted, *changed], update=True, default_user=actor
        )
    if new:
        bulk_create_with_history(new, Assignment, default_user=actor)
    return len(changed) + len(new)


def _assign_ids(*, actor, ids: list[int], institution: Institution, role: str, note) -> int:
    _check(institution, role)
    count = 0
    for start in range(0, len(ids), CHUNK):
        count += _assign_chunk(
            actor=actor,
            ids=ids[start : start + CHUNK],
            institution=institution,
            role=role,
            note=note,
        )
    transaction.on_commit(forget_facet_counts)
    return count


@transaction.atomic
def recommendation_assign(
    *,
    actor,
    recommendation: Recommendation,
    institution: Institution,
    role: str,
    note: str | None = None,
) -> Assignment:
    """Make ``institution`` lead or supporting on ``recommendation``. A new lead demotes the
    previous lead to supporting. Assigning the same role again changes nothing; ``note``
    replaces the assignment's note unless it is None."""
    require(actor, PERM, recommendation)
    _assign_ids(actor=actor, ids=[recommendation.pk], institution=institution, role=role, note=note)
    _forget(recommendation)
    return recommendation.assignments.get(institution=institution)


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
    transaction.on_commit(forget_facet_counts)
    return True


@transaction.atomic
def recommendations_bulk_assign(
    *,
    actor,
    recommendation_ids: Iterable[int],
    institution: Institution,
    role: str,
    note: str | None = None,
) -> int:
    """Assign many recommendations at once, from the secretariat's list. All or nothing:
    an unknown id fails the whole batch. Returns how many assignments were made or changed
    (assigning the same role again counts nothing)."""
    ids = list(dict.fromkeys(int(pk) for pk in recommendation_ids))
    recommendations = list(Recommendation.objects.filter(pk__in=ids).order_by("pk").only("pk"))
    if len(recommendations) != len(ids):
        missing = sorted(set(ids) - {r.pk for r in recommendations})
        raise ValidationError(
            _("Unknown recommendations: %(ids)s") % {"ids": ", ".join(map(str, missing))}
        )
    for recommendation in recommendations:
        require(actor, PERM, recommendation)
    return _assign_ids(actor=actor, ids=ids, institution=institution, role=role, note=note)
