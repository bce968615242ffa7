"""A national action plan open for public comment, in a browser, from opening to the
published replies: the secretariat opens the plan from its page (an internal item left
out), a member of the public comments on an item, the secretariat publishes the comment
from the queue, replies, closes and publishes the replies, which the public page shows."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mechanisms.models import Profile
from recommendations.models import ActionPlan, ActionPlanItem
from tests.e2e.helpers import log_in, open_public_consultation, publish_comment_and_reply
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TITLE = "Action plan: public comment"


@pytest.fixture
def plan():
    make_user(Profile.Role.SECRETARIAT_ADMIN, username="secretariat")
    plan = ActionPlan.objects.create(
        title="Human rights action plan 2027-2030",
        description="Four years of commitments.",
        is_published=True,
    )
    ActionPlanItem.objects.create(
        plan=plan, code="1.1", title="Shelters in every province", is_published=True
    )
    ActionPlanItem.objects.create(plan=plan, code="1.2", title="Internal item not opened")
    return plan


def test_plan_consultation_from_opening_to_published_replies(live_server, page, screenshot, plan):
    base = live_server.url
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()

    log_in(page, base, "secretariat")
    page.goto(f"{base}/workspace/plans/{plan.pk}/")
    page.get_by_role("link", name="Open for public comment").click()
    page.fill("#id_title", TITLE)
    page.fill("#id_deadline", deadline)
    # Offered checked: the plan as a whole and its published item, not the internal one.
    expect(page.get_by_label("1.1 Shelters in every province")).to_be_checked()
    expect(page.get_by_label("1.2 Internal item not opened")).not_to_be_checked()
    page.get_by_role("button", name="Open for public comment").click()
    expect(page.locator("h1")).to_have_text(TITLE)

    open_public_consultation(page, base, TITLE)
    expect(page.get_by_text("Four years of commitments.")).to_be_visible()
    expect(page.get_by_text("Internal item not opened")).to_have_count(0)
    page.select_option("#id_section", label="1.1 Shelters in every province")
    page.fill("#id_name", "Amina Diallo")
    page.fill("#id_email", "amina@example.org")
    page.fill("#id_body", "Start with the northern provinces.")
    screenshot("plan-consultation-form")
    page.click("#comment button[type=submit]")
    expect(page.get_by_text("The secretariat will review your comment")).to_be_visible()

    publish_comment_and_reply(
        page,
        base,
        TITLE,
        comment_text="1.1 Shelters in every province",
        reply="The northern provinces come first in 2027.",
    )

    open_public_consultation(page, base, TITLE)
    section = page.locator("section", has_text="1.1 Shelters in every province")
    expect(section.locator(".public-comment")).to_contain_text("Start with the northern")
    expect(section.locator(".public-reply")).to_contain_text("come first in 2027")
    expect(page.locator(".public-comment")).not_to_contain_text("amina@example.org")
    screenshot("plan-consultation-replies")
