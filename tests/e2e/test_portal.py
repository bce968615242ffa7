"""The public portal in a browser: facets with htmx, a recommendation, the CSV download,
right-to-left Arabic, accessibility (axe-core) and page weight.

Page weight is measured as what a browser downloads for the page: the HTML and every
stylesheet and script it loads (Playwright's response events), each compressed with gzip
(level 6, as Django's GZipMiddleware serves the page and WhiteNoise the static files; the
test checks the page did come compressed), summed. Bootstrap's CSS alone is about
230 KB raw and 31 KB gzipped.
"""

import csv
import gzip
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT
from tests.portal.conftest import portal_data  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BUDGET = 300 * 1024


def _count(page) -> str:
    return page.locator("#result-count").inner_text().strip()


def _facet_count(page, facet: str, value: str) -> str:
    return page.locator(f"label[for='f-{facet}-{value}'] [data-count]").text_content()


def _choose(page, facet: str, value: str) -> None:
    """Open the facet's panel if it is closed, then tick the value."""
    panel = page.locator(f"details[data-facet='{facet}']")
    if panel.get_attribute("open") is None:
        panel.locator("summary").first.click()
    page.locator(f"#f-{facet}-{value}").check()


def _filter_and_download(page, live_server, portal_data, screenshot, name):  # noqa: F811
    page.goto(live_server.url + "/recommendations/")
    assert _count(page).startswith("3")
    assert _facet_count(page, "body", "upr") == "2"
    assert _facet_count(page, "response", "supported") == "2"

    _choose(page, "sdg_goal", "16")
    page.wait_for_url("**/recommendations/?*sdg_goal=16*")
    page.wait_for_function(
        "document.querySelector('#result-count').innerText.trim().startsWith('2')"
    )
    assert _facet_count(page, "response", "supported") == "2"
    assert page.locator("#f-body-cedaw").count() == 0  # no CEDAW recommendation has SDG 16

    _choose(page, "body", "upr")
    page.wait_for_url("**body=UPR*")
    assert "sdg_goal=16" in page.url
    assert _count(page).startswith("2")
    _choose(page, "cycle", "3")
    page.wait_for_url("**cycle=3*")
    page.wait_for_function(
        "document.querySelector('#result-count').innerText.trim().startsWith('1')"
    )
    assert page.locator("#f-sdg_goal-16").is_checked()

    # The URL holds the whole state: reloading shows the same result, back undoes a choice.
    page.reload()
    assert _count(page).startswith("1")
    assert page.locator("#f-cycle-3").is_checked()
    page.go_back()
    page.wait_for_function(
        "document.querySelector('#result-count').innerText.trim().startsWith('2')"
    )
    screenshot(f"portal-search-{name}")

    with page.expect_download() as download_info:
        page.locator("#downloads a[data-format='csv']").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert {r["id"] for r in rows} == {str(portal_data.torture.pk), str(portal_data.older.pk)}

    page.locator("#results a", has_text="Prevent torture").click()
    page.wait_for_url(f"**/recommendations/{portal_data.torture.pk}/")
    assert "A new inspection unit" in page.content()
    screenshot(f"portal-recommendation-{name}")


def test_filter_by_sdg_goal_and_body_then_open_and_download(
    live_server,
    page,
    portal_data,  # noqa: F811
    screenshot,
):
    _filter_and_download(page, live_server, portal_data, screenshot, "en")


def test_the_same_in_arabic_is_right_to_left(live_server, page, portal_data, screenshot):  # noqa: F811
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page.goto(live_server.url + "/recommendations/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    hrefs = page.evaluate("Array.from(document.styleSheets).map(s => s.href || '').join(' ')")
    assert "bootstrap.rtl.min.css" in hrefs
    # The facet column sits on the right in right-to-left layout.
    facets = page.locator("#portal-filters").bounding_box()
    results = page.locator("#results").bounding_box()
    assert facets["x"] > results["x"]
    assert "السلام والعدل" in page.locator("[data-facet='sdg_goal']").text_content()
    _filter_and_download(page, live_server, portal_data, screenshot, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_on_a_phone_the_results_come_before_the_folded_filters(
    live_server,
    browser,
    portal_data,  # noqa: F811
):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/recommendations/")
        panels = page.locator("#facet-panels")
        assert panels.get_attribute("open") is None  # folded by search.js
        assert page.locator("#result-count").is_visible()
        assert page.locator("#result-count").bounding_box()["y"] < 844  # on the first screen
        assert not page.locator("#f-sdg_goal-16").is_visible()
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "portal-search-phone.png"))

        panels.locator("> summary").click()
        assert panels.get_attribute("open") is not None
        _choose(page, "sdg_goal", "16")
        page.wait_for_url("**sdg_goal=16*")
        page.wait_for_function(
            "document.querySelector('#result-count').innerText.trim().startsWith('2')"
        )
        # The choice replaced the block; the filters stay open as the visitor left them.
        assert page.locator("#facet-panels").get_attribute("open") is not None
        assert page.locator("#facet-panels > summary").inner_text() == "Filters (1 chosen)"

        page.locator("#facet-panels > summary").click()
        page.locator("#id_sort").select_option("newest")
        page.wait_for_url("**sort=newest*")
        page.wait_for_function("!document.querySelector('#facet-panels').open")
        assert page.locator("#f-sdg_goal-16").is_checked()
    finally:
        context.close()


def test_no_public_page_scrolls_sideways_on_a_phone(
    live_server,
    browser,
    portal_data,  # noqa: F811
):
    from recommendations.models import ResponseEntry

    # The longest cells real data puts in the response history: document symbols.
    ResponseEntry.objects.create(
        recommendation=portal_data.torture,
        stage=ResponseEntry.Stage.ADOPTION,
        value="supported",
        label="Supported and considered already implemented",
        source="A/HRC/28/15/Add.1/Corr.1 (addendum, views on conclusions)",
    )
    p = portal_data
    paths = [
        "/",
        "/recommendations/",
        "/recommendations/?search=torture&sdg_goal=16",
        f"/recommendations/{p.torture.pk}/",
        f"/institutions/{p.justice.pk}/",
        "/sdg/16/",
        "/themes/D2/",
        "/data/",
    ]
    for language in ("en", "ar"):
        context = browser.new_context(locale="en-GB", viewport={"width": 360, "height": 740})
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        try:
            for path in paths:
                page.goto(live_server.url + path)
                page.wait_for_load_state("load")
                wide = page.evaluate("document.documentElement.scrollWidth")
                assert wide <= 360, (language, path, wide)
        finally:
            context.close()


def test_on_a_wide_screen_the_filters_stay_open_without_a_toggle(
    live_server,
    page,
    portal_data,  # noqa: F811
):
    page.goto(live_server.url + "/recommendations/")
    assert page.locator("#facet-panels").get_attribute("open") is not None
    assert not page.locator("#facet-panels > summary").is_visible()
    assert page.locator("#f-sdg_goal-16").is_visible()


def _axe(page) -> list[dict]:
    # Evaluated from the test, not added as an inline <script>: the site's
    # Content-Security-Policy refuses inline scripts, as it should.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_serious_or_critical_accessibility_violation(
    live_server,
    page,
    portal_data,  # noqa: F811
    language,
):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for path in [
        "/",
        "/recommendations/?sdg_goal=16",
        f"/recommendations/{portal_data.torture.pk}/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert _axe(page) == [], path


def test_pages_weigh_under_300_kb_transferred(live_server, page, portal_data):  # noqa: F811
    for path in ["/", "/recommendations/", f"/recommendations/{portal_data.torture.pk}/"]:
        loaded = []

        encodings = []

        def record(response, loaded=loaded, encodings=encodings):
            if response.request.resource_type in ("document", "stylesheet", "script"):
                loaded.append((response.url, response.body()))
            if response.request.resource_type == "document":
                encodings.append(response.header_value("content-encoding"))

        page.on("response", record)
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        page.remove_listener("response", record)
        raw = sum(len(body) for _url, body in loaded)
        compressed = sum(len(gzip.compress(body, compresslevel=6)) for _url, body in loaded)
        print(
            f"{path}: {len(loaded)} files, {raw / 1024:.0f} KB raw, {compressed / 1024:.0f} KB gzip"
        )
        assert any(url.endswith(".css") for url, _b in loaded)
        assert compressed < BUDGET, (path, compressed)
        assert encodings == ["gzip"], path  # the page itself is served compressed


def test_a_long_facet_shows_the_rest_on_demand_and_a_choice_there_filters(
    live_server, page, screenshot
):
    """The "N more" link of a long facet swaps the whole list in (HTMX) without leaving the
    page; a value chosen from it filters the results like any other."""
    from recommendations.portal.views import FACETS_SHOWN
    from tests.factories import RecommendationFactory, StateFactory

    letters = "ABCDEFGHI"
    for letter in letters:
        state = StateFactory(iso2=f"Q{letter}", iso3=f"QQ{letter}", name=f"State {letter}")
        RecommendationFactory(is_published=True).recommending_states.add(state)
    page.goto(live_server.url + "/recommendations/")
    facet = page.locator("[data-facet='recommending_state']")
    if facet.get_attribute("open") is None:
        facet.locator("summary").first.click()
    boxes = facet.locator("input[name='recommending_state']")
    expect(boxes).to_have_count(FACETS_SHOWN)
    url = page.url
    facet.get_by_role("link", name=f"{len(letters) - FACETS_SHOWN} more").click()
    expect(boxes).to_have_count(len(letters))
    assert page.url == url  # the list came in place; the page did not change
    screenshot("portal-facet-all-values")
    facet.locator("input[value='QQI']").check()
    expect(page.locator("#result-count")).to_have_text("1 recommendation")
    assert "recommending_state=QQI" in page.url
