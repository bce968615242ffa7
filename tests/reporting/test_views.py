"""Every reporting view: the allowed role, anonymous, another institution's focal point, a
read-only viewer, stakeholders, and the wrong HTTP method. 404 for what the user may not see,
403 for what they may see but not change (and for list pages their role has no access to)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from reporting.models import (
    CalendarFeed,
    Consultation,
    ConsultationComment,
    Deadline,
    ReportDraft,
    ReportRun,
)
from tests.factories import GOVERNMENT, ROLES, SECRETARIAT
from tests.reporting.conftest import stakeholder_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(people, own_institution):
    run = ReportRun.objects.create(
        kind="midterm",
        formats=["docx"],
        status="done",
        progress=100,
        requested_by=people["secretariat_admin"],
    )
    run.docx_file.save("midterm.docx", ContentFile(b"PK fake docx"), save=True)
    failed = ReportRun.objects.create(kind="midterm", status="failed", error="boom")
    draft = ReportDraft.objects.create(title="National report 2026", kind="national")
    consultation = Consultation.objects.create(
        draft=draft,
        title="Comments please",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
    )
    consultation.institutions.add(own_institution)
    consultation.stakeholders.add(stakeholder_of(people["nhri"]))
    consultation.attachment.save("draft.docx", ContentFile(b"PK"), save=True)
    comment = ConsultationComment.objects.create(
        consultation=consultation,
        section="general",
        body="Fine.",
        author=people["nhri"],
        stakeholder=stakeholder_of(people["nhri"]),
    )
    deadline = Deadline.objects.create(
        kind="periodic",
        mechanism="treaty_body",
        title="CEDAW 8th report",
        due_date=datetime.date(2030, 1, 1),
    )
    return {
        "run": run,
        "failed": failed,
        "draft": draft,
        "consultation": consultation,
        "comment": comment,
        "deadline": deadline,
    }


def url(path: str, objects) -> str:
    return "/workspace/reports/" + path.format(
        run=objects["run"].pk,
        failed=objects["failed"].pk,
        draft=objects["draft"].pk,
        consultation=objects["consultation"].pk,
        comment=objects["comment"].pk,
        deadline=objects["deadline"].pk,
    )


def expected(allowed, *, forbidden=(), hidden=(), ok=200):
    """Status per role: ``allowed`` get ``ok``, ``hidden`` 404, ``forbidden`` 403."""
    codes = {}
    for role in ROLES:
        if role in allowed:
            codes[role] = ok
        elif role in hidden:
            codes[role] = 404
        else:
            codes[role] = 403
    return codes


STAKEHOLDERS = ["nhri", "cso"]
READERS = ["focal_own", "focal_other", "viewer"]

CASES = [
    ("get", "", expected(GOVERNMENT)),
    ("post", "", expected(SECRETARIAT, ok=400)),  # an empty form: the form comes back
    ("get", "runs/{run}/", expected(GOVERNMENT, hidden=STAKEHOLDERS)),
    ("get", "runs/{run}/docx/", expected(GOVERNMENT, hidden=STAKEHOLDERS)),
    ("post", "runs/{run}/cancel/", expected(SECRETARIAT, hidden=STAKEHOLDERS, ok=302)),
    ("post", "runs/{failed}/retry/", expected(SECRETARIAT, hidden=STAKEHOLDERS, ok=302)),
    ("get", "drafts/", expected(GOVERNMENT)),
    ("post", "drafts/", expected(SECRETARIAT, ok=400)),
    ("get", "drafts/{draft}/", expected(GOVERNMENT, hidden=STAKEHOLDERS)),
    ("get", "drafts/{draft}/sections/methodology/", expected(SECRETARIAT, hidden=STAKEHOLDERS)),
    (
        "post",
        "drafts/{draft}/sections/methodology/",
        expected(SECRETARIAT, hidden=STAKEHOLDERS, ok=302),
    ),
    ("get", "drafts/{draft}/consultations/new/", expected(SECRETARIAT, hidden=STAKEHOLDERS)),
    (
        "post",
        "drafts/{draft}/consultations/new/",
        expected(SECRETARIAT, hidden=STAKEHOLDERS, ok=400),
    ),
    ("get", "consultations/", expected(ROLES)),
    ("get", "consultations/{consultation}/", expected([*GOVERNMENT, "nhri"], hidden=["cso"])),
    (
        "get",
        "consultations/{consultation}/draft.docx",
        expected([*GOVERNMENT, "nhri"], hidden=["cso"]),
    ),
    # Only recipients comment: the own institution's focal point and the invited NHRI.
    (
        "post",
        "consultations/{consultation}/comments/",
        expected(["focal_own", "nhri"], hidden=["cso"], ok=302),
    ),
    ("post", "consultations/{consultation}/close/", expected(SECRETARIAT, hidden=["cso"], ok=302)),
    ("post", "comments/{comment}/resolve/", expected(SECRETARIAT, hidden=["cso"], ok=302)),
    ("get", "calendar/", expected(GOVERNMENT)),
    ("get", "calendar/new/", expected(SECRETARIAT)),
    ("get", "calendar/{deadline}/", expected(SECRETARIAT, hidden=STAKEHOLDERS)),
    ("post", "calendar/sync/", expected(SECRETARIAT, ok=302)),
    ("post", "calendar/feed/renew/", expected(GOVERNMENT, ok=302)),
    ("get", "calendar.ics", expected(GOVERNMENT)),
    # The report settings (the covers' emblem): the secretariat alone.
    ("get", "settings/", expected(SECRETARIAT)),
    ("post", "settings/", expected(SECRETARIAT, ok=302)),
    ("get", "settings/emblem.png", expected([], hidden=SECRETARIAT)),  # none uploaded yet
]
POST_DATA = {
    "drafts/{draft}/sections/methodology/": {"text": "New text", "based_on": "0"},
    "consultations/{consultation}/comments/": {"section": "methodology", "body": "Please add."},
    "comments/{comment}/resolve/": {"resolution": "addressed", "reply": "Done."},
    "settings/": {"issued_by": "Ministry of Justice"},
}


@pytest.mark.parametrize(("method", "path", "codes"), CASES, ids=[f"{m} {p}" for m, p, _ in CASES])
@pytest.mark.parametrize("role", ROLES)
def test_permissions(client, people, objects, method, path, codes, role):
    client.force_login(people[role])
    response = getattr(client, method)(url(path, objects), POST_DATA.get(path, {}))
    assert response.status_code == codes[role]


@pytest.mark.parametrize(("method", "path", "codes"), CASES, ids=[f"{m} {p}" for m, p, _ in CASES])
def test_anonymous_users_are_sent_to_login(client, objects, method, path, codes):
    response = getattr(client, method)(url(path, objects))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", ""),
        ("post", "runs/{run}/"),
        ("get", "runs/{run}/cancel/"),
        ("get", "runs/{failed}/retry/"),
        ("post", "runs/{run}/docx/"),
        ("put", "drafts/"),
        ("post", "drafts/{draft}/"),
        ("post", "consultations/"),
        ("post", "consultations/{consultation}/"),
        ("get", "consultations/{consultation}/comments/"),
        ("get", "consultations/{consultation}/close/"),
        ("get", "comments/{comment}/resolve/"),
        ("post", "calendar/"),
        ("get", "calendar/sync/"),
        ("get", "calendar/feed/renew/"),
        ("post", "calendar.ics"),
        ("put", "settings/"),
        ("post", "settings/emblem.png"),
    ],
)
def test_wrong_methods_are_refused(client, people, objects, method, path):
    client.force_login(people["secretariat_admin"])
    assert getattr(client, method)(url(path, objects)).status_code == 405


def test_missing_records_are_404(client, people):
    client.force_login(people["secretariat_admin"])
    for path in [
        "runs/999/",
        "runs/999/docx/",
        "drafts/999/",
        "consultations/999/",
        "calendar/999/",
    ]:
        assert client.get("/workspace/reports/" + path).status_code == 404


def test_unknown_format_or_missing_file_is_404(client, people, objects):
    client.force_login(people["secretariat_admin"])
    assert client.get(url("runs/{run}/pdf/", objects)).status_code == 404
    assert client.get(url("runs/{run}/exe/", objects)).status_code == 404
    assert client.get(url("drafts/{draft}/sections/nonsense/", objects)).status_code == 404


def test_secretariat_starts_a_report_and_downloads_it(
    client, people, dataset, django_capture_on_commit_callbacks
):
    client.force_login(people["secretariat_staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/workspace/reports/",
            {
                "kind": "midterm",
                "formats": ["docx"],
                "review": dataset["review"].pk,
                "include_noted": "on",
                "language": "en",
            },
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workspace/reports/runs/{run.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="done"' in page
    assert "100%" in page
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="run-status"')
    assert "hx-trigger" not in fragment  # finished: polling stops
    download = client.get(f"/workspace/reports/runs/{run.pk}/docx/")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_a_running_report_polls_and_offers_cancel(client, people):
    run = ReportRun.objects.create(kind="midterm", status="running", progress=42, step="Writing")
    client.force_login(people["secretariat_admin"])
    fragment = client.get(f"/workspace/reports/runs/{run.pk}/", headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "42%" in html
    assert "Cancel" in html
    client.post(f"/workspace/reports/runs/{run.pk}/cancel/")
    run.refresh_from_db()
    assert run.cancel_requested


def test_a_failed_run_shows_why_and_a_reader_cannot_retry(client, people, objects):
    client.force_login(people["viewer"])
    page = client.get(url("runs/{failed}/", objects)).content.decode()
    assert "boom" in page
    assert "Run again" not in page


def test_section_edits_keep_versions_and_refuse_stale_saves(client, people, objects):
    client.force_login(people["secretariat_admin"])
    path = url("drafts/{draft}/sections/developments/", objects)
    client.post(path, {"text": "First text.", "based_on": "0"})
    client.post(path, {"text": "Second text.", "based_on": "1"})
    stale = client.post(path, {"text": "Overwrite!", "based_on": "1"})
    assert stale.status_code == 400
    assert "Someone saved this section" in stale.content.decode()
    versions = objects["draft"].versions.filter(section="developments")
    assert [v.text for v in versions] == ["Second text.", "First text."]
    page = client.get(url("drafts/{draft}/", objects)).content.decode()
    assert "Second text." in page
    assert 'data-word-count="2"' in page


def test_consultation_flow(
    client, people, objects, own_institution, mailoutbox, django_capture_on_commit_callbacks
):
    people["focal_own"].email = "focal@example.org"
    people["focal_own"].save()
    client.force_login(people["secretariat_admin"])
    client.post(
        url("drafts/{draft}/sections/methodology/", objects), {"text": "We met.", "based_on": "0"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("drafts/{draft}/consultations/new/", objects),
            {
                "title": "Second round",
                "deadline": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
                "institutions": [own_institution.pk],
                "stakeholders": [stakeholder_of(people["cso"]).pk],
            },
        )
    consultation = Consultation.objects.get(title="Second round")
    assert response.status_code == 302
    assert consultation.snapshot["methodology"]["text"] == "We met."
    assert consultation.attachment.name.endswith(".docx")
    assert sorted(m.to[0] for m in mailoutbox) == ["cso@example.org", "focal@example.org"]
    detail = f"/workspace/reports/consultations/{consultation.pk}/"
    # The CSO is a recipient now: it sees the draft and comments on a section.
    client.force_login(people["cso"])
    assert "We met." in client.get(detail).content.decode()
    client.post(
        detail + "comments/", {"section": "methodology", "body": "Name the CSOs consulted."}
    )
    client.force_login(people["focal_own"])
    client.post(detail + "comments/", {"section": "general", "body": "Agreed."})
    client.post(detail + "comments/", {"section": "general", "body": ""})  # refused, kept out
    comments = ConsultationComment.objects.filter(consultation=consultation)
    assert {(c.section, str(c.organisation)) for c in comments} == {
        ("methodology", str(stakeholder_of(people["cso"]))),
        ("general", "Ministry of Health"),
    }
    # Each recipient sees its own comments; the secretariat sees all in one place.
    assert "Name the CSOs" not in client.get(detail).content.decode()
    client.force_login(people["secretariat_admin"])
    page = client.get(detail).content.decode()
    assert "Name the CSOs consulted." in page
    assert "Agreed." in page
    cso_comment = comments.get(section="methodology")
    client.post(
        f"/workspace/reports/comments/{cso_comment.pk}/resolve/",
        {"resolution": "addressed", "reply": "Added to section A."},
    )
    cso_comment.refresh_from_db()
    assert cso_comment.resolution == "addressed"
    assert cso_comment.replied_by == people["secretariat_admin"]
    # After closing, nobody comments any more.
    client.post(detail + "close/")
    client.force_login(people["cso"])
    assert (
        client.post(detail + "comments/", {"section": "general", "body": "Late"}).status_code == 403
    )


def test_past_deadline_closes_commenting(client, people, objects):
    consultation = objects["consultation"]
    consultation.deadline = timezone.localdate() - datetime.timedelta(days=1)
    consultation.save()
    client.force_login(people["nhri"])
    response = client.post(
        url("consultations/{consultation}/comments/", objects), {"section": "general", "body": "x"}
    )
    assert response.status_code == 403


def test_calendar_marks_overdue_entries_and_secretariat_adds_one(client, people, objects):
    Deadline.objects.create(
        kind="followup",
        mechanism="treaty_body",
        title="CAT follow-up reply",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    Deadline.objects.create(
        kind="followup",
        mechanism="treaty_body",
        title="Submitted reply",
        due_date=timezone.localdate() - datetime.timedelta(days=3),
        submitted_on=timezone.localdate() - datetime.timedelta(days=5),
    )
    client.force_login(people["viewer"])
    page = client.get("/workspace/reports/calendar/").content.decode()
    assert page.count("data-overdue") == 1
    assert 'class="table-danger" data-overdue' in page
    client.force_login(people["secretariat_admin"])
    response = client.post(
        "/workspace/reports/calendar/new/",
        {
            "kind": "periodic",
            "mechanism": "treaty_body",
            "title": "CRC 5th-6th report",
            "period": "2019-2024",
            "due_date": "2027-03-01",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert (
        Deadline.objects.get(title="CRC 5th-6th report").created_by == people["secretariat_admin"]
    )


def test_ics_feed_by_secret_token(client, people, objects):
    client.force_login(people["focal_own"])
    client.post("/workspace/reports/calendar/feed/renew/")
    token = CalendarFeed.objects.get(user=people["focal_own"]).token
    page = client.get("/workspace/reports/calendar/").content.decode()
    assert f"/calendar/feed/{token}.ics" in page
    client.logout()
    response = client.get(f"/workspace/reports/calendar/feed/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:CEDAW 8th report" in body
    assert "DTSTART;VALUE=DATE:20300101" in body
    assert client.get("/workspace/reports/calendar/feed/wrong.ics").status_code == 404
    # A token stops working when renewed, and when its holder loses access.
    client.force_login(people["focal_own"])
    client.post("/workspace/reports/calendar/feed/renew/")
    client.logout()
    assert client.get(f"/workspace/reports/calendar/feed/{token}.ics").status_code == 404
    feed = CalendarFeed.objects.create(user=people["cso"])
    assert client.get(f"/workspace/reports/calendar/feed/{feed.token}.ics").status_code == 404
