"""Who may do what with reports, drafts, consultations and the calendar.

The secretariat runs reports and manages drafts, consultations and the calendar; the rest of
the government side (focal points, viewers) may read and download them. The NHRI and CSOs see
only the consultations they were invited to, and comment on those while they are open.
"""

from __future__ import annotations

import rules

from mechanisms.rules import (
    is_government,
    is_secretariat,
    speaks_for_organisation,
    user_institution_ids,
    user_stakeholder_ids,
)


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
def is_recipient(user, consultation) -> bool:
    return recipient_organisation(user, consultation) is not None


@rules.predicate
def consultation_is_open(user, consultation) -> bool:
    return consultation is not None and consultation.is_open


rules.add_perm("reporting.view_dashboard", is_secretariat)
# How the national mechanism itself performs (reports on time, answers to rounds, coverage).
rules.add_perm("reporting.view_performance", is_secretariat)
rules.add_perm("reporting.view_reports", is_government)
rules.add_perm("reporting.run_reports", is_secretariat)
rules.add_perm("reporting.view_drafts", is_government)
rules.add_perm("reporting.manage_drafts", is_secretariat)
rules.add_perm("reporting.view_calendar", is_government)
rules.add_perm("reporting.manage_calendar", is_secretariat)
rules.add_perm("reporting.list_consultations", is_government | speaks_for_organisation)
rules.add_perm("reporting.view_consultation", is_government | is_recipient)
rules.add_perm("reporting.comment_consultation", is_recipient & consultation_is_open)
rules.add_perm("reporting.manage_consultation", is_secretariat)
# The settings every report shares (the cover's emblem, who issues it): the secretariat.
rules.add_perm("reporting.manage_report_settings", is_secretariat)
# A national action plan opened for public comment on the portal.
rules.add_perm("reporting.open_plan_consultation", is_secretariat)
# Consultation events (hearings, meetings with civil society): read by the government side,
# recorded by the secretariat.
rules.add_perm("reporting.view_consultation_events", is_government)
rules.add_perm("reporting.manage_consultation_events", is_secretariat)


@rules.predicate
def speaks_for_stakeholder(user, stakeholder) -> bool:
    """A verified member of this very organisation (the NHRI, a CSO)."""
    return stakeholder is not None and getattr(stakeholder, "pk", None) in user_stakeholder_ids(
        user
    )


# The themes organisations follow: the government side reads the list by theme; the
# secretariat sets any organisation's themes, a verified member only their own's.
rules.add_perm("reporting.view_followed_themes", is_government)
rules.add_perm("reporting.manage_followed_themes", is_secretariat)
rules.add_perm("reporting.set_own_followed_themes", speaks_for_organisation)
