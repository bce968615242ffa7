"""Content-Security-Policy (django-csp): no inline script, no inline event handler (issue
19, item 6)."""

import re
from html.parser import HTMLParser

import pytest

from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


class _Inline(HTMLParser):
    """Inline scripts (a <script> without src that is not JSON data) and on* attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") != "application/json":
            self.found.append("<script>")
        self.found += [name for name in attrs if name.startswith("on")]


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_send_a_policy_without_inline_scripts(client):
    directives = _directives(client.get("/"))
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["style-src"]


def test_no_page_has_an_inline_script_or_event_handler(client, people):
    rec = RecommendationFactory()
    pages = ["/", "/recommendations/", f"/recommendations/{rec.pk}/", "/data/", "/accounts/login/"]
    workspace = [
        "/workspace/my-work/",
        "/workspace/recommendations/",
        f"/workspace/follow-up/{rec.pk}/",
    ]
    found = {}
    for user, urls in ((None, pages), (people["secretariat_admin"], pages + workspace)):
        if user:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            parser = _Inline()
            parser.feed(response.content.decode())
            if parser.found:
                found[url] = parser.found
    assert found == {}


def test_api_docs_load_their_script_from_a_url(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    parser = _Inline()
    parser.feed(html)
    assert parser.found == []
    nonce = re.search(r'<style nonce="([^"]+)"', html).group(1)
    assert f"'nonce-{nonce}'" in _directives(page)["style-src"]
    script = re.search(r'<script src="([^"]*script[^"]*)"', html).group(1).replace("&amp;", "&")
    response = client.get(script)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
