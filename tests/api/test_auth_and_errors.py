"""Token sign-in, throttling, the one JSON error shape, the schema and its offline docs."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import AssignmentFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


def test_token_for_username_and_password_then_token_writes(api, people, own_institution):
    rec = AssignmentFactory(institution=own_institution).recommendation
    response = api.post(
        "/api/v1/auth/token/",
        {"username": "focal-own", "password": "a-good-long-password"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=people["focal_own"]).key == token
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = script.post(
        f"/api/v1/recommendations/{rec.pk}/progress/",
        {"status": "partially_implemented", "narrative": "Law adopted."},
        format="json",
    )
    assert response.status_code == 201, response.content
    rec.refresh_from_db()
    assert rec.status == "partially_implemented"


def test_wrong_password_answers_400_in_the_error_shape(api, people):
    response = api.post(
        "/api/v1/auth/token/", {"username": "focal-own", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_token_endpoint_is_throttled(api, people, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/hour", "anon": "1000/hour"},
    }
    for _ in range(3):
        api.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json")
    response = api.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"


def test_anonymous_reads_are_throttled_signed_in_ones_are_not(api, client_for, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "token": "5/hour"},
    }
    RecommendationFactory()
    codes = [api.get("/api/v1/recommendations/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    staff = client_for("secretariat_staff")
    assert {staff.get("/api/v1/recommendations/").status_code for _ in range(4)} == {200}


def test_invalid_write_lists_messages_per_field(client_for, own_institution):
    rec = AssignmentFactory(institution=own_institution).recommendation
    response = client_for("secretariat_admin").post(
        f"/api/v1/recommendations/{rec.pk}/progress/", {"status": "done"}, format="json"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == "invalid"
    assert error["message"]
    assert set(error["fields"]) == {"status", "narrative"}
    assert all(isinstance(m, str) for m in error["fields"]["status"])


def test_service_validation_errors_use_the_same_shape(client_for, own_institution):
    rec = AssignmentFactory(institution=own_institution).recommendation
    response = client_for("secretariat_admin").post(
        "/api/v1/activities/",
        {
            "title": "Campaign",
            "description": "Radio",
            "lead_institution": own_institution.pk,
            "start_date": "2025-03-01",
            "end_date": "2025-01-01",
            "budget": "1000.00",
            "recommendations": [rec.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"end_date", "currency"}


def test_unknown_address_under_api_is_a_json_404(api):
    response = api.get("/api/v2/nothing/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Not found."}
    }


def test_server_errors_use_the_shape(client_for, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr("recommendations.api.views.registry.facet_counts_total_and_page", boom)
    client = client_for("secretariat_admin")
    client.raise_request_exception = False
    response = client.get("/api/v1/recommendations/facets/")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "bug" not in response.content.decode()


def test_root_lists_the_collections(api):
    links = api.get("/api/v1/").json()
    assert links["recommendations"].endswith("/api/v1/recommendations/")
    assert links["reports"].endswith("/api/v1/reports/")


def test_schema_is_openapi_3_and_documents_the_error_shape(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    progress = schema["paths"]["/api/v1/recommendations/{id}/progress/"]["post"]
    assert {"201", "400", "401", "403", "404"} <= set(progress["responses"])
    assert "examples" in progress["requestBody"]["content"]["application/json"]
    assert "Error" in schema["components"]["schemas"]
    listing = schema["paths"]["/api/v1/recommendations/"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"search", "theme", "sdg_goal", "institution", "year", "cursor"} <= names


def test_docs_load_swagger_ui_from_our_static_files(api):
    html = api.get("/api/docs/").content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn." not in html
    assert "/static/drf_spectacular_sidecar/" in html
