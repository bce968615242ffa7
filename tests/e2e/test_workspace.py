"""The focal point's update flow in a browser, in English and in Arabic (right to left, on a
phone-sized screen): status with narrative and evidence, an activity serving two
recommendations, then the secretariat accepts the update from the round tracker."""

import datetime

import pytest

from mechanisms.models import Profile
from recommendations.followup import rounds
from recommendations.models import Activity, Assignment, ProgressUpdate, RoundTask
from tests.e2e.helpers import log_in
from tests.factories import InstitutionFactory, RecommendationFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    health = InstitutionFactory(name="Ministry of Health", acronym="MoH")
    make_user(Profile.Role.FOCAL_POINT, institution=health, username="focal.health")
    secretariat = make_user(Profile.Role.SECRETARIAT_ADMIN, username="secretariat")
    recs = [
        RecommendationFactory(paragraph="115.1", text="Ensure universal access to health care"),
        RecommendationFactory(paragraph="115.2", text="Reduce maternal mortality"),
    ]
    for rec in recs:
        Assignment.objects.create(recommendation=rec, institution=health, role="lead")
    update_round = rounds.round_open(
        actor=secretariat,
        name="Mid-term updates",
        deadline=datetime.date.today() + datetime.timedelta(days=14),
    )
    return {"health": health, "recs": recs, "round": update_round}


def _fits_the_phone(page) -> None:
    """Nothing widens the page past the screen, and no long key or link is cut off."""
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    clipped = page.evaluate(
        "Array.from(document.querySelectorAll('main p, main td, main th'))"
        ".filter(e => e.scrollWidth > e.clientWidth + 1"
        " && getComputedStyle(e).overflowX === 'visible')"
        ".map(e => e.textContent.trim().slice(0, 60))"
    )
    assert clipped == [], (page.url, clipped)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_focal_point_updates_and_secretariat_accepts(
    live_server, page, screenshot, world, language
):
    base = live_server.url
    first, second = world["recs"]
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    if language == "ar":
        page.set_viewport_size({"width": 390, "height": 844})

    log_in(page, base, "focal.health")
    page.goto(f"{base}/workspace/my-work/")
    page.click(f"#rec-{first.pk} a[href$='/follow-up/{first.pk}/']")
    expected_dir = "rtl" if language == "ar" else "ltr"
    assert page.locator("html").get_attribute("dir") == expected_dir

    # Status with a narrative and an evidence file, through htmx.
    page.select_option("#id_status", "in_progress")
    page.fill("#id_narrative", "Forty district clinics opened; recruitment of nurses is slow.")
    page.set_input_files(
        "#id_evidence", {"name": "clinics.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.click("#progress button[name=action][value=submit]")
    page.locator("#status-history").get_by_text("Forty district clinics").wait_for()
    page.locator("#status-history a", has_text="clinics.pdf").wait_for()
    update = ProgressUpdate.objects.get()
    assert update.state == ProgressUpdate.State.SUBMITTED
    assert update.evidence.get().content_type == "application/pdf"

    # An activity serving both recommendations, added without leaving the page.
    page.click("#activities summary")
    page.fill("#activity-title", "Training of nurses on patients' rights")
    page.fill("#activity-description", "Two-day training in 12 regions.")
    page.fill("#activity-start_date", datetime.date.today().isoformat())
    page.select_option("#activity-recommendations", [str(first.pk), str(second.pk)])
    page.click("#activities form button[type=submit]")
    page.locator("#activity-list").get_by_text("Training of nurses").wait_for()
    if language == "ar":
        _fits_the_phone(page)
    activity = Activity.objects.get()
    assert set(activity.recommendations.all()) == {first, second}
    screenshot(f"workspace-follow-up-{language}")

    # The secretariat sees it in the round tracker and accepts it.
    log_in(page, base, "secretariat")
    page.goto(f"{base}/workspace/rounds/{world['round'].pk}/")
    row = page.locator(f"#tracker-{world['health'].pk}")
    assert row.locator(".submitted").inner_text().strip() == "1"
    task = RoundTask.objects.get(update=update)
    page.click(f"#task-{task.pk} button[value=accept]")
    page.wait_for_load_state()
    assert page.locator(f"#tracker-{world['health'].pk} .accepted").inner_text().strip() == "1"
    assert page.locator("html").get_attribute("dir") == expected_dir
    if language == "ar":
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        _fits_the_phone(page)
    screenshot(f"workspace-tracker-{language}")
    if language == "ar":
        # The two-factor key and link are long Latin strings in a right-to-left page.
        page.goto(f"{base}/workspace/account/two-factor/")
        page.locator("#totp-secret").wait_for()
        _fits_the_phone(page)
    first.refresh_from_db()
    assert first.status == "in_progress"
