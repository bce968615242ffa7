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
from nrtd.history import history_copy
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


def _assign_chunk(*, actor, ids: list[int], institution: Institution, role: str, note) -> int:
    """Assign one chunk of recommendations in a fixed number of queries, whatever its size:
    plain UPDATEs (every row of a group gets the same values), one INSERT for the new rows,
    and their history copied by the database (``nrtd.history``): building a model instance
    per row costs seconds for a thousand rows."""
    # Lock the recommendations so two secretariat members cannot both make a lead.
    # (No default ordering here: it joins the nullable review, which FOR UPDATE refuses.)
    list(
        Recommendation.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by()
        .values_list("pk", flat=True)
    )
    own: dict[int, tuple[int, str, str]] = {}  # recommendation -> (pk, role, note)
    demoted: list[int] = []
    rows = Assignment.objects.filter(recommendation_id__in=ids).values_list(
        "pk", "recommendation_id", "institution_id", "role", "note"
    )
    for pk, rec_id, institution_id, current_role, current_note in rows:
        if institution_id == institution.pk:
            own[rec_id] = (pk, current_role, current_note)
        elif role == Assignment.Role.LEAD and current_role == Assignment.Role.LEAD:
            demoted.append(pk)
    changed: dict[str, list[int]] = {}  # reason -> assignment pks
    for pk, current_role, current_note in own.values():
        if current_role != role:
            changed.setdefault("role changed", []).append(pk)
        elif note is not None and current_note != note:
            changed.setdefault("note changed", []).append(pk)
    # Demote the old leads before promoting: one lead per recommendation is checked row by row.
    if demoted:
        Assignment.objects.filter(pk__in=demoted).update(role=Assignment.Role.SUPPORTING)
        history_copy(Assignment, demoted, user=actor, reason="demoted: another institution leads")
    values = {"role": role} if note is None else {"role": role, "note": note}
    for reason, pks in changed.items():
        Assignment.objects.filter(pk__in=pks).update(**values)
        history_copy(Assignment, pks, user=actor, reason=reason)
    new_ids = [pk for pk in ids if pk not in own]
    if new_ids:
        Assignment.objects.bulk_create(
            Assignment(recommendation_id=pk, institution=institution, role=role, note=note or "")
            for pk in new_ids
        )
        created = Assignment.objects.filter(
            recommendation_id__in=new_ids, institution=institution
        ).values_list("pk", flat=True)
        history_copy(Assignment, list(created), user=actor, reason="assigned", history_type="+")
    return sum(len(pks) for pks in changed.values()) + len(new_ids)


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
