"""Demo special procedures: the visit behind the demo visit report (taken through its
lifecycle, stage by stage) and one communication awaiting its reply, made through the same
services as the secretariat's screens.

Every text was written for the demo; the references start with "DEMO" and say they are
not UN documents or communications.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

DEMO_NOTE = "Demo data written for the nrtd demo; not a UN document or communication."
COMMUNICATION_REFERENCE = "DEMO AL 1/2026"
# The demo visit's steps: (stage, the fields that stage asks for).
VISIT_STEPS = [
    ("accepted", {"accepted_on": datetime.date(2024, 9, 2)}),
    (
        "scheduled",
        {"start_date": datetime.date(2025, 4, 7), "end_date": datetime.date(2025, 4, 16)},
    ),
    ("held", {}),
]


def seed_visit(*, actor, state, report):
    """The visit whose report is the demo visit review, from its request to the report."""
    from recommendations.models import Visit
    from recommendations.special.services import visit_create, visit_update

    visit = Visit.objects.filter(state=state, mandate=report.body, report=report).first()
    if visit is not None:
        return visit, False
    visit = visit_create(
        actor=actor,
        state=state,
        mandate=report.body,
        requested_on=datetime.date(2024, 6, 3),
        notes=f"[Demo] Request for a country visit. {DEMO_NOTE}",
    )
    for stage, fields in VISIT_STEPS:
        visit = visit_update(
            actor=actor, visit=visit, expected_version=visit.version, stage=stage, **fields
        )
    visit = visit_update(
        actor=actor,
        visit=visit,
        expected_version=visit.version,
        stage="report_received",
        report=report,
        report_received_on=datetime.date(2026, 3, 2),
    )
    return visit, True


def seed_communication(*, actor, state, mandates, today: datetime.date | None = None):
    """One allegation letter received twenty days before the demo was seeded: its reply is
    due in forty days (the calendar and the reminders show it)."""
    from recommendations.models import Communication
    from recommendations.special.services import communication_create

    existing = Communication.objects.filter(state=state, reference=COMMUNICATION_REFERENCE)
    if existing.exists():
        return existing.get(), False
    today = today or timezone.localdate()
    communication = communication_create(
        actor=actor,
        state=state,
        reference=COMMUNICATION_REFERENCE,
        kind="allegation_letter",
        mandates=mandates,
        subject="[Demo] Allegation letter written for the nrtd demo",
        received_on=today - datetime.timedelta(days=20),
        notes=DEMO_NOTE,
    )
    return communication, True
