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


def test_an_arabic_page_names_states_themes_and_groups_in_arabic(
    live_server, page, screenshot, reference_data
):
    """Issue 20: reference names in the reader's language, isolated so that the punctuation
    between them stays on the right side of a right-to-left line."""
    from recommendations.models import AffectedGroup, State, Theme
    from tests.factories import RecommendationFactory

    theme = Theme.objects.get(code="D26")
    group = AffectedGroup.objects.get(code="women")
    rec = RecommendationFactory(is_published=True)
    rec.themes.add(theme)
    rec.groups.add(group)
    rec.recommending_states.add(*State.objects.filter(iso3__in=["MEX", "CHL"]))
    page.goto(live_server.url + "/")
    page.select_option("#language-select", "ar")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    page.goto(f"{live_server.url}/recommendations/{rec.pk}/")
    body = page.locator("main")
    assert "المكسيك" in body.inner_text()  # Mexico, from the CLDR
    assert theme.name_translations["ar"] in body.inner_text()
    assert group.name_translations["ar"] in body.inner_text()
    # Each name is its own bidi island: its direction never captures the separators.
    isolated = page.locator("main bdi").all_inner_texts()
    assert "المكسيك" in isolated
    assert group.name_translations["ar"] in isolated
    screenshot("recommendation-arabic-names")
