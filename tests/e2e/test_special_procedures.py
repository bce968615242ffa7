"""The secretariat records a communication in the browser, sees it in the list and the
calendar (an overdue one stands out), and the screens hold on a phone and in Arabic."""

import datetime

import pytest

from recommendations.special.services import communication_create, visit_create
from tests.e2e.helpers import log_in
from tests.factories import StateFactory, health_rapporteur

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TODAY = datetime.date.today()


def _no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )


def test_record_a_communication_and_see_it_in_the_calendar(live_server, page, people, screenshot):
    staff = people["secretariat_staff"]
    mandate = health_rapporteur()
    state = StateFactory()
    communication_create(
        actor=staff,
        state=state,
        reference="UA SVN 7/2025",
        subject="Late reply (test text)",
        mandates=[mandate],
        received_on=TODAY - datetime.timedelta(days=70),
    )
    visit = visit_create(
        actor=staff,
        state=state,
        mandate=mandate,
        stage="scheduled",
        requested_on=TODAY - datetime.timedelta(days=90),
        accepted_on=TODAY - datetime.timedelta(days=60),
        start_date=TODAY + datetime.timedelta(days=10),
        end_date=TODAY + datetime.timedelta(days=19),
    )
    base = live_server.url
    log_in(page, base, staff.username)
    page.goto(base + "/workspace/special-procedures/communications/new/")
    page.select_option("#id_state", str(state.pk))
    page.fill("#id_reference", "AL SVN 1/2026")
    page.select_option("#id_mandates", [str(mandate.pk)])
    page.fill("#id_subject", "Test subject")
    page.fill("#id_received_on", (TODAY - datetime.timedelta(days=5)).isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url("**/communications/*/")
    due = TODAY + datetime.timedelta(days=55)
    assert page.locator("h1").inner_text().startswith("AL SVN 1/2026")
    assert page.locator("#history").is_visible()
    screenshot("special-communication-detail")

    page.goto(base + "/workspace/special-procedures/communications/")
    assert page.locator("tr[data-overdue]").count() == 1
    assert "UA SVN 7/2025" in page.locator("tr[data-overdue]").inner_text()
    screenshot("special-communication-list")

    page.goto(base + "/workspace/reports/calendar/")
    overdue = page.locator("tr[data-overdue]", has_text="UA SVN 7/2025")
    assert overdue.count() == 1
    row = page.locator("tr", has_text="AL SVN 1/2026")
    assert row.count() == 1
    assert page.locator("tr", has_text="Visit of the Special Rapporteur").count() == 1
    assert due.strftime("%m/%d/%Y") in row.inner_text()  # the English short date format
    screenshot("special-calendar")

    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("communications/", "visits/", "communications/new/", "visits/new/"):
        page.goto(base + "/workspace/special-procedures/" + path)
        assert _no_sideways_scroll(page), path
    screenshot("special-visit-form-390")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("#language-select", "ar")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    page.goto(base + "/workspace/special-procedures/communications/")
    screenshot("special-communication-list-arabic")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _no_sideways_scroll(page)
    screenshot("special-communication-list-arabic-390")
    page.goto(base + f"/workspace/special-procedures/visits/{visit.pk}/")
    assert page.locator("#history").is_visible()
    assert _no_sideways_scroll(page)
    screenshot("special-visit-detail-arabic-390")
