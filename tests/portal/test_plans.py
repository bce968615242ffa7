"""The public action plan pages: published plans and items only, the same for every role
(the portal shows no internal record to anyone, signed in or not)."""

import pytest

from recommendations.models import ActionPlan
from tests.portal.conftest import MARKERS

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "secretariat", "focal", "viewer", "cso", "nhri"]


def _client(client, portal_data, role):
    if role != "anonymous":
        client.force_login(getattr(portal_data, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_plan_pages_show_only_published_records(client, portal_data, role):
    client = _client(client, portal_data, role)
    listing = client.get("/plans/").content.decode()
    assert "National human rights action plan 2024-2028" in listing
    assert MARKERS["unpublished_plan"] not in listing
    assert "1 item" in listing  # the internal item is not counted
    response = client.get(f"/plans/{portal_data.plan.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Independent inspection of places of detention" in page
    assert "250,000.00" in page
    assert "EUR" in page
    assert "Ministry of Justice" in page
    for marker in (
        "unpublished_plan_item",
        "unpublished_recommendation",
        "unpublished_indicator",
        "unpublished_activity",
    ):
        assert MARKERS[marker] not in page, marker
    assert f"/recommendations/{portal_data.hidden.pk}/" not in page


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_plan_is_404(client, portal_data, role):
    client = _client(client, portal_data, role)
    internal = ActionPlan.objects.get(title=MARKERS["unpublished_plan"])
    assert client.get(f"/plans/{internal.pk}/").status_code == 404


def test_overdue_item_stands_out(client, portal_data):
    # The item ended on 2025-06-30 and is still ongoing.
    page = client.get(f"/plans/{portal_data.plan.pk}/").content.decode()
    assert 'text-bg-danger">Overdue' in page


def test_plan_pages_refuse_writes(client, portal_data):
    for url in ("/plans/", f"/plans/{portal_data.plan.pk}/"):
        assert client.post(url).status_code == 405
        assert client.delete(url).status_code == 405


def test_plan_page_in_arabic_is_right_to_left(client, portal_data):
    client.cookies["django_language"] = "ar"
    page = client.get(f"/plans/{portal_data.plan.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content
    assert b'dir="rtl"' in page


def test_cached_public_page_follows_a_status_change(client, portal_data):
    from recommendations.followup import plans

    item = portal_data.plan_item
    url = f"/plans/{portal_data.plan.pk}/"
    assert "Ongoing" in client.get(url).content.decode()
    client.get(url)  # served from the cache now
    plans.action_plan_item_set_status(
        actor=portal_data.secretariat, item=item, expected_version=item.version, status="completed"
    )
    page = client.get(url).content.decode()
    assert "Completed" in page
    assert 'text-bg-danger">Overdue' not in page  # the item's badge, not the totals' box
