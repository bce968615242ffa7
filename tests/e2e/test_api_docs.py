"""The API's Swagger UI under the site's Content-Security-Policy, in a real browser: it is
served from this site's static files (no CDN), its script is a file, its style block carries
the request's nonce, and the browser reports no CSP violation (issue 19)."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_schema_with_no_csp_violation(live_server, page, screenshot):
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    response = page.goto(live_server.url + "/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert page.locator(".swagger-ui .opblock").count() > 20
    screenshot("api-docs")
    assert problems == []
    assert foreign == []
