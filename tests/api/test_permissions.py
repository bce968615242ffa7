"""The permission matrix of the mechanisms issue (docs/permissions.md), through the API:
every role × every write endpoint, and reads of internal data.

An object the user may not see answers 404, one they may see but not change 403, and an
anonymous caller 401.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import ActionPlan, Activity, Indicator, ProgressUpdate
from tests.factories import (
    ROLES_AND_ANONYMOUS,
    AssignmentFactory,
    BodyFactory,
    RecommendationFactory,
    treaty_followup_item,
)
from tests.roles import role_cases

pytestmark = pytest.mark.django_db

ROLES = ROLES_AND_ANONYMOUS


@pytest.fixture
def records(own_institution, admin):
    """A published recommendation led by the own institution, an unpublished one, and an
    unpublished activity, indicator and progress update of the own institution."""
    published = AssignmentFactory(institution=own_institution).recommendation
    unpublished = AssignmentFactory(
        institution=own_institution, recommendation__is_published=False
    ).recommendation
    activity = Activity.objects.create(
        title="Training",
        description="Regional sessions",
        lead_institution=own_institution,
        start_date=datetime.date(2025, 1, 1),
        created_by=admin,
    )
    activity.recommendations.add(published)
    indicator = Indicator.objects.create(
        name="Trained staff", institution=own_institution, created_by=admin
    )
    indicator.recommendations.add(published)
    update = ProgressUpdate.objects.create(
        recommendation=published,
        institution=own_institution,
        status="in_progress",
        narrative="Internal draft narrative",
        date=datetime.date(2025, 2, 1),
        state=ProgressUpdate.State.ACCEPTED,
        author=admin,
    )
    return {
        "published": published,
        "unpublished": unpublished,
        "activity": activity,
        "indicator": indicator,
        "update": update,
        "institution": own_institution,
    }


def _treaty_review():
    """A CEDAW review with one follow-up item, which both treaty-body reports answer."""
    return treaty_followup_item().review


def _csv():
    return SimpleUploadedFile("upr.csv", b"To,Text,From,Response,Session\n", "text/csv")


# Each write: (method, url, payload or factory, {role: expected status}).
G, C, X = 201, 403, 401  # created, refused, anonymous
WRITES = {
    "progress": (
        "post",
        lambda r: f"/api/v1/recommendations/{r['published'].pk}/progress/",
        lambda r: {"status": "in_progress", "narrative": "Bill sent to Parliament."},
        [G, G, G, C, C, C, C, X],
    ),
    "progress_on_unpublished": (
        "post",
        lambda r: f"/api/v1/recommendations/{r['unpublished'].pk}/progress/",
        lambda r: {"status": "in_progress", "narrative": "Bill sent to Parliament."},
        [G, G, G, C, C, 404, 404, X],
    ),
    "activity_create": (
        "post",
        lambda r: "/api/v1/activities/",
        lambda r: {
            "title": "Campaign",
            "description": "Radio spots",
            "lead_institution": r["institution"].pk,
            "start_date": "2025-03-01",
            "recommendations": [r["published"].pk],
        },
        [G, G, G, C, C, C, C, X],
    ),
    "activity_change": (
        "patch",
        lambda r: f"/api/v1/activities/{r['activity'].pk}/",
        lambda r: {"title": "Training, revised", "version": 1},
        [200, 200, 200, C, C, 404, 404, X],
    ),
    "indicator_create": (
        "post",
        lambda r: "/api/v1/indicators/",
        lambda r: {"name": "Cases heard", "recommendations": [r["published"].pk]},
        [G, G, G, C, C, C, C, X],
    ),
    "indicator_value": (
        "post",
        lambda r: f"/api/v1/indicators/{r['indicator'].pk}/values/",
        lambda r: {"date": "2025-06-30", "value": "41.5"},
        [G, G, G, C, C, 404, 404, X],
    ),
    "assessment": (
        "post",
        lambda r: "/api/v1/assessments/",
        lambda r: {
            "recommendation": r["published"].pk,
            "status": "partially_implemented",
            "traffic_light": "orange",
            "narrative": "No budget yet.",
            "date": "2025-05-01",
        },
        [C, C, C, C, C, G, G, X],
    ),
    "comment": (
        "post",
        lambda r: f"/api/v1/recommendations/{r['published'].pk}/comments/",
        lambda r: {"body": "Ask the statistics office for 2024 figures."},
        [G, G, G, C, C, C, C, X],
    ),
    "round": (
        "post",
        lambda r: "/api/v1/rounds/",
        lambda r: {
            "name": "Mid-term",
            "deadline": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
        },
        [G, G, C, C, C, C, C, X],
    ),
    "import": (
        "post",
        lambda r: "/api/v1/imports/",
        lambda r: {"file": _csv(), "format": "upr-info"},
        [202, 202, C, C, C, C, C, X],
    ),
    "report": (
        "post",
        lambda r: "/api/v1/reports/",
        lambda r: {"kind": "matrix", "format": "xlsx", "include_noted": True},
        [202, 202, C, C, C, C, C, X],
    ),
    "report_treaty_followup": (
        "post",
        lambda r: "/api/v1/reports/",
        lambda r: {"kind": "treaty_followup", "review": _treaty_review().pk},
        [202, 202, C, C, C, C, C, X],
    ),
    "report_treaty_periodic": (
        "post",
        lambda r: "/api/v1/reports/",
        lambda r: {"kind": "treaty_periodic", "review": _treaty_review().pk, "format": "pdf"},
        [202, 202, C, C, C, C, C, X],
    ),
    "report_parliament_annual": (
        "post",
        lambda r: "/api/v1/reports/",
        lambda r: {"kind": "parliament_annual", "date_from": "2025-01-01"},
        [202, 202, C, C, C, C, C, X],
    ),
    "report_plan_annual": (
        "post",
        lambda r: "/api/v1/reports/",
        lambda r: {"kind": "plan_annual", "plan": ActionPlan.objects.create(title="NAP").pk},
        [202, 202, C, C, C, C, C, X],
    ),
    "review_create": (
        "post",
        lambda r: "/api/v1/reviews/",
        lambda r: {
            "mechanism": "treaty_body",
            "state_under_review": "SVN",
            "body": BodyFactory(code="CEDAW", name="CEDAW", mechanism="treaty_body").code,
            "document_symbol": "CEDAW/C/SVN/CO/7",
        },
        [G, G, C, C, C, C, C, X],
    ),
    "review_split": (
        "post",
        lambda r: f"/api/v1/reviews/{r['published'].review_id}/split/",
        lambda r: {"text": "1. The Committee recommends that the State party act."},
        [200, 200, C, C, C, C, C, X],
    ),
    "review_save_split": (
        "post",
        lambda r: f"/api/v1/reviews/{r['published'].review_id}/recommendations/",
        lambda r: {"items": [{"paragraph": "99", "text": "Act."}]},
        [G, G, C, C, C, C, C, X],
    ),
    "recommendation_create": (
        "post",
        lambda r: "/api/v1/recommendations/",
        lambda r: {"review": r["published"].review_id, "text": "Act.", "paragraph": "98"},
        [G, G, C, C, C, C, C, X],
    ),
    "response_change": (
        "post",
        lambda r: f"/api/v1/recommendations/{r['published'].pk}/response-changes/",
        lambda r: {
            "version": r["published"].version,
            "stage": "midterm",
            "date": "2025-03-01",
            "value": "supported",
            "justification": "Accepted at mid-term.",
        },
        [G, G, C, C, C, C, C, X],
    ),
    "response_change_on_unpublished": (
        "post",
        lambda r: f"/api/v1/recommendations/{r['unpublished'].pk}/response-changes/",
        lambda r: {
            "version": r["unpublished"].version,
            "stage": "oral_statement",
            "date": "2025-03-01",
            "value": "supported",
            "justification": "Accepted in an oral statement.",
        },
        [G, G, C, C, C, 404, 404, X],
    ),
    "accept_update": (
        "post",
        lambda r: f"/api/v1/progress-updates/{r['update'].pk}/accept/",
        lambda r: {},
        [200, 200, C, C, C, 404, 404, X],
    ),
}

CASES = role_cases(WRITES, ROLES, answers=lambda write: write[-1])


@pytest.mark.parametrize(("write", "role", "expected"), CASES)
def test_write_permission_matrix(write, role, expected, records, client_for, monkeypatch):
    # The report and import jobs are queued, not run: this is about who may ask.
    monkeypatch.setattr("reporting.services.runs._enqueue", lambda run: None)
    method, url, payload, _expected = WRITES[write]
    fmt = "multipart" if write == "import" else "json"
    response = getattr(client_for(role), method)(url(records), payload(records), format=fmt)
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response.json()["error"]["status"] == expected


READS_INTERNAL = {
    # What the government side reads and others may not.
    "unpublished_recommendation": (
        lambda r: f"/api/v1/recommendations/{r['unpublished'].pk}/",
        [200, 200, 200, 200, 200, 404, 404, 404],
    ),
    "unpublished_activity": (
        lambda r: f"/api/v1/activities/{r['activity'].pk}/",
        [200, 200, 200, 200, 200, 404, 404, 404],
    ),
    "unpublished_indicator": (
        lambda r: f"/api/v1/indicators/{r['indicator'].pk}/",
        [200, 200, 200, 200, 200, 404, 404, 404],
    ),
    "rounds": (lambda r: "/api/v1/rounds/", [200, 200, 200, 200, 200, 403, 403, 401]),
    "imports": (lambda r: "/api/v1/imports/", [200, 200, 403, 403, 403, 403, 403, 401]),
    "reports": (lambda r: "/api/v1/reports/", [200, 200, 200, 200, 200, 403, 403, 401]),
}


@pytest.mark.parametrize(
    ("read", "role", "expected"),
    role_cases(READS_INTERNAL, ROLES, answers=lambda read: read[-1]),
)
def test_read_internal_matrix(read, role, expected, records, client_for):
    url, _expected = READS_INTERNAL[read]
    assert client_for(role).get(url(records)).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_unpublished_records_to_the_government_side_only(role, records, client_for):
    government = role in ROLES[:5]
    client = client_for(role)
    ids = {r["id"] for r in client.get("/api/v1/recommendations/").json()["results"]}
    assert (records["unpublished"].pk in ids) is government
    assert records["published"].pk in ids
    activities = client.get("/api/v1/activities/").json()["results"]
    assert bool(activities) is government
    updates = client.get(f"/api/v1/recommendations/{records['published'].pk}/progress/").json()
    assert bool(updates) is government
    if government:
        assert updates[0]["author"] == records["update"].author.username


def test_published_progress_update_shows_no_personal_data(records, client_for):
    ProgressUpdate.objects.filter(pk=records["update"].pk).update(is_published=True)
    url = f"/api/v1/recommendations/{records['published'].pk}/progress/"
    for role in ("anonymous", "cso"):
        (update,) = client_for(role).get(url).json()
        assert update["narrative"] == "Internal draft narrative"
        assert "author" not in update
        assert "review_comment" not in update


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("delete", "/api/v1/recommendations/{pk}/"),
        ("put", "/api/v1/recommendations/{pk}/"),
        ("delete", "/api/v1/reviews/"),
        ("delete", "/api/v1/activities/{activity}/"),
        ("put", "/api/v1/assessments/"),
        ("post", "/api/v1/themes/"),
    ],
)
def test_wrong_method_answers_405(method, url, records, client_for):
    url = url.format(pk=records["published"].pk, activity=records["activity"].pk)
    response = getattr(client_for("secretariat_admin"), method)(url, {}, format="json")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_focal_point_of_other_institution_cannot_change_activity_it_sees(records, client_for):
    response = client_for("focal_other").patch(
        f"/api/v1/activities/{records['activity'].pk}/", {"title": "x", "version": 1}, format="json"
    )
    assert response.status_code == 403
    records["activity"].refresh_from_db()
    assert records["activity"].title == "Training"


def test_recommendation_unassigned_to_focal_point_is_refused(client_for):
    rec = RecommendationFactory()
    response = client_for("focal_own").post(
        f"/api/v1/recommendations/{rec.pk}/progress/",
        {"status": "in_progress", "narrative": "x"},
        format="json",
    )
    assert response.status_code == 403


def _api_views(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _api_views(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "cls", None) or getattr(
                entry.callback, "view_class", None
            )
            if view is not None:
                yield prefix + str(entry.pattern), view


def test_drf_refuses_by_default_and_every_endpoint_names_its_rule():
    from django.conf import settings
    from django.urls import get_resolver

    from nrtd.permissions import DenyAll

    assert settings.REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] == ["nrtd.permissions.DenyAll"]
    api = [entry for entry in get_resolver().url_patterns if str(entry.pattern) == "api/"][0]
    views = list(_api_views(api.url_patterns))
    assert len(views) > 20
    for route, view in views:
        assert DenyAll not in list(view.permission_classes), route
