"""Only what is published is public: crawl every public page and download, starting from
the home page, and look for the marker strings of internal records."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from recommendations.models import Evidence
from tests.portal.conftest import MARKERS

pytestmark = pytest.mark.django_db

# Internal or account screens: not part of the public portal.
NOT_PUBLIC = ("/workspace/", "/admin/", "/accounts/", "/i18n/", "/static/", "/api/")
MAX_PAGES = 500


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if (
            tag == "form"
            and (attrs.get("method") or "get").lower() == "get"
            and attrs.get("action")
        ):
            self.links.append(attrs["action"])


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _crawl(client, start_urls):
    seen, queue, visited = set(), list(start_urls), {}
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        body = _body(response)
        visited[url] = body
        if response.get("Content-Type", "").startswith("text/html"):
            parser = _Links()
            parser.feed(body.decode())
            for href in parser.links:
                target = urljoin(url, href.replace("&amp;", "&"))
                parts = urlsplit(target)
                if parts.netloc not in ("", "testserver"):
                    continue
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                if not parts.path.startswith(NOT_PUBLIC) and path not in seen:
                    queue.append(path)
    return visited


def _leaks(visited) -> list[tuple[str, str]]:
    leaks = []
    for url, body in visited.items():
        text = body.decode("utf-8", "replace") if not url.endswith(".xlsx") else _xlsx_text(body)
        for name, marker in MARKERS.items():
            if re.search(re.escape(marker), text, re.IGNORECASE):
                leaks.append((url, name))
    return leaks


def _xlsx_text(body: bytes) -> str:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body), read_only=True).active
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_no_internal_value_on_any_public_page_or_download(client, portal_data):
    p = portal_data
    p.public_update_evidence = Evidence.objects.get(original_name="inspection-report.pdf")
    start = [
        "/",
        "/recommendations/?search=Abolish",
        f"/recommendations/?sdg_goal=16&theme=D25&institution={p.justice.pk}",
        "/recommendations/download.csv?search=Abolish",
        "/recommendations/download.json",
        "/recommendations/download.xlsx",
        "/recommendations/download.csv",
        f"/recommendations/{p.hidden.pk}/",
    ]
    visited = _crawl(client, start)
    # The crawl really reached every kind of public page and the downloads.
    reached = " ".join(visited)
    for expected in [
        f"/recommendations/{p.torture.pk}/",
        f"/recommendations/{p.violence.pk}/",
        f"/institutions/{p.justice.pk}/",
        "/sdg/16/",
        "/themes/D25/",
        "/data/",
        "download.csv",
        "download.xlsx",
        "download.json",
        f"/evidence/{p.public_evidence.pk}/",
        f"/evidence/{p.public_update_evidence.pk}/",
        "/indicators/download.csv",
        "/indicators/download.xlsx",
        "/plans/",
        f"/plans/{p.plan.pk}/",
        f"/clusters/{p.torture.clusters.get().pk}/",
    ]:
        assert expected in reached, expected
    assert len(visited) > 20
    # Public follow-up is there, so the markers' absence means something.
    detail = visited[f"/recommendations/{p.torture.pk}/"].decode()
    assert "A new inspection unit visited every prison" in detail
    assert "Training of prison staff" in detail
    assert "Lawyers still lack access" in detail
    assert "training-report.pdf" in detail
    assert "inspection-report.pdf" in detail  # public evidence of a published update
    assert "Shelters need funding." in detail
    assert "Justice answers: funds were voted in March." in detail
    assert "Prison occupancy rate" in detail
    assert "Capital" in detail
    assert b"Prison occupancy rate" in visited["/indicators/download.csv"]
    plan_page = visited[f"/plans/{p.plan.pk}/"].decode()
    assert "Independent inspection of places of detention" in plan_page
    assert "Training of prison staff" in plan_page
    assert "Prison occupancy rate" in plan_page
    assert f"/recommendations/{p.torture.pk}/" in plan_page
    assert _leaks(visited) == []


def test_crawl_detects_a_leak(client, portal_data):
    """The crawl's check itself works: publishing a marked record makes it fail."""
    portal_data.hidden.is_published = True
    portal_data.hidden.save()
    visited = _crawl(client, ["/recommendations/download.csv"])
    assert ("/recommendations/download.csv", "unpublished_recommendation") in _leaks(visited)


def _public_consultations():
    """A closed public consultation with published replies and an open one still taking
    comments, each beside records that must stay internal; and a consultation that was never
    opened to the public."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from recommendations.models.participation import Moderation
    from reporting.models import Consultation, ConsultationComment, PublicComment, ReportDraft
    from tests.factories import InstitutionFactory

    today = timezone.localdate()
    draft = ReportDraft.objects.create(title="National report", kind="national")
    snapshot = {
        "methodology": {"version": 1, "text": "We held four hearings."},
        "priorities": {"version": 1, "text": MARKERS["unopened_section"]},
    }
    closed = Consultation.objects.create(
        draft=draft,
        title="Closed public consultation",
        deadline=today - datetime.timedelta(days=3),
        status=Consultation.ConsultationStatus.CLOSED,
        is_public=True,
        public_sections=["methodology"],
        snapshot=snapshot,
        replies_published=timezone.now(),
    )
    still_open = Consultation.objects.create(
        draft=draft,
        title="Open public consultation",
        deadline=today + datetime.timedelta(days=3),
        is_public=True,
        public_sections=["methodology"],
        snapshot=snapshot,
    )
    private = Consultation.objects.create(
        draft=draft, title=MARKERS["private_consultation"], deadline=today, snapshot=snapshot
    )
    institution = InstitutionFactory(name="Ministry of Interior")
    private.institutions.add(institution)
    author = get_user_model().objects.create_user("recipient", "r@example.org", "x")
    ConsultationComment.objects.create(
        consultation=private,
        section="general",
        body=MARKERS["recipient_comment"],
        author=author,
        institution=institution,
    )
    email = MARKERS["public_commenter_email"]
    common = {"section": "methodology", "name": "Citizen", "email": email}
    PublicComment.objects.create(
        consultation=closed,
        body="Publish the hearing minutes.",
        moderation=Moderation.PUBLISHED,
        reply="The minutes are annexed to the report.",
        **common,
    )
    PublicComment.objects.create(
        consultation=closed, body=MARKERS["pending_public_comment"], **common
    )
    PublicComment.objects.create(
        consultation=closed,
        body=MARKERS["rejected_public_comment"],
        moderation=Moderation.REJECTED,
        **common,
    )
    PublicComment.objects.create(
        consultation=still_open,
        body="Invite the Roma council.",
        moderation=Moderation.PUBLISHED,
        reply=MARKERS["unpublished_public_reply"],
        **common,
    )
    return closed, still_open, private


def test_public_consultations_show_nothing_internal(client, portal_data):
    closed, still_open, private = _public_consultations()
    visited = _crawl(client, ["/"])
    for expected in ["/consultations/", f"/consultations/{closed.pk}/"]:
        assert expected in visited, expected
    assert f"/consultations/{still_open.pk}/" in visited
    assert client.get(f"/consultations/{private.pk}/").status_code == 404
    closed_page = visited[f"/consultations/{closed.pk}/"].decode()
    assert "We held four hearings." in closed_page
    assert "Publish the hearing minutes." in closed_page
    assert "The minutes are annexed to the report." in closed_page
    open_page = visited[f"/consultations/{still_open.pk}/"].decode()
    assert "Invite the Roma council." in open_page
    assert _leaks(visited) == []


def test_a_plan_open_for_public_comment_shows_nothing_internal(client, portal_data):
    """A published plan opened with its published item only: the internal item, the pending
    and rejected comments, the reply before publication and the commenters' e-mail
    addresses stay off every public page; and the crawl finds the plan from the home page."""
    import datetime

    from django.utils import timezone

    from recommendations.models.participation import Moderation
    from reporting.models import PublicComment
    from reporting.services.public_consultation import plan_consultation_open

    plan, item = portal_data.plan, portal_data.plan_item
    consultation = plan_consultation_open(
        actor=portal_data.secretariat,
        plan=plan,
        title="Action plan: public comment",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        public_sections=["general", f"item-{item.pk}"],
    )
    common = {"section": f"item-{item.pk}", "name": "Citizen"}
    common["email"] = MARKERS["public_commenter_email"]
    PublicComment.objects.create(
        consultation=consultation,
        body="Inspect every prison twice a year.",
        moderation=Moderation.PUBLISHED,
        reply=MARKERS["unpublished_public_reply"],
        **common,
    )
    PublicComment.objects.create(
        consultation=consultation, body=MARKERS["pending_public_comment"], **common
    )
    PublicComment.objects.create(
        consultation=consultation,
        body=MARKERS["rejected_public_comment"],
        moderation=Moderation.REJECTED,
        **common,
    )
    visited = _crawl(client, ["/"])
    page = visited[f"/consultations/{consultation.pk}/"].decode()
    assert "3.1 Independent inspection of places of detention" in page
    assert "Inspect every prison twice a year." in page
    assert "Action plan: public comment" in visited["/consultations/"].decode()
    assert _leaks(visited) == []
    api = client.get(f"/api/v1/consultations/{consultation.pk}/").content.decode()
    assert "Inspect every prison twice a year." in api
    assert _leaks({"api": api.encode()}) == []
