"""Steps the browser tests share."""

from playwright.sync_api import expect

PASSWORD = "a-good-long-password"  # set by tests.factories.UserFactory


def log_in(page, base: str, username: str) -> None:
    """Log in as ``username`` (logging out whoever was in)."""
    page.context.clear_cookies(name="sessionid")
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


def open_public_consultation(page, base: str, title: str) -> None:
    """As a member of the public (signed out): the consultation ``title`` on the portal."""
    page.context.clear_cookies()
    page.goto(f"{base}/consultations/")
    page.get_by_role("link", name=title).click()


def publish_comment_and_reply(page, base: str, title: str, *, comment_text: str, reply: str):
    """As the secretariat: publish the comment waiting in the publishing queue (it shows
    ``comment_text``), answer it with ``reply`` in the consultation ``title``, close the
    consultation and publish the replies with the final text."""
    log_in(page, base, "secretariat")
    page.goto(f"{base}/workspace/publishing/")
    queued = page.locator("[data-public-comment]")
    expect(queued).to_contain_text(comment_text)
    queued.get_by_role("button", name="Publish").click()
    expect(page.locator("[data-public-comment]")).to_have_count(0)
    page.goto(f"{base}/workspace/reports/consultations/")
    page.get_by_role("link", name=title).click()
    comment = page.locator("article[data-public-comment]")
    expect(comment.locator("[data-moderation]")).to_have_text("Published")
    comment.locator("textarea[name=reply]").fill(reply)
    comment.get_by_role("button", name="Save the reply").click()
    page.get_by_role("button", name="Close the consultation").click()
    page.get_by_role("button", name="Publish the replies with the final text").click()
    expect(page.get_by_text("The replies are published on the portal.")).to_be_visible()
