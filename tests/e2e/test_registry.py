"""The secretariat narrows the registry by a theme and classifies a recommendation."""

import pytest

from mechanisms.models import Profile
from recommendations.models import Recommendation, Theme
from tests.factories import ClusterFactory, RecommendationFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretariat_filters_by_theme_and_classifies(live_server, page, screenshot):
    from django.core.cache import cache

    cache.clear()
    make_user(Profile.Role.SECRETARIAT_ADMIN, username="sec")
    f13 = Theme.objects.create(code="F13", name="Violence against women")
    d25 = Theme.objects.create(code="D25", name="Prohibition of torture")
    women = RecommendationFactory(text="Combat violence against women and girls")
    women.themes.set([f13])
    torture = RecommendationFactory(text="Prevent torture in places of detention")
    torture.themes.set([d25])
    ClusterFactory(name="Gender equality")

    page.goto(live_server.url + "/workspace/recommendations/")
    page.fill("#id_username", "sec")
    page.fill("#id_password", "a-good-long-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/workspace/recommendations/")
    assert page.locator("#results .list-group-item").count() == 2

    # Ticking a theme refreshes the list in place (htmx) and puts the filter in the URL.
    page.check("#f-theme-f13")
    page.wait_for_url("**theme=F13**")
    page.wait_for_function("document.querySelectorAll('#results .list-group-item').length === 1")
    assert "Combat violence against women" in page.inner_text("#results")
    assert "Prevent torture" not in page.inner_text("#results")
    screenshot("registry-filtered-by-theme")

    page.click("text=Combat violence against women and girls")
    page.click("text=Edit classification")
    # Searchable multi-selects with chips: the current theme is a chip; typing finds
    # another, a plain click (Enter) adds it without losing the first.
    themes = page.locator("#id_themes-ts-control >> xpath=..")
    assert "F13" in themes.inner_text()
    themes.click()
    page.keyboard.type("torture")
    # Enter before the option shows would submit the form (as it should, with no option).
    page.wait_for_selector("#id_themes-ts-dropdown .option.active")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.locator("#id_clusters-ts-control").focus()
    page.keyboard.type("Gender")
    page.wait_for_selector("#id_clusters-ts-dropdown .option.active")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    chips = page.locator(".ts-wrapper .item")
    assert chips.count() == 3  # F13, D25, the cluster
    assert page.locator("#ctrl-hint").is_hidden()
    page.select_option("#id_priority", "high")
    # Leaving a chips list does not move the form under the pointer.
    heights = "() => [...document.querySelectorAll('.ts-wrapper')].map(w => w.offsetHeight)"
    before = page.evaluate(heights)
    page.mouse.click(5, 300)
    assert page.evaluate(heights) == before
    page.check("#id_needs_parliament")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Classification saved.")
    page.click("text=Edit classification")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("classify-chips-390")
    page.go_back()
    assert "Prohibition of torture" in page.inner_text("#classification")
    assert "Gender equality" in page.inner_text("#classification")

    women = Recommendation.objects.get(pk=women.pk)
    assert women.priority == "high"
    assert women.needs_parliament
    assert set(women.themes.values_list("code", flat=True)) == {"F13", "D25"}
    assert women.version == 2
