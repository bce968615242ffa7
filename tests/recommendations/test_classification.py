"""The classification services: one recommendation with optimistic concurrency, in bulk,
and cluster sets."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mechanisms.models import Profile
from nrtd.concurrency import RecordChanged
from recommendations.models import (
    AffectedGroup,
    ClusterSet,
    Recommendation,
    SdgGoal,
    SdgTarget,
    Theme,
)
from recommendations.registry.services import (
    cluster_create,
    cluster_set_create,
    recommendation_classify,
    recommendations_add_to_cluster,
    recommendations_set_priority,
)
from tests.factories import ClusterFactory, RecommendationFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat():
    return make_user(Profile.Role.SECRETARIAT_STAFF)


@pytest.fixture
def sdg():
    goal5 = SdgGoal.objects.create(number=5, titles={"en": "Gender equality"})
    goal16 = SdgGoal.objects.create(number=16, titles={"en": "Peace"})
    goal4 = SdgGoal.objects.create(number=4, titles={"en": "Education"})
    target = SdgTarget.objects.create(code="5.2", goal=goal5, sort_key="05.02")
    return {"goal5": goal5, "goal16": goal16, "goal4": goal4, "target": target}


def test_classify_sets_everything_and_bumps_the_version(secretariat, sdg):
    rec = RecommendationFactory()
    theme = Theme.objects.create(code="F13", name="Violence against women")
    group = AffectedGroup.objects.create(code="women", name="Women")
    cluster = ClusterFactory()
    result = recommendation_classify(
        actor=secretariat,
        recommendation=rec,
        expected_version=1,
        themes=[theme],
        groups=[group],
        sdg_targets=[sdg["target"]],
        sdg_goals=[sdg["goal16"]],
        clusters=[cluster],
        priority="high",
        needs_parliament=True,
        budget_implications=True,
    )
    rec = Recommendation.objects.get(pk=rec.pk)
    assert result.version == rec.version == 2
    assert list(rec.themes.all()) == [theme]
    assert list(rec.groups.all()) == [group]
    assert list(rec.clusters.all()) == [cluster]
    assert (rec.priority, rec.needs_parliament, rec.budget_implications) == ("high", True, True)
    # Goals: the one given directly plus the goal of the target.
    assert set(rec.sdg_goals.values_list("number", flat=True)) == {5, 16}


def test_classify_records_who_changed_what(secretariat):
    rec = RecommendationFactory()
    recommendation_classify(
        actor=secretariat, recommendation=rec, expected_version=1, priority="low"
    )
    latest = rec.history.first()
    # Named by the service itself, not only by the request's middleware (the API, commands).
    assert latest.history_user == secretariat
    assert latest.priority == "low"
    assert latest.version == 2
    assert latest.history_change_reason == "classification"


def test_arguments_left_out_are_unchanged(secretariat):
    theme = Theme.objects.create(code="D25", name="Torture")
    rec = RecommendationFactory(priority="high")
    rec.themes.set([theme])
    recommendation_classify(
        actor=secretariat, recommendation=rec, expected_version=1, needs_parliament=True
    )
    rec.refresh_from_db()
    assert rec.priority == "high"
    assert list(rec.themes.all()) == [theme]


def test_stale_version_raises_a_conflict_naming_the_change_and_writes_nothing(secretariat):
    rec = RecommendationFactory()
    other = make_user(Profile.Role.SECRETARIAT_ADMIN)
    recommendation_classify(actor=other, recommendation=rec, expected_version=1, priority="high")
    theme = Theme.objects.create(code="D25", name="Torture")
    with pytest.raises(RecordChanged) as info:
        recommendation_classify(
            actor=secretariat,
            recommendation=rec,
            expected_version=1,
            priority="low",
            themes=[theme],
        )
    assert info.value.changed_fields == ["priority"]
    assert info.value.changed_labels == ["priority"]
    rec.refresh_from_db()
    assert rec.priority == "high"
    assert rec.version == 2
    assert not rec.themes.exists()


def test_conflict_lists_theme_changes(secretariat):
    rec = RecommendationFactory()
    theme = Theme.objects.create(code="D25", name="Torture")
    recommendation_classify(
        actor=secretariat, recommendation=rec, expected_version=1, themes=[theme]
    )
    with pytest.raises(RecordChanged) as info:
        recommendation_classify(
            actor=secretariat, recommendation=rec, expected_version=1, priority="low"
        )
    assert "themes" in info.value.changed_fields


@pytest.mark.parametrize(
    "role", [Profile.Role.FOCAL_POINT, Profile.Role.VIEWER, Profile.Role.NHRI, Profile.Role.CSO]
)
def test_only_the_secretariat_classifies(role):
    rec = RecommendationFactory()
    with pytest.raises(PermissionDenied):
        recommendation_classify(
            actor=make_user(role), recommendation=rec, expected_version=1, priority="high"
        )


def test_unknown_priority_is_refused(secretariat):
    with pytest.raises(ValidationError):
        recommendation_classify(
            actor=secretariat,
            recommendation=RecommendationFactory(),
            expected_version=1,
            priority="urgent",
        )


def test_bulk_add_to_cluster_counts_only_new_members(secretariat):
    cluster = ClusterFactory()
    recs = RecommendationFactory.create_batch(3)
    recs[0].clusters.add(cluster)
    assert (
        recommendations_add_to_cluster(actor=secretariat, recommendations=recs, cluster=cluster)
        == 2
    )
    assert cluster.recommendations.count() == 3
    assert Recommendation.objects.get(pk=recs[1].pk).version == 2
    assert Recommendation.objects.get(pk=recs[0].pk).version == 1


def test_bulk_set_priority(secretariat):
    recs = RecommendationFactory.create_batch(2)
    assert (
        recommendations_set_priority(actor=secretariat, recommendations=recs, priority="high") == 2
    )
    assert set(Recommendation.objects.values_list("priority", flat=True)) == {"high"}
    latest = recs[0].history.first()
    assert latest.history_change_reason == "bulk classification"
    assert latest.history_user == secretariat
    assert latest.version == 2


def test_bulk_actions_need_the_secretariat():
    viewer = make_user(Profile.Role.VIEWER)
    with pytest.raises(PermissionDenied):
        recommendations_set_priority(
            actor=viewer, recommendations=[RecommendationFactory()], priority="high"
        )
    assert not Recommendation.objects.filter(priority="high").exists()


def test_cluster_sets_and_clusters(secretariat):
    cluster_set = cluster_set_create(actor=secretariat, name=" Mid-term 2027 ")
    assert cluster_set.name == "Mid-term 2027"
    cluster = cluster_create(actor=secretariat, cluster_set=cluster_set, name="Justice")
    assert cluster.order == 1
    with pytest.raises(ValidationError):
        cluster_set_create(actor=secretariat, name="mid-term 2027")
    with pytest.raises(ValidationError):
        cluster_create(actor=secretariat, cluster_set=cluster_set, name="justice")
    with pytest.raises(PermissionDenied):
        cluster_set_create(actor=make_user(Profile.Role.FOCAL_POINT), name="Other")
    assert ClusterSet.objects.count() == 1
