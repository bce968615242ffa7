"""Visits and communications: the lifecycle, the reply's default due date, the reply and
its document, refusals with clear errors, history and versions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from nrtd.concurrency import RecordChanged
from recommendations.models import Communication, Visit
from recommendations.special import services
from tests.factories import PDF, BodyFactory, StateFactory
from tests.special.conftest import mission_report

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _advance(actor, visit, **fields):
    return services.visit_update(actor=actor, visit=visit, expected_version=visit.version, **fields)


def test_a_visit_goes_through_its_whole_lifecycle(staff, visit, mandate, state):
    visit = _advance(staff, visit, stage="accepted", accepted_on=datetime.date(2025, 2, 1))
    visit = _advance(
        staff,
        visit,
        stage="scheduled",
        start_date=datetime.date(2025, 4, 7),
        end_date=datetime.date(2025, 4, 16),
    )
    visit = _advance(staff, visit, stage="held")
    report = mission_report(actor=staff, state=state, mandate=mandate)
    visit = _advance(staff, visit, stage="report_received", report=report, report_received_on=TODAY)
    visit.refresh_from_db()
    assert visit.stage == Visit.Stage.REPORT_RECEIVED
    assert visit.report_symbol == "A/HRC/59/40/Add.1"  # taken from the review
    assert visit.version == 5
    stages = [h.stage for h in visit.history.order_by("history_date")]
    assert stages == ["requested", "accepted", "scheduled", "held", "report_received"]
    assert {h.history_user for h in visit.history.all()} == {staff}


def test_a_visit_cannot_skip_a_stage(staff, visit):
    with pytest.raises(ValidationError) as exc:
        _advance(staff, visit, stage="held")
    assert "cannot go from “Requested” to “Held”" in str(exc.value.message_dict["stage"])
    visit.refresh_from_db()
    assert visit.stage == "requested"
    assert visit.version == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"stage": "accepted"}, "accepted_on", "date the State accepted"),
        ({"stage": "declined"}, "closed_on", "declined or withdrawn"),
        (
            {"accepted_on": datetime.date(2025, 1, 1), "stage": "accepted"},
            "accepted_on",
            "before it was requested",
        ),
    ],
)
def test_a_stage_without_its_date_is_refused(staff, visit, fields, field, message):
    with pytest.raises(ValidationError) as exc:
        _advance(staff, visit, **fields)
    assert message in " ".join(exc.value.message_dict[field])


def test_a_visit_ending_after_today_is_not_held(staff, mandate, state):
    visit = services.visit_create(
        actor=staff,
        state=state,
        mandate=mandate,
        stage="scheduled",
        requested_on=TODAY - datetime.timedelta(days=100),
        accepted_on=TODAY - datetime.timedelta(days=50),
        start_date=TODAY - datetime.timedelta(days=1),
        end_date=TODAY + datetime.timedelta(days=5),
    )
    with pytest.raises(ValidationError) as exc:
        _advance(staff, visit, stage="held")
    assert "cannot be marked as held yet" in str(exc.value)
    visit.refresh_from_db()
    assert visit.stage == "scheduled"


def test_scheduled_visit_needs_dates_that_end_after_they_start(staff, mandate, state):
    with pytest.raises(ValidationError) as exc:
        services.visit_create(
            actor=staff,
            state=state,
            mandate=mandate,
            stage="scheduled",
            requested_on=datetime.date(2025, 1, 1),
            accepted_on=datetime.date(2025, 1, 2),
            start_date=datetime.date(2025, 3, 10),
            end_date=datetime.date(2025, 3, 1),
        )
    assert exc.value.message_dict["end_date"] == ["The visit cannot end before it starts."]
    assert not Visit.objects.exists()


def test_a_visit_needs_a_special_procedures_mandate(staff, state):
    cedaw = BodyFactory(code="CEDAW", name="CEDAW", mechanism="treaty_body")
    with pytest.raises(ValidationError) as exc:
        services.visit_create(
            actor=staff, state=state, mandate=cedaw, requested_on=datetime.date(2025, 1, 1)
        )
    assert "mandate" in exc.value.message_dict


def test_the_report_must_be_of_the_same_mandate_and_state(staff, visit, other_mandate, state):
    visit.stage, visit.accepted_on = "held", datetime.date(2025, 2, 1)
    visit.start_date, visit.end_date = datetime.date(2025, 4, 7), datetime.date(2025, 4, 16)
    visit.save()
    report = mission_report(
        actor=staff, state=state, mandate=other_mandate, symbol="A/HRC/59/50/Add.2"
    )
    with pytest.raises(ValidationError) as exc:
        _advance(staff, visit, stage="report_received", report=report, report_received_on=TODAY)
    assert exc.value.message_dict["report"] == ["This report is of another mandate."]
    other_state = StateFactory(iso2="FR", iso3="FRA", name="France")
    report.body, report.state_under_review = visit.mandate, other_state
    report.save()
    with pytest.raises(ValidationError) as exc:
        _advance(staff, visit, stage="report_received", report=report, report_received_on=TODAY)
    assert exc.value.message_dict["report"] == ["This report is about another State."]


def test_a_stale_visit_save_writes_nothing(staff, visit):
    _advance(staff, visit, notes="First")
    with pytest.raises(RecordChanged) as exc:
        services.visit_update(actor=staff, visit=visit, expected_version=1, notes="Second")
    assert exc.value.changed_fields == ["notes"]
    visit.refresh_from_db()
    assert visit.notes == "First"


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_only_the_secretariat_records_visits_and_communications(people, role, mandate, state):
    with pytest.raises(PermissionDenied):
        services.visit_create(actor=people[role], state=state, mandate=mandate, requested_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.communication_create(
            actor=people[role],
            state=state,
            reference="UA 1",
            subject="x",
            mandates=[mandate],
            received_on=TODAY,
        )
    assert not Visit.objects.exists()
    assert not Communication.objects.exists()


# --- communications ----------------------------------------------------------------------


def test_the_reply_is_due_60_days_after_receipt_by_default(communication):
    assert communication.reply_due == communication.received_on + datetime.timedelta(days=60)
    assert not communication.is_public
    assert communication.history.count() == 1
    assert communication.history.get().mandate_codes == "SR Health"


def test_the_due_date_can_be_set_and_changed(staff, mandate, state, communication):
    other = services.communication_create(
        actor=staff,
        state=state,
        reference="UA SVN 2/2026",
        subject="Urgent appeal (test text)",
        kind="urgent_appeal",
        mandates=[mandate],
        received_on=TODAY,
        reply_due=TODAY + datetime.timedelta(days=30),
    )
    assert other.reply_due == TODAY + datetime.timedelta(days=30)
    changed = services.communication_update(
        actor=staff,
        communication=communication,
        expected_version=1,
        reply_due=TODAY + datetime.timedelta(days=90),
    )
    assert changed.reply_due == TODAY + datetime.timedelta(days=90)
    assert changed.version == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"mandates": []}, "mandates", "Name at least one mandate."),
        ({"reference": " "}, "reference", "Give the communication's reference."),
        (
            {"received_on": TODAY + datetime.timedelta(days=2)},
            "received_on",
            "The date of receipt cannot be in the future.",
        ),
        (
            {"reply_due": TODAY - datetime.timedelta(days=20)},
            "reply_due",
            "The reply cannot be due before the communication came.",
        ),
        ({"reference": "al svn 1/2026"}, "reference", "already recorded"),
    ],
)
def test_bad_communications_are_refused_clearly(
    staff, mandate, state, communication, fields, field, message
):
    data = {
        "state": state,
        "reference": "AL SVN 9/2026",
        "subject": "Test text",
        "mandates": [mandate],
        "received_on": TODAY - datetime.timedelta(days=1),
        **fields,
    }
    with pytest.raises(ValidationError) as exc:
        services.communication_create(actor=staff, **data)
    assert message in " ".join(exc.value.message_dict[field])
    assert Communication.objects.count() == 1


def test_the_reply_is_recorded_with_its_document(staff, communication):
    upload = SimpleUploadedFile("Réponse.pdf", PDF, "application/pdf")
    replied = services.communication_reply(
        actor=staff,
        communication=communication,
        expected_version=1,
        replied_on=TODAY,
        document=upload,
    )
    assert replied.replied_on == TODAY
    assert replied.reply_document_name == "Réponse.pdf"
    assert replied.reply_content_type == "application/pdf"
    assert replied.reply_document.name.endswith(".pdf")
    assert "Réponse" not in replied.reply_document.name  # stored under a random name
    assert not replied.is_overdue()


def test_a_reply_document_of_another_type_is_refused(staff, communication):
    upload = SimpleUploadedFile("reply.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.communication_reply(
            actor=staff,
            communication=communication,
            expected_version=1,
            replied_on=TODAY,
            document=upload,
        )
    assert "not accepted" in " ".join(exc.value.message_dict["reply_document"])
    communication.refresh_from_db()
    assert communication.replied_on is None


def test_a_reply_before_the_communication_is_refused(staff, communication):
    with pytest.raises(ValidationError) as exc:
        services.communication_reply(
            actor=staff,
            communication=communication,
            expected_version=1,
            replied_on=communication.received_on - datetime.timedelta(days=1),
        )
    assert exc.value.message_dict["replied_on"] == [
        "The reply cannot come before the communication."
    ]


def test_overdue_means_not_replied_after_the_due_date(staff, mandate, state):
    late = services.communication_create(
        actor=staff,
        state=state,
        reference="AL SVN 3/2025",
        subject="Test text",
        mandates=[mandate],
        received_on=TODAY - datetime.timedelta(days=90),
    )
    assert late.is_overdue()
    services.communication_reply(
        actor=staff, communication=late, expected_version=1, replied_on=TODAY
    )
    late.refresh_from_db()
    assert not late.is_overdue()


def test_a_stale_communication_save_writes_nothing(staff, communication):
    services.communication_update(
        actor=staff, communication=communication, expected_version=1, subject="First"
    )
    with pytest.raises(RecordChanged) as exc:
        services.communication_update(
            actor=staff, communication=communication, expected_version=1, subject="Second"
        )
    assert exc.value.changed_fields == ["subject"]


def test_the_demo_visit_and_communication_go_through_the_services(staff, mandate, state):
    from recommendations.demo import special

    report = mission_report(
        actor=staff, state=state, mandate=mandate, symbol="DEMO/A/HRC/SR-Health/Add.1"
    )
    visit, created = special.seed_visit(actor=staff, state=state, report=report)
    assert created
    assert visit.stage == "report_received"
    assert visit.report == report
    assert visit.report_symbol.startswith("DEMO")
    assert [h.stage for h in visit.history.order_by("history_date")] == [
        "requested",
        "accepted",
        "scheduled",
        "held",
        "report_received",
    ]
    assert "[Demo]" in visit.notes
    communication, created = special.seed_communication(
        actor=staff, state=state, mandates=[mandate]
    )
    assert created
    assert communication.reference.startswith("DEMO")
    assert communication.subject.startswith("[Demo]")
    assert not communication.is_public
    # Today as the seed saw it: TODAY is read when the module is collected, which can be
    # the day before when the run crosses midnight.
    assert communication.reply_due == datetime.date.today() + datetime.timedelta(days=40)
    # Seeding again adds nothing.
    assert special.seed_visit(actor=staff, state=state, report=report) == (visit, False)
    assert special.seed_communication(actor=staff, state=state, mandates=[mandate])[1] is False


def test_the_history_names_who_changed_the_mandates(staff, communication, other_mandate):
    from recommendations.special.selectors import history_of

    services.communication_update(
        actor=staff, communication=communication, expected_version=1, mandates=[other_mandate]
    )
    entries = history_of(communication)
    changes = [(c.field, c.old, c.new) for e in entries for c in e.changes if c.field == "mandates"]
    assert changes == [("mandates", "SR Health", "WGAD"), ("mandates", "—", "SR Health")]
    assert [e.kind for e in entries] == ["~", "+"]
    assert {e.who for e in entries} == {staff}
    listed = {c.field for e in entries for c in e.changes}
    assert "version" not in listed
    assert "reference" in listed
