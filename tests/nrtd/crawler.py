"""A small crawler of the logged-in screens for the tests: follows the links (and HTMX
``hx-get`` addresses) a page shows, and records each page's choice fields."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import Resolver404, resolve

# The logged-in screens: the workspace (registry, follow-up, reports, the mechanism).
PREFIXES = ("/workspace/",)


@dataclass
class Select:
    name: str
    form_method: str  # "get" (a filter) or "post" (a form that writes)
    values: list[str] = field(default_factory=list)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.selects: list[Select] = []
        self._method = "get"
        self._select: Select | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("hx-get"):
            self.links.append(attrs["hx-get"])
        if tag == "form":
            self._method = (attrs.get("method") or "get").lower()
        elif tag == "select":
            self._select = Select(attrs.get("name") or "", self._method)
            self.selects.append(self._select)
        elif tag == "option" and self._select is not None and attrs.get("value"):
            self._select.values.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._method = "get"


@dataclass
class Crawl:
    statuses: dict[str, int] = field(default_factory=dict)
    selects: dict[str, list[Select]] = field(default_factory=dict)

    def routes(self) -> set[str]:
        found = set()
        for url in self.statuses:
            try:
                found.add(resolve(urlsplit(url).path).route)
            except Resolver404:
                continue
        return found


def crawl(client, start: list[str], *, per_route: int = 3, max_pages: int = 1500) -> Crawl:
    """Visit ``start`` and every workspace address reachable from it. Addresses of one URL
    pattern (the registry's 400 detail pages, the list under each filter) are many and
    alike: after ``per_route`` of a pattern (with and without a query string, counted
    apart), further ones are left out. The start addresses are always visited."""
    result = Crawl()
    queue = list(start)
    taken: Counter = Counter()
    while queue and len(result.statuses) < max_pages:
        url = queue.pop(0)
        if url in result.statuses:
            continue
        response = client.get(url)
        result.statuses[url] = response.status_code
        if getattr(response, "streaming", False) or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        page = _Page()
        page.feed(response.content.decode())
        result.selects[url] = page.selects
        for href in page.links:
            parts = urlsplit(urljoin(url, href.replace("&amp;", "&")))
            if parts.netloc not in ("", "testserver") or not parts.path.startswith(PREFIXES):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in result.statuses or target in queue:
                continue
            try:
                route = resolve(parts.path).route
            except Resolver404:
                route = parts.path  # a broken link: visit it, the 404 is reported
            taken[route, bool(parts.query)] += 1
            if taken[route, bool(parts.query)] <= per_route:
                queue.append(target)
    return result
