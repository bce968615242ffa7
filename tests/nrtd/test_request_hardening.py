"""Small faults of issue 19, item 6: HEAD wherever GET is, control characters in the query
string, and the menus each role sees."""

import pytest

from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/recommendations/", "/data/", "/recommendations/download.csv", "/accounts/login/"]


def test_head_is_answered_wherever_get_is(client, people):
    rec = RecommendationFactory()
    for url in [*PUBLIC, f"/recommendations/{rec.pk}/"]:
        assert client.head(url).status_code == 200, url
    client.force_login(people["focal_own"])
    for url in [
        "/workspace/my-work/",
        "/workspace/recommendations/",
        f"/workspace/follow-up/{rec.pk}/",
    ]:
        assert client.head(url).status_code == 200, url
    # Still refused: a method that is neither safe nor the form's.
    assert client.put("/recommendations/").status_code == 405


@pytest.mark.parametrize("value", ["%00", "a%00b", "%01", "%1b%5b31m", "%7f"])
def test_control_characters_in_the_query_answer_400(client, people, value):
    assert client.get(f"/recommendations/?search={value}").status_code == 400
    assert client.get(f"/recommendations/?{value}=1").status_code == 400
    client.force_login(people["secretariat_staff"])
    assert client.get(f"/workspace/recommendations/?search={value}").status_code == 400


def test_control_characters_in_an_api_query_answer_the_api_error_shape(client):
    response = client.get("/api/v1/recommendations/?search=%00")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_tabs_and_line_breaks_in_the_query_are_accepted(client):
    assert client.get("/recommendations/?search=prison%09torture%0D%0A").status_code == 200


def _menus(client, user) -> tuple[bool, bool]:
    client.force_login(user)
    page = client.get("/").content.decode()
    return ">Workspace</a>" in page, ">Mechanism</a>" in page


@pytest.mark.parametrize(
    ("role", "menus"),
    [
        ("secretariat_admin", (True, True)),
        ("focal_own", (True, True)),
        ("viewer", (True, True)),
        ("nhri", (False, False)),
        ("cso", (False, False)),
    ],
)
def test_workspace_and_mechanism_menus_only_for_the_government(client, people, role, menus):
    assert _menus(client, people[role]) == menus


def test_civil_society_reaches_its_consultations_from_the_menu(client, people):
    client.force_login(people["cso"])
    assert 'href="/workspace/reports/consultations/"' in client.get("/").content.decode()


def test_healthz_answers_head(client):
    assert client.head("/healthz").status_code == 200
