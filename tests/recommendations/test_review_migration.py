"""Migrating to reviews of any mechanism keeps the data: UPR reviews name the Working Group,
and every recommendation that had no review gets one, grouped by body and document."""

import datetime

import pytest

from recommendations.models import Recommendation, Review
from tests.factories import BodyFactory, RecommendationFactory
from tests.recommendations.conftest import migrate, migrate_to_latest

BEFORE = [("recommendations", "0016_sheetupload_kind_heartbeat")]

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_recommendation_gets_a_review_grouped_by_document(settings):
    settings.NRTD_OWN_STATE = ""
    upr_rec = RecommendationFactory()
    state_id = upr_rec.review.state_under_review_id
    upr_body_id = upr_rec.body_id
    cedaw = BodyFactory(code="CEDAW", name="CEDAW", mechanism="treaty_body")
    sr = BodyFactory(code="SR food", name="SR on food", mechanism="special_procedure")
    old_apps = migrate(BEFORE)
    try:
        OldRec = old_apps.get_model("recommendations", "Recommendation")
        adopted = datetime.date(2023, 3, 1)
        for paragraph in ("12", "14", "30"):
            OldRec.objects.create(
                text=f"CEDAW {paragraph}",
                paragraph=paragraph,
                mechanism="treaty_body",
                body_id=cedaw.pk,
                document_symbol="CEDAW/C/XXX/CO/7",
                date=adopted,
            )
        OldRec.objects.create(
            text="Visit", mechanism="special_procedure", body_id=sr.pk, document_symbol=""
        )
    finally:
        migrate_to_latest()
    assert not Recommendation.objects.filter(review__isnull=True).exists()
    treaty = Review.objects.get(mechanism="treaty_body")
    assert treaty.body_id == cedaw.pk
    assert treaty.document_symbol == "CEDAW/C/XXX/CO/7"
    assert treaty.date == datetime.date(2023, 3, 1)
    assert treaty.state_under_review_id == state_id
    assert treaty.recommendations.count() == 3
    assert Review.objects.get(mechanism="special_procedure").recommendations.count() == 1
    upr = Review.objects.get(pk=upr_rec.review_id)
    assert upr.mechanism == "upr"
    assert upr.recommendations.get() == upr_rec
    # The factory's UPR body is code "UPR": the existing review names it.
    assert upr.body_id == upr_body_id


AFTER_FIRST_FILL = [("recommendations", "0022_special_procedure_visits_communications")]


def test_the_review_becomes_required_after_a_last_fill(settings):
    """A recommendation saved without a review after the first fill gets one before the
    column becomes NOT NULL."""
    settings.NRTD_OWN_STATE = ""
    upr_rec = RecommendationFactory()
    cerd = BodyFactory(code="CERD", name="CERD", mechanism="treaty_body")
    old_apps = migrate(AFTER_FIRST_FILL)
    try:
        OldRec = old_apps.get_model("recommendations", "Recommendation")
        OldRec.objects.create(
            text="CERD 9", mechanism="treaty_body", body_id=cerd.pk, document_symbol="CERD/C/X/CO/1"
        )
    finally:
        migrate_to_latest()
    orphan = Recommendation.objects.get(text="CERD 9")
    assert orphan.review.state_under_review_id == upr_rec.review.state_under_review_id
    assert orphan.review.mechanism == "treaty_body"
    assert Recommendation._meta.get_field("review").null is False


def test_the_migration_stops_rather_than_lose_items_it_cannot_place(settings):
    """No State to give them (no NRTD_OWN_STATE, no review at all): the migration stops with
    a message and the recommendations stay as they were."""
    settings.NRTD_OWN_STATE = ""
    cerd = BodyFactory(code="CERD", name="CERD", mechanism="treaty_body")
    old_apps = migrate(AFTER_FIRST_FILL)
    OldRec = old_apps.get_model("recommendations", "Recommendation")
    OldRec.objects.create(text="CERD 9", mechanism="treaty_body", body_id=cerd.pk)
    try:
        with pytest.raises(RuntimeError, match="NRTD_OWN_STATE"):
            migrate_to_latest()
        assert OldRec.objects.filter(text="CERD 9", review__isnull=True).exists()
    finally:
        OldRec.objects.filter(text="CERD 9").delete()
        migrate_to_latest()
