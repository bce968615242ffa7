"""Who may do what with reports, drafts, consultations and the calendar.

The secretariat runs reports and manages drafts, consultations and the calendar; the rest of
the government side (focal points, viewers) may read and download them. The NHRI and CSOs see
only the consultations they were invited to, and comment on those while they are open.
"""

from __future__ import annotations

import rules

from mechanisms.models import StakeholderMember
from mechanisms.rules import is_government, is_secretariat, user_institution_ids


def user_stakeholder_ids(user) -> frozenset[int]:
    """Organisations (NHRI, CSOs, UN agencies) the user is a verified member of."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_nrtd_stakeholder_ids", None)
    if cached is None:
        cached = frozenset(
            StakeholderMember.objects.filter(
                user=user, is_verified=True, stakeholder__is_verified=True
            ).values_list("stakeholder_id", flat=True)
        )
        user._nrtd_stakeholder_ids = cached
    return cached


def recipient_organisation(user, consultation):
    """The institution or stakeholder through which the user is a recipient, or None."""
    if consultation is None:
        return None
    institutions = user_institution_ids(user)
    if institutions:
        found = consultation.institutions.filter(pk__in=institutions).first()
        if found:
            return found
    stakeholders = user_stakeholder_ids(user)
    if stakeholders:
        return consultation.stakeholders.filter(pk__in=stakeholders).first()
    return None


@rules.predicate
def is_stakeholder_member(user) -> bool:
    return bool(user_stakeholder_ids(user))


@rules.predicate
def is_recipient(user, consultation) -> bool:
    return recipient_organisation(user, consultation) is not None


@rules.predicate
def consultation_is_open(user, consultation) -> bool:
    return consultation is not None and consultation.is_open


rules.add_perm("reporting.view_reports", is_government)
rules.add_perm("reporting.run_reports", is_secretariat)
rules.add_perm("reporting.view_drafts", is_government)
rules.add_perm("reporting.manage_drafts", is_secretariat)
rules.add_perm("reporting.view_calendar", is_government)
rules.add_perm("reporting.manage_calendar", is_secretariat)
rules.add_perm("reporting.list_consultations", is_government | is_stakeholder_member)
rules.add_perm("reporting.view_consultation", is_government | is_recipient)
rules.add_perm("reporting.comment_consultation", is_recipient & consultation_is_open)
rules.add_perm("reporting.manage_consultation", is_secretariat)
