import pytest

from mechanisms.models import Profile
from tests.factories import InstitutionFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_history_tab_shows_who_changed_which_field(live_server, page, screenshot):
    make_user(Profile.Role.SECRETARIAT_ADMIN, username="samira", first_name="Samira")
    institution = InstitutionFactory(name="Ministry of Health", acronym="MoH")

    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "samira")
    page.fill("#id_password", "a-good-long-password")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/workspace/reports/dashboard/")  # her landing page

    page.goto(f"{live_server.url}/workspace/institutions/{institution.pk}/")
    page.click("a:has-text('Edit')")
    page.wait_for_selector("#id_acronym")
    page.fill("#id_acronym", "MINSA")
    page.click("main button[type=submit]")
    page.wait_for_selector("#acronym:has-text('MINSA')")

    page.click("#history-tab")
    row = page.locator(
        "tr.history-change", has=page.locator("td.history-field", has_text="acronym")
    )
    row.first.wait_for()
    assert row.first.locator("td.history-old").inner_text() == "MoH"
    assert row.first.locator("td.history-new").inner_text() == "MINSA"
    assert "Samira" in page.locator("#history tbody tr").first.inner_text()
    screenshot("institution-history")
