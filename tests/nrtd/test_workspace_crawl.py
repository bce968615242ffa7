"""Crawl the logged-in screens on the demo data: no page answers 500 for any role, and a focal
point's choice lists offer nothing of another institution (issue 19, items 2 and 3)."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from mechanisms.models import Institution, Profile, Seat
from mechanisms.rules import user_institution_ids
from recommendations.models import Activity, Indicator, Recommendation
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


def _foreign_options(user, name: str, values: list[str]) -> list[str]:
    """The options of a choice field named ``name`` that belong to an institution the user
    does not hold a seat in (or to a record the user may not change)."""
    own = user_institution_ids(user)
    ids = [int(v) for v in values if v.isdigit()]
    if name in ("institution", "institutions", "lead_institution"):
        foreign = Institution.objects.filter(pk__in=ids).exclude(pk__in=own)
    elif name == "activity":
        foreign = [
            a
            for a in Activity.objects.filter(pk__in=ids)
            if not user.has_perm("recommendations.change_activity", a)
        ]
    elif name == "indicator":
        foreign = [
            i
            for i in Indicator.objects.filter(pk__in=ids)
            if not user.has_perm("recommendations.change_indicator", i)
        ]
    elif name == "recommendations":
        foreign = [
            r
            for r in Recommendation.objects.filter(pk__in=ids)
            if not user.has_perm("recommendations.update_progress", r)
        ]
    else:
        return []
    return [str(record) for record in foreign]


def test_focal_point_choice_lists_offer_nothing_of_another_institution(demo):
    user = demo["focal.health"]
    client = Client()
    client.force_login(user)
    result = crawl(client, _start_urls())
    checked, problems = set(), []
    for url, selects in result.selects.items():
        for select in selects:
            checked.add(select.name)
            foreign = _foreign_options(user, select.name, select.values)
            if foreign:
                problems.append((url, select.name, foreign[:3]))
    assert problems == [], "\n".join(map(str, problems))
    # The forms that choose institutions, activities, indicators and recommendations were seen.
    assert {"lead_institution", "activity", "indicator", "recommendations"} <= checked
