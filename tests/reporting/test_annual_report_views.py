"""The report form and POST /api/v1/reports/ ask for the annual reports like any other: the
secretariat starts them; a reader, a focal point (of this or another institution) and an
anonymous visitor cannot; the plan report without a plan is an error on the form and in the
API, from the same service."""

import datetime

import pytest

from recommendations.models import ActionPlan
from reporting.models import ReportRun

pytestmark = pytest.mark.django_db
URL = "/workspace/reports/"
API = "/api/v1/reports/"


@pytest.fixture(autouse=True)
def _queued_not_run(monkeypatch):
    monkeypatch.setattr("reporting.services.runs._enqueue", lambda run: None)


@pytest.fixture
def plan(db):
    return ActionPlan.objects.create(title="National human rights action plan 2024-2027")


def _form(kind, **extra):
    return {"kind": kind, "formats": ["docx", "pdf"], "language": "en"} | extra


def test_secretariat_starts_a_plan_report_from_the_form(client, people, plan):
    client.force_login(people["secretariat_staff"])
    response = client.post(
        URL, _form("plan_annual", plan=plan.pk, date_from="2025-01-01", date_to="2025-12-31")
    )
    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/workspace/reports/runs/{run.pk}/"
    assert (run.kind, run.plan, run.formats) == ("plan_annual", plan, ["docx", "pdf"])
    assert (run.date_from, run.date_to) == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    page = client.get(response["Location"]).content.decode()
    assert "National human rights action plan 2024-2027" in page


def test_secretariat_starts_a_report_to_parliament_from_the_form(client, people):
    client.force_login(people["secretariat_admin"])
    response = client.post(URL, _form("parliament_annual", date_from="2025-01-01"))
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert (run.kind, run.date_to) == ("parliament_annual", datetime.date(2025, 12, 31))


def test_the_form_asks_for_the_plan_and_keeps_the_choice(client, people, plan):
    client.force_login(people["secretariat_staff"])
    response = client.post(URL, _form("plan_annual"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the national action plan this report is about." in page
    assert '<option value="plan_annual" selected>' in page
    assert f'<option value="{plan.pk}">' in page
    assert not ReportRun.objects.exists()


@pytest.mark.parametrize("kind", ["parliament_annual", "plan_annual"])
@pytest.mark.parametrize("role", ["viewer", "focal_own", "focal_other"])
def test_readers_and_focal_points_cannot_start_one(client, people, plan, role, kind):
    client.force_login(people[role])
    assert client.post(URL, _form(kind, plan=plan.pk)).status_code == 403
    assert not ReportRun.objects.exists()


def test_anonymous_is_sent_to_login(client, plan):
    response = client.post(URL, _form("plan_annual", plan=plan.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not ReportRun.objects.exists()


def test_the_api_queues_a_plan_report(client_for, plan):
    response = client_for("secretariat_staff").post(
        API,
        {"kind": "plan_annual", "plan": plan.pk, "date_from": "2025-01-01", "formats": ["pdf"]},
        format="json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["kind"], body["plan"], body["formats"]) == ("plan_annual", plan.pk, ["pdf"])
    assert (body["date_from"], body["date_to"]) == ("2025-01-01", "2025-12-31")


def test_the_api_refuses_a_plan_report_without_a_plan(client_for):
    response = client_for("secretariat_staff").post(API, {"kind": "plan_annual"}, format="json")
    assert response.status_code == 400
    assert "plan" in response.json()["error"]["fields"]
    assert not ReportRun.objects.exists()


def test_the_api_queues_a_report_to_parliament_for_last_year(client_for):
    response = client_for("secretariat_admin").post(
        API, {"kind": "parliament_annual"}, format="json"
    )
    assert response.status_code == 202, response.content
    run = ReportRun.objects.get()
    assert run.formats == ["docx"]
    assert run.date_to.month == 12
    assert run.date_to.day == 31
    assert run.date_to.year == run.date_from.year


@pytest.mark.parametrize(
    ("role", "status"),
    [("viewer", 403), ("focal_own", 403), ("focal_other", 403), ("cso", 403), ("anonymous", 401)],
)
def test_the_api_refuses_others(client_for, plan, role, status):
    for data in ({"kind": "plan_annual", "plan": plan.pk}, {"kind": "parliament_annual"}):
        assert client_for(role).post(API, data, format="json").status_code == status
    assert not ReportRun.objects.exists()
