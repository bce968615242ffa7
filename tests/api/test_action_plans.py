"""The action plan endpoints, per role: the public reads published plans and items only,
the secretariat manages them, the responsible institution's focal point reports a status."""

import datetime

import pytest

from recommendations.followup import plans
from recommendations.models import ActionPlan, ActionPlanItem, Activity
from tests.factories import ROLES_AND_ANONYMOUS, AssignmentFactory

pytestmark = pytest.mark.django_db

ROLES = ROLES_AND_ANONYMOUS
GOVERNMENT = {"secretariat_admin", "secretariat_staff", "focal_own", "focal_other", "viewer"}
SECRETARIAT = {"secretariat_admin", "secretariat_staff"}


@pytest.fixture
def plan_records(admin, own_institution):
    published_rec = AssignmentFactory(institution=own_institution).recommendation
    internal_rec = AssignmentFactory(
        institution=own_institution, recommendation__is_published=False
    ).recommendation
    public = plans.action_plan_create(actor=admin, title="Public plan")
    plans.action_plan_publish(actor=admin, plan=public, published=True)
    internal_plan = plans.action_plan_create(actor=admin, title="Draft plan")
    shown = plans.action_plan_item_add(
        actor=admin,
        plan=public,
        title="Shown item",
        responsible_institution=own_institution,
        is_published=True,
        recommendations=[published_rec, internal_rec],
    )
    hidden = plans.action_plan_item_add(
        actor=admin, plan=public, title="Hidden item", responsible_institution=own_institution
    )
    return {
        "public": public,
        "internal_plan": internal_plan,
        "shown": shown,
        "hidden": hidden,
        "published_rec": published_rec,
        "internal_rec": internal_rec,
        "institution": own_institution,
    }


@pytest.mark.parametrize("role", ROLES)
def test_plan_list_shows_only_published_outside_government(client_for, plan_records, role):
    titles = {p["title"] for p in client_for(role).get("/api/v1/action-plans/").json()["results"]}
    if role in GOVERNMENT:
        assert titles == {"Public plan", "Draft plan"}
    else:
        assert titles == {"Public plan"}


@pytest.mark.parametrize("role", ROLES)
def test_item_list_hides_internal_items_and_links(client_for, plan_records, role):
    results = client_for(role).get("/api/v1/plan-items/").json()["results"]
    by_title = {r["title"]: r for r in results}
    if role in GOVERNMENT:
        assert set(by_title) == {"Shown item", "Hidden item"}
        assert len(by_title["Shown item"]["recommendations"]) == 2
    else:
        assert set(by_title) == {"Shown item"}
        assert by_title["Shown item"]["recommendations"] == [plan_records["published_rec"].pk]


@pytest.mark.parametrize("role", ROLES)
def test_internal_item_is_404_outside_government(client_for, plan_records, role):
    response = client_for(role).get(f"/api/v1/plan-items/{plan_records['hidden'].pk}/")
    assert response.status_code == (200 if role in GOVERNMENT else 404)


@pytest.mark.parametrize("role", ROLES)
def test_create_plan_and_item_by_role(client_for, plan_records, role):
    client = client_for(role)
    response = client.post("/api/v1/action-plans/", {"title": "Plan on children"}, format="json")
    item = client.post(
        "/api/v1/plan-items/",
        {
            "plan": plan_records["public"].pk,
            "title": "Child helpline",
            "responsible_institution": plan_records["institution"].pk,
            "start_date": "2026-01-01",
            "end_date": "2027-12-31",
            "budget": "40000.00",
            "currency": "EUR",
            "recommendations": [plan_records["published_rec"].pk],
        },
        format="json",
    )
    if role in SECRETARIAT:
        assert (response.status_code, item.status_code) == (201, 201)
        assert ActionPlanItem.objects.get(title="Child helpline").budget == 40000
    else:
        expected = 401 if role == "anonymous" else 403
        assert (response.status_code, item.status_code) == (expected, expected)
        assert not ActionPlan.objects.filter(title="Plan on children").exists()
        assert not ActionPlanItem.objects.filter(title="Child helpline").exists()


@pytest.mark.parametrize("role", ROLES)
def test_item_status_by_role(client_for, plan_records, role):
    item = plan_records["shown"]
    response = client_for(role).post(
        f"/api/v1/plan-items/{item.pk}/status/",
        {"status": "ongoing", "version": item.version},
        format="json",
    )
    item.refresh_from_db()
    if role in SECRETARIAT | {"focal_own"}:
        assert response.status_code == 200
        assert item.status == "ongoing"
    else:
        assert response.status_code == {"anonymous": 401}.get(role, 403)
        assert item.status == "not_started"


@pytest.mark.parametrize("role", ["nhri", "cso"])
def test_hidden_item_changes_are_404_for_public_roles(client_for, plan_records, role):
    item = plan_records["hidden"]
    client = client_for(role)
    status = client.post(
        f"/api/v1/plan-items/{item.pk}/status/", {"status": "ongoing", "version": 1}
    )
    patch = client.patch(f"/api/v1/plan-items/{item.pk}/", {"title": "x", "version": 1})
    assert (status.status_code, patch.status_code) == (404, 404)


@pytest.mark.parametrize("role", ROLES)
def test_item_update_by_role(client_for, plan_records, role):
    item = plan_records["shown"]
    response = client_for(role).patch(
        f"/api/v1/plan-items/{item.pk}/",
        {"title": "Renamed", "version": item.version},
        format="json",
    )
    item.refresh_from_db()
    if role in SECRETARIAT:
        assert response.status_code == 200
        assert item.title == "Renamed"
    else:
        assert response.status_code == {"anonymous": 401}.get(role, 403)
        assert item.title == "Shown item"


def test_stale_api_change_is_409(client_for, plan_records):
    item = plan_records["shown"]
    client_for("focal_own").post(
        f"/api/v1/plan-items/{item.pk}/status/",
        {"status": "delayed", "version": item.version},
        format="json",
    )
    response = client_for("secretariat_admin").patch(
        f"/api/v1/plan-items/{item.pk}/",
        {"status": "completed", "version": item.version},
        format="json",
    )
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.status == "delayed"


def test_bad_dates_are_400(client_for, plan_records):
    response = client_for("secretariat_admin").post(
        "/api/v1/plan-items/",
        {
            "plan": plan_records["public"].pk,
            "title": "Backwards",
            "start_date": str(datetime.date(2027, 1, 1)),
            "end_date": str(datetime.date(2026, 1, 1)),
        },
        format="json",
    )
    assert response.status_code == 400
    assert "end_date" in str(response.json())


@pytest.mark.parametrize("role", ROLES)
def test_publish_plan_by_role(client_for, plan_records, role):
    plan = plan_records["internal_plan"]
    response = client_for(role).post(
        f"/api/v1/action-plans/{plan.pk}/publish/", {"published": True}, format="json"
    )
    plan.refresh_from_db()
    if role in SECRETARIAT:
        assert response.status_code == 200
        assert plan.is_published
    else:
        assert response.status_code == {"anonymous": 401}.get(
            role, 404 if role in {"nhri", "cso"} else 403
        )
        assert not plan.is_published


def test_wrong_methods(client_for, plan_records):
    client = client_for("secretariat_admin")
    assert client.delete(f"/api/v1/plan-items/{plan_records['shown'].pk}/").status_code == 405
    assert client.get(f"/api/v1/plan-items/{plan_records['shown'].pk}/status/").status_code == 405
    assert client.put(f"/api/v1/action-plans/{plan_records['public'].pk}/").status_code == 405


def test_activity_links_to_plan_items_through_the_api(client_for, plan_records):
    client = client_for("focal_own")
    response = client.post(
        "/api/v1/activities/",
        {
            "title": "Inspection visits",
            "description": "Monthly visits",
            "lead_institution": plan_records["institution"].pk,
            "start_date": "2026-01-01",
            "recommendations": [plan_records["published_rec"].pk],
            "plan_items": [plan_records["shown"].pk, plan_records["hidden"].pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert set(response.json()["plan_items"]) == {
        plan_records["shown"].pk,
        plan_records["hidden"].pk,
    }
    activity_id = response.json()["id"]
    Activity.objects.filter(pk=activity_id).update(is_published=True)
    public = client_for("anonymous").get(f"/api/v1/activities/{activity_id}/").json()
    # The internal item's id does not reach the public.
    assert public["plan_items"] == [plan_records["shown"].pk]
