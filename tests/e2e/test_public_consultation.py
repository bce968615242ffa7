"""A public consultation in a browser, from opening to the published replies: the
secretariat opens a draft's section for public comment, a member of the public comments,
the secretariat publishes the comment from the publishing queue, replies, closes the
consultation and publishes the replies, which the public page then shows. Screenshots at
desktop and phone widths, and in Arabic."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from mechanisms.models import Profile
from reporting.models import ReportDraft, SectionVersion
from tests.e2e.helpers import log_in, open_public_consultation, publish_comment_and_reply
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TITLE = "Fourth UPR report: public comment"


@pytest.fixture
def draft():
    make_user(Profile.Role.SECRETARIAT_ADMIN, username="secretariat")
    draft = ReportDraft.objects.create(title="Fourth UPR national report", kind="national")
    SectionVersion.objects.create(
        draft=draft, section="methodology", number=1, text="We held hearings in four regions."
    )
    SectionVersion.objects.create(
        draft=draft, section="priorities", number=1, text="Internal priorities, not yet public."
    )
    return draft


def test_public_consultation_from_opening_to_published_replies(
    live_server, page, screenshot, draft
):
    base = live_server.url
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

    # The secretariat opens the methodology section for public comment.
    log_in(page, base, "secretariat")
    page.goto(f"{base}/workspace/reports/drafts/{draft.pk}/consultations/new/")
    page.fill("#id_title", TITLE)
    page.fill("#id_deadline", deadline)
    page.check("#id_is_public")
    page.check("input[name=public_sections][value=methodology]")
    page.get_by_role("button", name="Open the consultation").click()
    expect(page.locator("h1")).to_have_text(TITLE)

    # Anyone comments on the portal.
    open_public_consultation(page, base, TITLE)
    expect(page.get_by_text("We held hearings in four regions.")).to_be_visible()
    expect(page.get_by_text("Internal priorities")).to_have_count(0)
    page.fill("#id_name", "Amina Diallo")
    page.fill("#id_organisation", "Rural Women's Network")
    page.fill("#id_email", "amina@example.org")
    page.fill("#id_body", "Name the regions and the number of participants.")
    screenshot("public-consultation-form")
    page.click("#comment button[type=submit]")
    expect(page.get_by_text("The secretariat will review your comment")).to_be_visible()
    expect(page.locator(".public-comment")).to_have_count(0)  # waits for moderation

    # The secretariat publishes it from the queue, replies, closes, publishes the replies.
    publish_comment_and_reply(
        page,
        base,
        TITLE,
        comment_text="Name the regions",
        reply="The final text names the four regions and the 212 participants.",
    )

    # The public page shows the comment, the reply, and that the consultation is closed.
    open_public_consultation(page, base, TITLE)
    notice = page.locator("#closed-notice")
    expect(notice).to_contain_text("comments are no longer accepted")
    # Closed early by the secretariat: the notice gives that day, not the deadline.
    expect(notice).to_contain_text(date_format(timezone.localdate()))
    expect(page.locator(".public-comment")).to_contain_text("Amina Diallo")
    expect(page.locator(".public-comment")).not_to_contain_text("amina@example.org")
    expect(page.locator(".public-reply")).to_contain_text("212 participants")
    expect(page.locator("#id_body")).to_have_count(0)
    screenshot("public-consultation-replies")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("public-consultation-replies-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.select_option("#language-select", "ar")
    page.wait_for_function("document.documentElement.dir === 'rtl'")
    expect(page.locator(".public-reply")).to_contain_text("212 participants")
    screenshot("public-consultation-replies-arabic")
