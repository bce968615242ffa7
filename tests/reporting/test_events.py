"""Consultation events: the secretariat records hearings and meetings with civil society;
the government side reads them; nobody else sees them."""

import datetime

import pytest

from recommendations.models import ActionPlan
from reporting.models import ConsultationEvent, ReportDraft
from tests.factories import GOVERNMENT, ROLES, SECRETARIAT
from tests.reporting.conftest import stakeholder_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(people):
    draft = ReportDraft.objects.create(title="National report 2026")
    event = ConsultationEvent.objects.create(
        title="Hearing on the draft",
        date=datetime.date(2026, 10, 3),
        place="Town hall, Nord",
        participants=42,
        other_organisations="Rural women's network\nYouth forum",
        outcomes="Add a section on rural access to justice.",
        draft=draft,
    )
    event.organisations.add(stakeholder_of(people["cso"]))
    return event


def _data(people, draft=None, plan=None, **extra):
    data = {
        "title": "Meeting with CSOs on the plan",
        "kind": "civil_society",
        "date": "2026-11-20",
        "format": "hybrid",
        "place": "Ministry of Justice",
        "participants": "18",
        "organisations": [stakeholder_of(people["cso"]).pk, stakeholder_of(people["nhri"]).pk],
        "other_organisations": "Disability alliance",
        "outcomes": "Three new plan items proposed.",
        "draft": draft.pk if draft else "",
        "plan": plan.pk if plan else "",
    }
    data.update(extra)
    return data


def test_secretariat_records_an_event_linked_to_a_plan(client, people, event):
    plan = ActionPlan.objects.create(title="National human rights action plan 2026-2030")
    client.force_login(people["secretariat_staff"])
    response = client.post("/workspace/reports/events/new/", _data(people, plan=plan))
    assert response.status_code == 302
    saved = ConsultationEvent.objects.get(title="Meeting with CSOs on the plan")
    assert saved.plan == plan
    assert saved.participants == 18
    assert saved.format == "hybrid"
    assert saved.organisations.count() == 2
    assert saved.created_by == people["secretariat_staff"]
    page = client.get("/workspace/reports/events/").content.decode()
    assert "Meeting with CSOs on the plan" in page
    assert "Disability alliance" in page
    assert "National human rights action plan 2026-2030" in page
    assert "Hearing on the draft" in page
    assert "Rural women&#x27;s network" in page


def test_secretariat_corrects_an_event(client, people, event):
    client.force_login(people["secretariat_admin"])
    form = client.get(f"/workspace/reports/events/{event.pk}/").content.decode()
    assert "Town hall, Nord" in form
    assert 'name="version" value="1"' in form
    data = _data(
        people,
        draft=event.draft,
        title="Hearing on the draft (Nord)",
        participants="45",
        version="1",
    )
    assert client.post(f"/workspace/reports/events/{event.pk}/", data).status_code == 302
    event.refresh_from_db()
    assert event.title == "Hearing on the draft (Nord)"
    assert event.participants == 45


def test_bad_input_is_refused_and_kept(client, people):
    client.force_login(people["secretariat_admin"])
    response = client.post(
        "/workspace/reports/events/new/",
        _data(people, date="not a date", participants="-3", outcomes="Keep these outcomes."),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Keep these outcomes." in html
    assert not ConsultationEvent.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_event_pages_per_role(client, people, event, role):
    client.force_login(people[role])
    listing = client.get("/workspace/reports/events/")
    new = client.get("/workspace/reports/events/new/")
    edit = client.get(f"/workspace/reports/events/{event.pk}/")
    post = client.post(
        f"/workspace/reports/events/{event.pk}/", _data(people, title="Changed", version="1")
    )
    if role in SECRETARIAT:
        assert (listing.status_code, new.status_code, edit.status_code) == (200, 200, 200)
        assert post.status_code == 302
    elif role in GOVERNMENT:  # focal points of either institution, the viewer: read only
        assert listing.status_code == 200
        assert "Hearing on the draft" in listing.content.decode()
        assert (new.status_code, edit.status_code, post.status_code) == (403, 403, 403)
    else:  # the NHRI and CSOs see no internal event
        assert (listing.status_code, new.status_code) == (403, 403)
        assert (edit.status_code, post.status_code) == (404, 404)
    event.refresh_from_db()
    assert (event.title == "Changed") == (role in SECRETARIAT)


def test_event_pages_anonymous_and_wrong_method(client, people, event):
    for path in ["/workspace/reports/events/", f"/workspace/reports/events/{event.pk}/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    client.force_login(people["secretariat_admin"])
    assert client.post("/workspace/reports/events/").status_code == 405
    assert client.delete(f"/workspace/reports/events/{event.pk}/").status_code == 405


def test_a_concurrent_edit_is_refused_and_the_input_kept(client, people, event):
    """Two people of the secretariat edit the same event: the second save shows what changed
    and keeps their text; saving again keeps their version."""
    admin = people["secretariat_admin"]
    admin.first_name, admin.last_name = "Amal", "Haddad"
    admin.save(update_fields=["first_name", "last_name"])
    client.force_login(admin)
    path = f"/workspace/reports/events/{event.pk}/"
    first = _data(people, draft=event.draft, title="Hearing (first)", version="1")
    second = _data(people, draft=event.draft, title="Hearing", outcomes="My outcomes.")
    second["version"] = "1"
    assert client.post(path, first).status_code == 302
    conflict = client.post(path, second)
    assert conflict.status_code == 409
    html = conflict.content.decode()
    assert "Someone else saved this record" in html
    assert "Saved by Amal Haddad on " in html  # the person, not the login name
    assert ".." not in html.split("Saved by Amal Haddad", 1)[1].split("</p>", 1)[0]
    assert "My outcomes." in html
    assert "Hearing (first)" in html  # what the other person saved
    event.refresh_from_db()
    assert event.title == "Hearing (first)"
    assert event.version == 2
    second["version"] = "2"
    assert client.post(path, second).status_code == 302
    event.refresh_from_db()
    assert event.outcomes == "My outcomes."
    assert event.history.count() == 3  # created, then two saves, each with its author
    assert event.history.first().history_user == people["secretariat_admin"]
