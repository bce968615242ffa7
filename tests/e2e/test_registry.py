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
    cluster = ClusterFactory(name="Gender equality")

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
    page.select_option("#id_themes", [str(f13.pk), str(d25.pk)])
    page.select_option("#id_clusters", [str(cluster.pk)])
    page.select_option("#id_priority", "high")
    page.check("#id_needs_parliament")
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Classification saved.")
    assert "Prohibition of torture" in page.inner_text("#classification")
    assert "Gender equality" in page.inner_text("#classification")

    women = Recommendation.objects.get(pk=women.pk)
    assert women.priority == "high"
    assert women.needs_parliament
    assert set(women.themes.values_list("code", flat=True)) == {"F13", "D25"}
    assert women.version == 2
