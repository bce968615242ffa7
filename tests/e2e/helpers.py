"""Steps the browser tests share."""

PASSWORD = "a-good-long-password"  # set by tests.factories.UserFactory


def log_in(page, base: str, username: str) -> None:
    """Log in as ``username`` (logging out whoever was in)."""
    page.context.clear_cookies(name="sessionid")
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
