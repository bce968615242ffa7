"""The migration from a published flag to a moderation state on comments loses nothing:
published stakeholder comments stay public, the others wait in the queue, and internal
(government) comments stay internal even if one was flagged published by mistake."""

import pytest

from recommendations.models import Comment
from tests.factories import RecommendationFactory, UserFactory
from tests.recommendations.conftest import migrate, migrate_to_latest

BEFORE = [("recommendations", "0006_facet_indexes")]

pytestmark = pytest.mark.django_db(transaction=True)


def test_published_flag_becomes_a_moderation_state():
    recommendation = RecommendationFactory()
    author = UserFactory()
    old_apps = migrate(BEFORE)
    try:
        OldComment = old_apps.get_model("recommendations", "Comment")
        for body, internal, published in [
            ("public", False, True),
            ("waiting", False, False),
            ("internal", True, False),
            ("internal flagged", True, True),
        ]:
            OldComment.objects.create(
                recommendation_id=recommendation.pk,
                author_id=author.pk,
                body=body,
                is_internal=internal,
                is_published=published,
            )
    finally:
        migrate_to_latest()
    states = dict(Comment.objects.values_list("body", "moderation"))
    assert states == {
        "public": "published",
        "waiting": "pending",
        "internal": "pending",
        "internal flagged": "pending",
    }
    assert not Comment.objects.filter(moderated_by__isnull=False).exists()


def test_going_back_restores_the_published_flag():
    recommendation = RecommendationFactory()
    author = UserFactory()
    for body, moderation in [("public", "published"), ("rejected", "rejected")]:
        Comment.objects.create(
            recommendation=recommendation,
            author=author,
            body=body,
            is_internal=False,
            moderation=moderation,
        )
    old_apps = migrate(BEFORE)
    try:
        OldComment = old_apps.get_model("recommendations", "Comment")
        flags = dict(OldComment.objects.values_list("body", "is_published"))
    finally:
        migrate_to_latest()
    assert flags == {"public": True, "rejected": False}
