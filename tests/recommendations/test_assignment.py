import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mechanisms.models import Profile
from recommendations.models import Assignment
from recommendations.registry.assignment import (
    recommendation_assign,
    recommendation_unassign,
    recommendations_bulk_assign,
)
from tests.factories import InstitutionFactory, RecommendationFactory, make_user

pytestmark = pytest.mark.django_db

LEAD, SUPPORTING = Assignment.Role.LEAD, Assignment.Role.SUPPORTING


@pytest.fixture
def staff():
    return make_user(Profile.Role.SECRETARIAT_STAFF, username="staff")


@pytest.fixture
def health():
    return InstitutionFactory(name="Ministry of Health")


@pytest.fixture
def justice():
    return InstitutionFactory(name="Ministry of Justice")


def _roles(recommendation):
    return dict(recommendation.assignments.values_list("institution__name", "role"))


def test_assign_lead_and_supporting(staff, health, justice):
    recommendation = RecommendationFactory()
    recommendation_assign(actor=staff, recommendation=recommendation, institution=health, role=LEAD)
    recommendation_assign(
        actor=staff, recommendation=recommendation, institution=justice, role=SUPPORTING
    )
    assert _roles(recommendation) == {"Ministry of Health": LEAD, "Ministry of Justice": SUPPORTING}


def test_new_lead_demotes_the_previous_lead_to_supporting(staff, health, justice):
    recommendation = RecommendationFactory()
    recommendation_assign(actor=staff, recommendation=recommendation, institution=health, role=LEAD)
    recommendation_assign(
        actor=staff, recommendation=recommendation, institution=justice, role=LEAD
    )
    assert _roles(recommendation) == {"Ministry of Health": SUPPORTING, "Ministry of Justice": LEAD}
    demoted = Assignment.objects.get(institution=health).history.first()
    assert demoted.history_user == staff
    assert demoted.history_change_reason.startswith("demoted")


def test_supporting_institution_promoted_to_lead(staff, health, justice):
    recommendation = RecommendationFactory()
    recommendation_assign(
        actor=staff, recommendation=recommendation, institution=health, role=SUPPORTING
    )
    recommendation_assign(
        actor=staff, recommendation=recommendation, institution=justice, role=LEAD
    )
    recommendation_assign(actor=staff, recommendation=recommendation, institution=health, role=LEAD)
    assert _roles(recommendation) == {"Ministry of Health": LEAD, "Ministry of Justice": SUPPORTING}


def test_assigning_the_same_role_twice_changes_nothing(staff, health):
    recommendation = RecommendationFactory()
    recommendation_assign(actor=staff, recommendation=recommendation, institution=health, role=LEAD)
    recommendation_assign(actor=staff, recommendation=recommendation, institution=health, role=LEAD)
    assert Assignment.history.count() == 1


def test_unassign_records_the_deletion(staff, health):
    recommendation = RecommendationFactory()
    recommendation_assign(actor=staff, recommendation=recommendation, institution=health, role=LEAD)
    assert recommendation_unassign(actor=staff, recommendation=recommendation, institution=health)
    assert not recommendation.assignments.exists()
    deletion = Assignment.history.order_by("-history_date").first()
    assert (deletion.history_type, deletion.history_user) == ("-", staff)
    assert not recommendation_unassign(
        actor=staff, recommendation=recommendation, institution=health
    )


def test_assignment_moves_focal_point_access(staff, health):
    focal = make_user(Profile.Role.FOCAL_POINT, institution=health, username="focal")
    recommendation = RecommendationFactory()
    assert not focal.has_perm("recommendations.update_progress", recommendation)
    recommendation_assign(actor=staff, recommendation=recommendation, institution=health, role=LEAD)
    assert focal.has_perm("recommendations.update_progress", recommendation)
    recommendation_unassign(actor=staff, recommendation=recommendation, institution=health)
    assert not focal.has_perm("recommendations.update_progress", recommendation)


def test_inactive_institution_cannot_be_assigned(staff, health):
    health.is_active = False
    health.save()
    with pytest.raises(ValidationError):
        recommendation_assign(
            actor=staff, recommendation=RecommendationFactory(), institution=health, role=LEAD
        )


def test_unknown_role_is_refused(staff, health):
    with pytest.raises(ValidationError):
        recommendation_assign(
            actor=staff, recommendation=RecommendationFactory(), institution=health, role="owner"
        )


@pytest.mark.parametrize(
    "role",
    [Profile.Role.FOCAL_POINT, Profile.Role.VIEWER, Profile.Role.NHRI, Profile.Role.CSO, None],
)
def test_only_the_secretariat_assigns(role, health):
    actor = make_user(role, institution=health, username="someone")
    recommendation = RecommendationFactory()
    with pytest.raises(PermissionDenied):
        recommendation_assign(
            actor=actor, recommendation=recommendation, institution=health, role=LEAD
        )
    with pytest.raises(PermissionDenied):
        recommendation_unassign(actor=actor, recommendation=recommendation, institution=health)
    with pytest.raises(PermissionDenied):
        recommendations_bulk_assign(
            actor=actor, recommendation_ids=[recommendation.pk], institution=health, role=LEAD
        )
    assert not Assignment.objects.exists()


def test_bulk_assign(staff, health, justice):
    recommendations = RecommendationFactory.create_batch(3)
    recommendation_assign(
        actor=staff, recommendation=recommendations[0], institution=justice, role=LEAD
    )
    count = recommendations_bulk_assign(
        actor=staff,
        recommendation_ids=[r.pk for r in recommendations] + [recommendations[0].pk],
        institution=health,
        role=LEAD,
    )
    assert count == 3
    assert Assignment.objects.filter(institution=health, role=LEAD).count() == 3
    assert Assignment.objects.get(institution=justice).role == SUPPORTING


def test_bulk_assign_with_an_unknown_id_assigns_nothing(staff, health):
    recommendation = RecommendationFactory()
    with pytest.raises(ValidationError):
        recommendations_bulk_assign(
            actor=staff,
            recommendation_ids=[recommendation.pk, 999999],
            institution=health,
            role=LEAD,
        )
    assert not Assignment.objects.exists()
