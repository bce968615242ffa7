"""The special procedures' screens: who opens and posts each, forms that keep what was
typed, the version conflict, the lifecycle on the edit page, the reply and its document."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from recommendations.models import Communication, Visit
from tests.factories import PDF, ROLES_AND_ANONYMOUS
from tests.roles import LOGIN, assert_answer, client_as, role_cases
from tests.special.conftest import mission_report

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
ROLES = ROLES_AND_ANONYMOUS
L = LOGIN
BASE = "/workspace/special-procedures"


def _urls(visit, communication):
    return {
        "visits": f"{BASE}/visits/",
        "visit_new": f"{BASE}/visits/new/",
        "visit": f"{BASE}/visits/{visit.pk}/",
        "visit_edit": f"{BASE}/visits/{visit.pk}/edit/",
        "communications": f"{BASE}/communications/",
        "communication_new": f"{BASE}/communications/new/",
        "communication": f"{BASE}/communications/{communication.pk}/",
        "communication_edit": f"{BASE}/communications/{communication.pk}/edit/",
        "reply": f"{BASE}/communications/{communication.pk}/reply/",
    }


# GET answers per role, in ROLES order: the government side reads (focal points of any
# institution and the viewer included), the secretariat writes; NHRI and CSOs never see
# communications (confidential) nor visits.
READ = [200, 200, 200, 200, 200, 403, 403, L]
WRITE = [200, 200, 403, 403, 403, 403, 403, L]
GETS = {
    "visits": READ,
    "visit": READ,
    "communications": READ,
    "communication": READ,
    "visit_new": WRITE,
    "visit_edit": WRITE,
    "communication_new": WRITE,
    "communication_edit": WRITE,
    "reply": WRITE,
}


@pytest.mark.parametrize(
    ("page", "role", "expected"),
    role_cases(GETS),
)
def test_who_opens_each_screen(page, role, expected, people, visit, communication):
    response = client_as(people, role).get(_urls(visit, communication)[page])
    assert_answer(response, expected)


@pytest.mark.parametrize(
    "page", ["visit_new", "visit_edit", "communication_new", "communication_edit", "reply"]
)
@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_a_post_without_the_right_writes_nothing(page, role, people, visit, communication):
    response = client_as(people, role).post(
        _urls(visit, communication)[page], {"notes": "x", "replied_on": TODAY.isoformat()}
    )
    assert response.status_code == 403
    visit.refresh_from_db()
    communication.refresh_from_db()
    assert (visit.version, communication.version, communication.replied_on) == (1, 1, None)


def test_an_anonymous_post_goes_to_the_login(people, visit, communication):
    response = Client().post(_urls(visit, communication)["visit_edit"], {"notes": "x"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("page", ["visits", "visit", "communications", "communication"])
def test_wrong_method_answers_405(page, people, visit, communication):
    response = client_as(people, "secretariat_admin").post(_urls(visit, communication)[page])
    assert response.status_code == 405


def test_an_unknown_record_answers_404(people):
    client = client_as(people, "secretariat_admin")
    assert client.get(f"{BASE}/visits/999/").status_code == 404
    assert client.get(f"{BASE}/communications/999/edit/").status_code == 404


def test_the_secretariat_records_a_visit_and_moves_it_on(people, mandate, state):
    client = client_as(people, "secretariat_staff")
    response = client.post(
        f"{BASE}/visits/new/",
        {
            "state": state.pk,
            "mandate": mandate.pk,
            "stage": "requested",
            "requested_on": "2025-01-10",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/visits/{visit.pk}/"
    page = client.get(f"{BASE}/visits/{visit.pk}/edit/")
    # The stage offers the current one and the next ones only.
    assert [v for v, _ in page.context["form"].fields["stage"].choices] == [
        "requested",
        "accepted",
        "declined",
        "withdrawn",
    ]
    response = client.post(
        f"{BASE}/visits/{visit.pk}/edit/",
        {
            "state": state.pk,
            "mandate": mandate.pk,
            "stage": "accepted",
            "requested_on": "2025-01-10",
            "accepted_on": "2025-02-01",
            "version": 1,
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.stage == "accepted"
    detail = client.get(f"{BASE}/visits/{visit.pk}/")
    assert b'id="history"' in detail.content
    assert "Accepted on" in detail.content.decode()


def test_a_visit_error_keeps_what_was_typed(people, visit, mandate, state):
    response = client_as(people, "secretariat_staff").post(
        f"{BASE}/visits/{visit.pk}/edit/",
        {
            "state": state.pk,
            "mandate": mandate.pk,
            "stage": "accepted",
            "requested_on": "2025-01-10",
            "notes": "Typed by the user",
            "version": 1,
        },
    )
    assert response.status_code == 400
    assert "An accepted visit needs the date the State accepted it." in response.content.decode()
    assert "Typed by the user" in response.content.decode()
    visit.refresh_from_db()
    assert visit.stage == "requested"


def test_a_stale_visit_edit_shows_the_conflict_and_keeps_the_input(people, visit, mandate, state):
    client = client_as(people, "secretariat_staff")
    data = {
        "state": state.pk,
        "mandate": mandate.pk,
        "stage": "requested",
        "requested_on": "2025-01-10",
        "notes": "Mine",
        "version": 1,
    }
    assert (
        client.post(f"{BASE}/visits/{visit.pk}/edit/", {**data, "notes": "First"}).status_code
        == 302
    )
    response = client.post(f"{BASE}/visits/{visit.pk}/edit/", data)
    assert response.status_code == 409
    assert b'id="conflict"' in response.content
    assert b"Mine" in response.content
    assert b'name="version" value="2"' in response.content
    visit.refresh_from_db()
    assert visit.notes == "First"


def _record_communication(people, mandate, state, *, subject, received_on):
    """The secretariat records allegation letter AL SVN 5/2026 on the form."""
    return client_as(people, "secretariat_staff").post(
        f"{BASE}/communications/new/",
        {
            "state": state.pk,
            "reference": "AL SVN 5/2026",
            "kind": "allegation_letter",
            "mandates": [mandate.pk],
            "subject": subject,
            "received_on": received_on.isoformat(),
        },
    )


def test_the_secretariat_records_a_communication_with_the_default_due_date(people, mandate, state):
    received = TODAY - datetime.timedelta(days=3)
    response = _record_communication(
        people, mandate, state, subject="Test subject", received_on=received
    )
    assert response.status_code == 302
    communication = Communication.objects.get()
    assert communication.reply_due == received + datetime.timedelta(days=60)


def test_a_communication_error_keeps_what_was_typed(people, mandate, state):
    response = _record_communication(
        people,
        mandate,
        state,
        subject="Kept subject",
        received_on=TODAY + datetime.timedelta(days=5),
    )
    assert response.status_code == 400
    assert "The date of receipt cannot be in the future." in response.content.decode()
    assert b'value="Kept subject"' in response.content
    assert not Communication.objects.exists()


def test_the_list_filters_and_marks_overdue_replies(people, staff, mandate, state, communication):
    from recommendations.special.services import communication_create

    communication_create(
        actor=staff,
        state=state,
        reference="UA SVN 9/2025",
        subject="Late one",
        mandates=[mandate],
        received_on=TODAY - datetime.timedelta(days=80),
    )
    client = client_as(people, "viewer")
    overdue = client.get(f"{BASE}/communications/?status=overdue")
    assert [c.reference for c in overdue.context["communications"]] == ["UA SVN 9/2025"]
    assert b"data-overdue" in overdue.content
    awaiting = client.get(f"{BASE}/communications/?status=awaiting")
    assert [c.reference for c in awaiting.context["communications"]] == ["AL SVN 1/2026"]
    assert b"data-overdue" not in awaiting.content


def test_the_reply_and_its_document_are_saved_and_served_to_the_government_only(
    people, communication
):
    client = client_as(people, "secretariat_staff")
    response = client.post(
        f"{BASE}/communications/{communication.pk}/reply/",
        {
            "replied_on": TODAY.isoformat(),
            "version": 1,
            "reply_document": SimpleUploadedFile("reply.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    url = f"{BASE}/communications/{communication.pk}/reply/document/"
    download = client_as(people, "focal_other").get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert client_as(people, "cso").get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_a_rejected_reply_document_keeps_the_date(people, communication):
    response = client_as(people, "secretariat_staff").post(
        f"{BASE}/communications/{communication.pk}/reply/",
        {
            "replied_on": TODAY.isoformat(),
            "version": 1,
            "reply_document": SimpleUploadedFile("reply.pdf", b"not a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 400
    assert "This file type is not accepted" in response.content.decode()
    assert f'value="{TODAY.isoformat()}"' in response.content.decode()
    communication.refresh_from_db()
    assert communication.replied_on is None


def test_the_visit_report_review_links_back_to_its_visit(people, staff, visit, mandate, state):
    from recommendations.special.services import visit_update

    report = mission_report(actor=staff, state=state, mandate=mandate)
    visit_update(actor=staff, visit=visit, expected_version=1, report=report)
    page = client_as(people, "viewer").get(f"/workspace/reviews/{report.pk}/")
    assert f'href="{BASE}/visits/{visit.pk}/"' in page.content.decode()
