"""Crawl the logged-in screens on the demo data: no page answers 500 for any role (issue 19,
item 3)."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from mechanisms.models import Profile, Seat
from recommendations.models import Recommendation
from tests.factories import make_user
from tests.nrtd.crawler import crawl

pytestmark = pytest.mark.django_db

DEMO_ACCOUNTS = ["secretariat", "focal.health", "focal.justice", "viewer", "nhri", "cso"]


@pytest.fixture
def demo(django_user_model):
    call_command("seed_demo", force=True, stdout=io.StringIO())
    # The demo has no secretariat staff account; the crawl covers that role too.
    make_user(Profile.Role.SECRETARIAT_STAFF, username="staff")
    return {
        name: django_user_model.objects.get(username=name) for name in [*DEMO_ACCOUNTS, "staff"]
    }


def _start_urls() -> list[str]:
    """The home page (its menus lead everywhere) and the pages that once answered 500:
    the follow-up of a recommendation with an indicator, an institution with a vacant seat."""
    urls = ["/", "/workspace/my-work/"]
    with_indicator = Recommendation.objects.filter(indicators__isnull=False).distinct()
    urls += [f"/workspace/follow-up/{pk}/" for pk in with_indicator.values_list("pk", flat=True)]
    vacant = Seat.objects.filter(holder=None).values_list("institution_id", "pk")
    urls += [f"/workspace/institutions/{institution}/" for institution, _seat in vacant]
    urls += [f"/workspace/seats/{seat}/" for _institution, seat in vacant]
    return list(dict.fromkeys(urls))


def test_no_workspace_page_answers_500_for_any_role(demo):
    start = _start_urls()
    assert any("/follow-up/" in url for url in start)
    assert any("/institutions/" in url for url in start)
    reached = {}
    for name in ["anonymous", *demo]:
        client = Client(raise_request_exception=False)
        if name != "anonymous":
            client.force_login(demo[name])
        result = crawl(client, start)
        errors = {url: status for url, status in result.statuses.items() if status >= 500}
        assert errors == {}, name
        reached[name] = result.routes()
    # The crawl really went through the workspace.
    assert {
        f"workspace/{route}"
        for route in [
            "follow-up/<int:pk>/",
            "activities/<int:pk>/",
            "indicators/<int:pk>/",
            "institutions/<int:pk>/",
            "seats/<int:pk>/",
            "recommendations/<int:pk>/",
            "reports/drafts/<int:pk>/",
            "mechanism/",
            "users/<int:pk>/",
        ]
    } <= reached["secretariat"]
    assert {
        "workspace/follow-up/<int:pk>/",
        "workspace/activities/<int:pk>/edit/",
        "workspace/indicators/new/",
    } <= reached["focal.health"]

