import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_switching_to_arabic_turns_the_page_right_to_left(live_server, page, screenshot):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.select_option("#language-select", "ar")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    assert page.locator("html").get_attribute("lang") == "ar"
    direction = page.evaluate("getComputedStyle(document.body).direction")
    assert direction == "rtl"
    stylesheets = page.evaluate("Array.from(document.styleSheets).map(s => s.href || '').join(' ')")
    assert "bootstrap.rtl.min.css" in stylesheets
    screenshot("home-arabic")
