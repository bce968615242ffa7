"""Issue 20 in a browser: a disaggregated indicator value entered, the indicator published
and shown on the portal; a CSO comment answered by the lead institution's focal point and
shown once published; the parliament view in French, filtered."""

import datetime
import importlib

import pytest
from playwright.sync_api import expect

from mechanisms.models import Institution, Profile
from recommendations.followup import services as followup
from recommendations.models import Assignment, Comment, Reply
from tests.e2e.helpers import log_in
from tests.factories import InstitutionFactory, RecommendationFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    health = InstitutionFactory(name="Ministry of Health", acronym="MoH")
    focal = make_user(Profile.Role.FOCAL_POINT, institution=health, username="focal.health")
    make_user(Profile.Role.SECRETARIAT_ADMIN, username="secretariat")
    cso = make_user(Profile.Role.CSO, username="cso")
    rec = RecommendationFactory(
        paragraph="115.7",
        text="Reduce maternal mortality in rural areas",
        needs_parliament=True,
        budget_implications=True,
    )
    RecommendationFactory(
        paragraph="115.8", text="Ratify the Optional Protocol", needs_parliament=True
    )
    Assignment.objects.create(recommendation=rec, institution=health, role="lead")
    indicator = followup.indicator_create(
        actor=focal, name="Maternal mortality ratio", unit="per 100,000", recommendations=[rec]
    )
    followup.indicator_value_add(
        actor=focal, indicator=indicator, date=datetime.date(2025, 6, 30), value="95"
    )
    comment = Comment.objects.create(
        recommendation=rec,
        body="Two rural clinics closed last year.",
        author=cso,
        is_internal=False,
        moderation="published",
    )
    return {"rec": rec, "indicator": indicator, "comment": comment}


@pytest.fixture
def dimensions():
    """The dimensions the migration seeds (a browser test's database is emptied between
    tests, data migrations included)."""
    from django.apps import apps

    seed = importlib.import_module("recommendations.migrations.0031_disaggregation_dimensions")
    seed.seed(apps, None)


def test_disaggregated_value_entered_published_and_shown(
    live_server, page, screenshot, world, dimensions
):
    base = live_server.url
    indicator, rec = world["indicator"], world["rec"]
    log_in(page, base, "focal.health")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/workspace/indicators/{indicator.pk}/")
    page.click("#grid-link")
    page.fill("#id_date", "2025-06-30")
    page.select_option("#id_rows", "sex")
    page.select_option("#id_columns", "residence")
    page.click("#grid-pick button[type=submit]")
    page.wait_for_load_state()
    # Rows female, male, total; columns urban, rural, total.
    page.fill("#id_cell_0_0", "88")
    page.fill("#id_cell_0_1", "130")
    page.fill("#id_cell_1_0", "90")
    page.fill("#id_cell_1_1", "abc")
    # The grid scrolls inside its box; the page itself does not get wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#grid-form button[type=submit]")
    page.wait_for_load_state()
    assert "male × rural" in page.locator("#grid-errors").inner_text()
    assert page.input_value("#id_cell_0_1") == "130"  # what was typed comes back
    page.fill("#id_cell_1_1", "120")
    page.click("#grid-form button[type=submit]")
    page.wait_for_load_state()
    table = page.locator("[data-indicator-values]")
    assert "Sex: female · Urban or rural: rural" in table.inner_text()
    assert page.locator("[data-breakdown] svg rect").count() == 4
    assert page.locator("#publication form").count() == 0  # the focal point cannot publish
    screenshot("issue20-grid-phone")

    log_in(page, base, "secretariat")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/workspace/indicators/{indicator.pk}/")
    page.click("#publication button:has-text('Publish')")
    page.wait_for_load_state()
    assert "Published" in page.locator("#publication").inner_text()

    page.context.clear_cookies()
    page.goto(f"{base}/recommendations/{rec.pk}/")
    section = page.locator("#indicators")
    text = section.inner_text()
    assert "Maternal mortality ratio" in text
    assert "95 per 100,000" in text
    breakdown = section.locator("[data-breakdown-table]").inner_text()
    assert "rural" in breakdown
    assert "130" in breakdown
    chart = section.locator("[data-breakdown] svg[role=img]")
    assert chart.locator("rect").count() == 4
    assert "Maternal mortality ratio" in chart.locator("title").first.text_content()
    screenshot("issue20-indicator-portal")

    # In Arabic the grid reads from the right and still scrolls within its box.
    log_in(page, base, "focal.health")
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": base}])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(
        f"{base}/workspace/indicators/{indicator.pk}/grid/"
        "?date=2025-06-30&rows=sex&columns=residence"
    )
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.input_value("#id_cell_0_1") == "130"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("issue20-grid-arabic")


def test_cso_comment_answered_by_the_focal_point(live_server, page, screenshot, world):
    base = live_server.url
    rec = world["rec"]
    log_in(page, base, "focal.health")
    page.goto(f"{base}/workspace/follow-up/{rec.pk}/")
    page.click("#dialogue-link")
    item = page.locator(f"[data-dialogue='comment:{world['comment'].pk}']")
    item.locator("textarea").fill("Both clinics reopen in May with new staff.")
    item.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Awaiting moderation" in page.content()
    page.goto(f"{base}/recommendations/{rec.pk}/")
    assert "Both clinics reopen" not in page.content()

    log_in(page, base, "secretariat")
    page.goto(f"{base}/workspace/publishing/")
    reply = Reply.objects.get()
    page.locator(f"[data-reply='{reply.pk}'] button:has-text('Publish')").click()
    page.wait_for_load_state()

    page.context.clear_cookies()
    page.goto(f"{base}/recommendations/{rec.pk}/")
    answer = page.locator(f"[data-reply='{reply.pk}']")
    assert "Both clinics reopen in May" in answer.inner_text()
    assert "Ministry of Health" in answer.inner_text()
    screenshot("issue20-dialogue-portal")


def test_parliament_view_in_french(live_server, page, screenshot, world):
    base = live_server.url
    committee = InstitutionFactory(
        name="Commission des droits de l'homme", kind=Institution.Kind.PARLIAMENT
    )
    make_user(Profile.Role.VIEWER, institution=committee, username="clerk")
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": base}])
    log_in(page, base, "clerk")
    page.goto(f"{base}/workspace/recommendations/parliament/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#results [data-recommendation]").count() == 2
    # "Has budget implications": yes (Oui), through htmx.
    page.locator("[data-facet='budget_implications'] input[value='true']").check()
    expect(page.locator("#results [data-recommendation]")).to_have_count(1)
    row = page.locator("#results [data-recommendation]")
    assert "Reduce maternal mortality" in row.inner_text()
    assert "Ministry of Health" in row.inner_text()
    assert "budget_implications=true" in page.url
    screenshot("issue20-parliament-fr")
