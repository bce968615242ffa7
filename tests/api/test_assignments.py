"""Assigning lead and supporting institutions through the API: the assignment services'
first caller besides the demo (the screens come with the secretariat-cycle issue)."""

import pytest

from recommendations.models import Assignment
from tests.factories import ROLES, AssignmentFactory, InstitutionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec(own_institution):
    return AssignmentFactory(institution=own_institution, role="lead").recommendation


def _url(rec, institution=None):
    base = f"/api/v1/recommendations/{rec.pk}/assignments/"
    return base if institution is None else f"{base}{institution.pk}/"


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_only_the_secretariat_assigns(role, rec, other_institution, client_for):
    response = client_for(role).post(
        _url(rec), {"institution": other_institution.pk, "role": "supporting"}, format="json"
    )
    expected = {"secretariat_admin": 201, "secretariat_staff": 201, "anonymous": 401}
    assert response.status_code == expected.get(role, 403), response.content
    assigned = rec.assignments.filter(institution=other_institution).exists()
    assert assigned == (response.status_code == 201)


def test_a_new_lead_demotes_the_previous_one_and_history_names_the_actor(
    rec, own_institution, other_institution, client_for, people
):
    response = client_for("secretariat_admin").post(
        _url(rec), {"institution": other_institution.pk, "role": "lead"}, format="json"
    )
    assert response.status_code == 201
    assert response.json() == {
        "institution": other_institution.pk,
        "institution_name": other_institution.name,
        "role": "lead",
    }
    roles = dict(rec.assignments.values_list("institution_id", "role"))
    assert roles == {own_institution.pk: "supporting", other_institution.pk: "lead"}
    latest = Assignment.history.filter(institution=other_institution).latest("history_date")
    assert latest.history_user == people["secretariat_admin"]


def test_assignments_are_listed_to_whoever_sees_the_recommendation(rec, client_for):
    listed = client_for("anonymous").get(_url(rec))
    assert listed.status_code == 200
    assert [row["role"] for row in listed.json()] == ["lead"]


def test_inactive_institution_or_unknown_role_is_refused_with_the_field(rec, client_for):
    closed = InstitutionFactory(name="Closed ministry", is_active=False)
    client = client_for("secretariat_admin")
    inactive = client.post(_url(rec), {"institution": closed.pk, "role": "lead"}, format="json")
    assert inactive.status_code == 400
    assert "institution" in inactive.json()["error"]["fields"]
    unknown = client.post(_url(rec), {"institution": closed.pk, "role": "owner"}, format="json")
    assert unknown.status_code == 400
    assert not rec.assignments.filter(institution=closed).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("secretariat_admin", 204), ("focal_own", 403), ("viewer", 403), ("anonymous", 401)],
)
def test_unassign(role, expected, rec, own_institution, client_for):
    response = client_for(role).delete(_url(rec, own_institution))
    assert response.status_code == expected
    assert rec.assignments.exists() == (expected != 204)


def test_unassigning_an_institution_that_is_not_assigned_answers_404(
    rec, other_institution, client_for
):
    response = client_for("secretariat_admin").delete(_url(rec, other_institution))
    assert response.status_code == 404


def test_an_unpublished_recommendation_is_not_found_outside_the_government(client_for):
    hidden = RecommendationFactory(is_published=False)
    response = client_for("anonymous").get(_url(hidden))
    assert response.status_code == 404


def test_wrong_method_on_assignments_answers_405(rec, client_for):
    assert client_for("secretariat_admin").put(_url(rec), {}, format="json").status_code == 405
