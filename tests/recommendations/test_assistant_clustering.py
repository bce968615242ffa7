import pytest

from mechanisms.models import Profile
from recommendations.assistant.clustering import propose_clusters
from recommendations.assistant.services import cluster_set_from_proposal
from recommendations.models import ClusterSet
from tests.factories import (
    ClusterFactory,
    RecommendationFactory,
    ReviewFactory,
    StateFactory,
    make_user,
)
from tests.recommendations.assistant_fixtures import *  # noqa: F403
from tests.recommendations.assistant_fixtures import TEXTS

pytestmark = pytest.mark.django_db

OLD = (
    "Ratify the Convention for the Protection of All Persons from Enforced Disappearance (France);"
)
NEW = "Ratify the Convention for the Protection of All Persons from Enforced Disappearance (Iraq);"


@pytest.fixture
def reviews(small_reference):
    slovenia = StateFactory()
    c2 = ReviewFactory(state_under_review=slovenia, cycle=2, session=20)
    c3 = ReviewFactory(state_under_review=slovenia, cycle=3, session=34)
    old = RecommendationFactory(text=OLD, review=c2)
    cluster = ClusterFactory(name="International obligations")
    old.clusters.add(cluster)
    repeat = RecommendationFactory(text=NEW, review=c3)
    women = RecommendationFactory(text=TEXTS["women"], review=c3)
    women.themes.set([small_reference["themes"]["F13"]])
    press = RecommendationFactory(text=TEXTS["press"], review=c3)  # unclassified
    return {"c3": c3, "cluster": cluster, "repeat": repeat, "women": women, "press": press}


def test_proposal_reuses_previous_cycle_clusters_then_groups_by_theme(reviews):
    proposals = {p.name: p for p in propose_clusters(reviews["c3"])}
    reused = proposals["International obligations"]
    assert reused.reused_from == reviews["cluster"]
    assert reused.recommendation_ids == [reviews["repeat"].pk]
    assert proposals["Women's rights"].recommendation_ids == [reviews["women"].pk]
    # The unclassified one goes by its best suggested theme (level 1).
    assert proposals["Fundamental freedoms"].recommendation_ids == [reviews["press"].pk]


def test_saving_an_edited_proposal_creates_a_cluster_set_for_the_review(reviews):
    staff = make_user(Profile.Role.SECRETARIAT_STAFF)
    cluster_set = cluster_set_from_proposal(
        actor=staff,
        review=reviews["c3"],
        name="Slovenia cycle 3 clusters",
        clusters=[
            ("Treaties", [reviews["repeat"].pk]),
            ("Women and media", [reviews["women"].pk, reviews["press"].pk]),
            ("Empty", []),
        ],
    )
    assert cluster_set.review == reviews["c3"]
    assert list(cluster_set.clusters.values_list("name", flat=True)) == [
        "Treaties",
        "Women and media",
    ]
    assert set(reviews["press"].clusters.values_list("name", flat=True)) == {"Women and media"}
    assert reviews["press"].history.first().history_change_reason == "classification"
    assert ClusterSet.objects.count() == 2
