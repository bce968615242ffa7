"""The national action plan in a browser: the secretariat adds an item, the responsible
institution's focal point reports its status, the secretariat reads the progress view, and
the published plan shows on the portal (also at phone width and in Arabic)."""

import datetime

import pytest
from playwright.sync_api import expect

from mechanisms.models import Profile
from recommendations.followup import plans
from tests.e2e.helpers import log_in
from tests.factories import InstitutionFactory, RecommendationFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    health = InstitutionFactory(name="Ministry of Health", acronym="MoH")
    make_user(Profile.Role.FOCAL_POINT, institution=health, username="focal.health")
    admin = make_user(Profile.Role.SECRETARIAT_ADMIN, username="secretariat")
    rec = RecommendationFactory(paragraph="115.7", text="Reduce maternal mortality")
    plan = plans.action_plan_create(
        actor=admin,
        title="National human rights action plan 2025-2029",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2029, 12, 31),
    )
    plans.action_plan_item_add(
        actor=admin,
        plan=plan,
        code="1.1",
        title="Rural maternity clinics",
        responsible_institution=health,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
        budget="300000",
        currency="USD",
        recommendations=[rec],
        is_published=True,
    )
    return {"plan": plan, "health": health, "rec": rec}


def test_item_added_status_reported_progress_and_public_page(live_server, page, screenshot, world):
    base, plan = live_server.url, world["plan"]
    log_in(page, base, "secretariat")
    page.goto(f"{base}/workspace/plans/{plan.pk}/")
    page.fill("#item-code", "1.2")
    page.fill("#item-title", "Training of midwives")
    page.select_option("#item-responsible_institution", label="Ministry of Health")
    page.fill("#item-budget", "2000")
    page.click("#add-item + form button[type=submit]")
    # No currency: the form comes back with the error and what was typed.
    expect(page.locator("#item-title")).to_have_value("Training of midwives")
    expect(page.get_by_text("Give the currency of the budget.").first).to_be_visible()
    page.fill("#item-currency", "USD")
    page.click("#add-item + form button[type=submit]")
    expect(page.get_by_text("Item added.")).to_be_visible()
    page.click("text=Publish on the portal")
    screenshot("plan-secretariat")

    log_in(page, base, "focal.health")
    page.goto(f"{base}/workspace/plans/{plan.pk}/")
    item = page.locator("li", has_text="Rural maternity clinics").first
    expect(item.get_by_text("Overdue")).to_be_visible()
    item.locator("select[name=status]").select_option("completed")
    item.get_by_role("button", name="Save status").click()
    expect(page.get_by_text("Status saved.")).to_be_visible()
    screenshot("plan-focal-point")

    log_in(page, base, "secretariat")
    page.goto(f"{base}/workspace/plans/{plan.pk}/progress/")
    totals = page.locator("#totals")
    expect(totals).to_contain_text("Completed")
    expect(page.locator("tr.table-danger")).to_have_count(0)
    expect(totals).to_contain_text("302,000.00")
    screenshot("plan-progress")

    page.context.clear_cookies()
    page.goto(f"{base}/plans/{plan.pk}/")
    expect(page.get_by_text("Rural maternity clinics")).to_be_visible()
    # The new item was not published: the portal does not show it.
    expect(page.get_by_text("Training of midwives")).to_have_count(0)
    screenshot("plan-public")
    page.set_viewport_size({"width": 390, "height": 800})
    screenshot("plan-public-390")
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": base}])
    page.goto(f"{base}/plans/{plan.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot("plan-public-ar-390")
