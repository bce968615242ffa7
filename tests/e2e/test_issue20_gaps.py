"""Issue 20's smaller gaps in a browser: the secretariat records a change of response
(noted at the review, accepted at mid-term) with its justification; the public page shows
the history, the justification and the public evidence, also on a phone and in Arabic."""

import datetime

import pytest
from playwright.sync_api import expect

from mechanisms.models import Profile
from recommendations.models import Assignment, ProgressUpdate, ResponseEntry
from tests.e2e.helpers import log_in
from tests.factories import InstitutionFactory, RecommendationFactory, make_user, pdf_evidence

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def noted():
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MoJ")
    focal = make_user(Profile.Role.FOCAL_POINT, institution=justice, username="focal.justice")
    make_user(Profile.Role.SECRETARIAT_STAFF, username="secretariat")
    rec = RecommendationFactory(
        paragraph="118.3",
        text="Establish a national preventive mechanism under OP-CAT",
        response="noted",
        response_justification="Under study by the Ministry of Justice.",
    )
    ResponseEntry.objects.create(
        recommendation=rec,
        stage="adoption",
        date=datetime.date(2024, 5, 10),
        value="noted",
        source="UPR Info",
    )
    Assignment.objects.create(recommendation=rec, institution=justice, role="lead")
    update = ProgressUpdate.objects.create(
        recommendation=rec,
        institution=justice,
        status="in_progress",
        narrative="The bill creating the mechanism passed its first reading.",
        date=datetime.date(2025, 11, 1),
        state="accepted",
        author=focal,
        is_published=True,
    )
    for name, internal in [("bill-first-reading.pdf", False), ("internal-memo.pdf", True)]:
        pdf_evidence(name, progress_update=update, is_internal=internal, uploaded_by=focal)
    return rec


def test_a_change_of_response_recorded_and_shown_publicly(
    live_server, page, browser, screenshot, noted
):
    base = live_server.url
    log_in(page, base, "secretariat")
    page.goto(f"{base}/workspace/recommendations/{noted.pk}/")
    page.click("text=Record a change of response")
    page.select_option("#id_stage", "midterm")
    page.fill("#id_date", "2026-03-02")
    page.select_option("#id_value", "supported")
    page.click("#response-change-form button[type=submit]")
    # Without a justification nothing is saved and the choices stay.
    expect(page.locator("#response-change-form .text-danger")).to_be_visible()
    assert page.locator("#id_value").input_value() == "supported"
    screenshot("response-change-form-error")
    page.fill("#id_justification", "The law creating the mechanism was adopted in 2026.")
    page.click("#response-change-form button[type=submit]")
    expect(page.locator("#response-history")).to_contain_text("Mid-term")
    screenshot("response-change-detail")

    page.goto(f"{base}/recommendations/{noted.pk}/")
    history = page.locator("#response-history")
    expect(history).to_contain_text("The law creating the mechanism was adopted in 2026.")
    expect(page.locator("#response-justification")).to_contain_text("adopted in 2026")
    expect(page.locator("a", has_text="bill-first-reading.pdf")).to_be_visible()
    assert page.locator("a", has_text="internal-memo.pdf").count() == 0
    screenshot("response-change-portal")

    phone = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    mobile = phone.new_page()
    mobile.goto(f"{base}/recommendations/{noted.pk}/")
    expect(mobile.locator("#response-history")).to_contain_text("Mid-term")
    # The history table scrolls inside its box; the page itself does not overflow.
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    mobile.screenshot(
        path=str(screenshot("_unused").parent / "response-change-390.png"), full_page=True
    )
    phone.close()

    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": base}])
    page.goto(f"{base}/recommendations/{noted.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.locator("a", has_text="bill-first-reading.pdf")).to_be_visible()
    screenshot("response-change-portal-ar")


def test_classify_sets_priority_category_and_justification_then_the_portal_filters(
    live_server, page, screenshot, noted
):
    base = live_server.url
    log_in(page, base, "secretariat")
    page.goto(f"{base}/workspace/recommendations/{noted.pk}/classify/")
    page.select_option("#id_priority", "high")
    page.select_option("#id_action_category", "5")
    page.fill("#id_response_justification", "Noted: the Constitution reserves it to Parliament.")
    screenshot("classify-category-justification")
    page.click("#classify-form button[type=submit]")
    expect(page.locator("[data-field=action-category]")).to_have_text("5: specific action")
    page.goto(f"{base}/recommendations/?action_category=5")
    expect(page.locator("#results")).to_contain_text("Establish a national preventive mechanism")
    expect(page.locator("[data-facet='action_category']")).to_contain_text("5: specific action")
    screenshot("portal-action-category-facet")
    page.goto(f"{base}/recommendations/{noted.pk}/")
    expect(page.locator("#response-justification")).to_contain_text("Why the State noted it")
