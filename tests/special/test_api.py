"""/api/v1/visits/ and /api/v1/communications/: the government side reads, the secretariat
writes through the same services; 401 anonymous, 403 other roles, 409 on a stale version."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import Communication, Visit
from tests.factories import PDF, ROLES_AND_ANONYMOUS

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
ROLES = ROLES_AND_ANONYMOUS
READ = [200, 200, 200, 200, 200, 403, 403, 401]


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, READ, strict=True)))
def test_who_reads_visits_and_communications(role, expected, client_for, visit, communication):
    client = client_for(role)
    for url in (
        "/api/v1/visits/",
        f"/api/v1/visits/{visit.pk}/",
        "/api/v1/communications/",
        f"/api/v1/communications/{communication.pk}/",
    ):
        assert client.get(url).status_code == expected, url


def test_the_list_carries_the_fields_and_filters(client_for, visit, communication):
    client = client_for("viewer")
    data = client.get("/api/v1/communications/?status=awaiting").json()
    row = data["results"][0]
    assert row["reference"] == "AL SVN 1/2026"
    assert row["mandates"] == ["SR Health"]
    assert row["reply_due"] == (communication.reply_due).isoformat()
    assert row["overdue"] is False
    data = client.get("/api/v1/communications/?status=overdue").json()
    assert data["results"] == []
    visits = client.get("/api/v1/visits/?stage=requested&mandate=SR Health").json()
    assert [v["id"] for v in visits["results"]] == [visit.pk]


CREATED, REFUSED, ANON = 201, 403, 401
WRITES = [CREATED, CREATED, REFUSED, REFUSED, REFUSED, REFUSED, REFUSED, ANON]


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, WRITES, strict=True)))
def test_who_creates_a_communication(role, expected, client_for, mandate, state):
    response = client_for(role).post(
        "/api/v1/communications/",
        {
            "state": "SVN",
            "reference": f"AL SVN {role}",
            "mandates": ["SR Health"],
            "subject": "Test text",
            "received_on": TODAY.isoformat(),
        },
        format="json",
    )
    assert response.status_code == expected
    if expected == CREATED:
        assert response.json()["reply_due"] == (TODAY + datetime.timedelta(days=60)).isoformat()
    else:
        assert not Communication.objects.exists()


@pytest.mark.parametrize(("role", "expected"), list(zip(ROLES, WRITES, strict=True)))
def test_who_creates_a_visit(role, expected, client_for, mandate, state):
    response = client_for(role).post(
        "/api/v1/visits/",
        {"state": "SVN", "mandate": "SR Health", "requested_on": "2025-01-10"},
        format="json",
    )
    assert response.status_code == expected
    assert Visit.objects.count() == (1 if expected == CREATED else 0)


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer"])
def test_a_read_only_role_cannot_change_or_reply(role, client_for, visit, communication):
    client = client_for(role)
    assert (
        client.patch(
            f"/api/v1/visits/{visit.pk}/", {"notes": "x", "version": 1}, format="json"
        ).status_code
        == 403
    )
    reply = client.post(
        f"/api/v1/communications/{communication.pk}/reply/",
        {"replied_on": TODAY.isoformat(), "version": 1},
        format="json",
    )
    assert reply.status_code == 403
    communication.refresh_from_db()
    assert communication.replied_on is None


def test_a_stakeholder_gets_nothing_of_a_communication(client_for, communication):
    """NHRI and CSOs are refused the whole endpoint; nothing of a record is returned."""
    response = client_for("cso").get(f"/api/v1/communications/{communication.pk}/")
    assert response.status_code == 403
    assert "AL SVN" not in response.content.decode()


def test_the_visit_moves_on_through_the_api_and_refuses_a_skip(client_for, visit):
    client = client_for("secretariat_staff")
    skipped = client.patch(
        f"/api/v1/visits/{visit.pk}/", {"stage": "held", "version": 1}, format="json"
    )
    assert skipped.status_code == 400
    assert "cannot go from" in skipped.content.decode()
    moved = client.patch(
        f"/api/v1/visits/{visit.pk}/",
        {"stage": "accepted", "accepted_on": "2025-02-01", "version": 1},
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["stage"] == "accepted"
    stale = client.patch(
        f"/api/v1/visits/{visit.pk}/", {"notes": "late", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    unversioned = client.patch(f"/api/v1/visits/{visit.pk}/", {"notes": "x"}, format="json")
    assert unversioned.status_code == 400


def test_the_reply_with_its_document_through_the_api(client_for, communication):
    response = client_for("secretariat_staff").post(
        f"/api/v1/communications/{communication.pk}/reply/",
        {
            "replied_on": TODAY.isoformat(),
            "version": 1,
            "reply_document": SimpleUploadedFile("reply.pdf", PDF, "application/pdf"),
        },
        format="multipart",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["replied_on"] == TODAY.isoformat()
    assert body["reply_document"].endswith(
        f"/workspace/special-procedures/communications/{communication.pk}/reply/document/"
    )


def test_wrong_method_answers_405(client_for, visit):
    client = client_for("secretariat_admin")
    assert client.delete(f"/api/v1/visits/{visit.pk}/").status_code == 405
    assert client.put("/api/v1/communications/", {}, format="json").status_code == 405


def test_the_published_filter(client_for, staff, communication):
    from recommendations.special.services import communication_update

    client = client_for("viewer")
    assert client.get("/api/v1/communications/?is_public=true").json()["results"] == []
    communication_update(
        actor=staff, communication=communication, expected_version=1, is_public=True
    )
    published = client.get("/api/v1/communications/?is_public=true").json()["results"]
    assert [c["reference"] for c in published] == ["AL SVN 1/2026"]
    assert client.get("/api/v1/communications/?is_public=false").json()["results"] == []
