"""Reviews of any mechanism and recommendations entered by hand: one service each."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nrtd.concurrency import RecordChanged
from recommendations.models import Recommendation, Review
from recommendations.reviews.services import (
    SplitItem,
    recommendation_add,
    recommendation_update,
    review_create,
    review_save_split,
    review_update,
)
from tests.factories import BodyFactory, StateFactory

pytestmark = pytest.mark.django_db


def test_a_treaty_body_review_holds_its_concluding_observations(treaty_review, cedaw):
    treaty_review.refresh_from_db()
    assert treaty_review.mechanism == "treaty_body"
    assert treaty_review.body == cedaw
    assert treaty_review.followup_due == datetime.date(2025, 3, 1)
    assert treaty_review.history.count() == 1
    assert str(treaty_review) == "Slovenia — CEDAW — CEDAW/C/SVN/CO/7"


def test_a_upr_review_gets_its_cycle_from_the_session(people):
    BodyFactory()
    review = review_create(
        actor=people["secretariat_admin"],
        mechanism="upr",
        state_under_review=StateFactory(),
        session=41,
    )
    assert review.cycle == 4
    assert review.body.code == "UPR"


def test_fields_of_another_mechanism_are_cleared(people, mandate):
    review = review_create(
        actor=people["secretariat_staff"],
        mechanism="special_procedure",
        state_under_review=StateFactory(),
        body=mandate,
        visit_start=datetime.date(2024, 5, 6),
        visit_end=datetime.date(2024, 5, 15),
        followup_due=datetime.date(2026, 1, 1),
        session=3,
    )
    assert review.followup_due is None
    assert review.session is None
    assert review.visit_end == datetime.date(2024, 5, 15)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"mechanism": "upr"}, "session"),
        ({"mechanism": "treaty_body"}, "body"),
    ],
)
def test_a_review_without_what_its_mechanism_needs_is_refused(people, fields, field):
    with pytest.raises(ValidationError) as exc:
        review_create(
            actor=people["secretariat_staff"], state_under_review=StateFactory(), **fields
        )
    assert field in exc.value.message_dict


def test_a_body_of_another_mechanism_is_refused(people, mandate):
    with pytest.raises(ValidationError) as exc:
        review_create(
            actor=people["secretariat_staff"],
            mechanism="treaty_body",
            state_under_review=StateFactory(),
            body=mandate,
        )
    assert "body" in exc.value.message_dict


def test_the_same_concluding_observations_twice_are_refused(people, treaty_review, cedaw):
    with pytest.raises(ValidationError):
        review_create(
            actor=people["secretariat_staff"],
            mechanism="treaty_body",
            state_under_review=treaty_review.state_under_review,
            body=cedaw,
            document_symbol="CEDAW/C/SVN/CO/7",
        )


@pytest.mark.parametrize("role", ["focal_own", "viewer", "nhri", "cso"])
def test_only_the_secretariat_creates_reviews(people, cedaw, role):
    with pytest.raises(PermissionDenied):
        review_create(
            actor=people[role],
            mechanism="treaty_body",
            state_under_review=StateFactory(),
            body=cedaw,
        )
    assert not Review.objects.exists()


def test_review_update_checks_the_version_and_moves_the_document_to_its_items(
    people, treaty_review
):
    rec = recommendation_add(
        actor=people["secretariat_staff"], review=treaty_review, text="Adopt a law.", paragraph="12"
    )
    updated = review_update(
        actor=people["secretariat_staff"],
        review=treaty_review,
        expected_version=1,
        document_symbol="CEDAW/C/SVN/CO/8",
    )
    assert updated.version == 2
    rec.refresh_from_db()
    assert rec.document_symbol == "CEDAW/C/SVN/CO/8"
    with pytest.raises(RecordChanged) as exc:
        review_update(
            actor=people["secretariat_admin"],
            review=treaty_review,
            expected_version=1,
            title="Stale",
        )
    assert exc.value.changed_fields == ["document_symbol"]


def test_a_recommendation_added_by_hand_takes_the_review_document_and_a_response(
    people, treaty_review, cedaw
):
    rec = recommendation_add(
        actor=people["secretariat_staff"],
        review=treaty_review,
        text="  Adopt a law on defenders.  ",
        paragraph="20 (a)",
        response="supported",
        is_followup_item=True,
    )
    assert rec.text == "Adopt a law on defenders."
    assert rec.mechanism == "treaty_body"
    assert rec.body == cedaw
    assert rec.document_symbol == "CEDAW/C/SVN/CO/7"
    assert rec.date == datetime.date(2023, 3, 1)
    assert rec.response_label == "Supported"
    assert rec.responses.get().value == "supported"
    assert rec.history.get().history_user == people["secretariat_staff"]


def test_a_recommendation_without_text_is_refused(people, treaty_review):
    with pytest.raises(ValidationError) as exc:
        recommendation_add(actor=people["secretariat_staff"], review=treaty_review, text=" ")
    assert "text" in exc.value.message_dict


def test_recommendation_update_keeps_history_and_refuses_a_stale_version(people, treaty_review):
    rec = recommendation_add(
        actor=people["secretariat_staff"], review=treaty_review, text="Adopt a law.", paragraph="12"
    )
    recommendation_update(
        actor=people["secretariat_admin"],
        recommendation=rec,
        expected_version=1,
        text="Adopt a law now.",
        response="noted",
    )
    rec.refresh_from_db()
    assert rec.text == "Adopt a law now."
    assert rec.response_label == "Noted"
    assert rec.history.count() == 2
    assert rec.responses.count() == 1
    with pytest.raises(RecordChanged):
        recommendation_update(
            actor=people["secretariat_staff"],
            recommendation=rec,
            expected_version=1,
            paragraph="13",
        )


def test_a_focal_point_cannot_add_a_recommendation(people, treaty_review):
    with pytest.raises(PermissionDenied):
        recommendation_add(actor=people["focal_own"], review=treaty_review, text="x")


def test_saving_a_split_writes_the_marked_paragraphs_and_the_dates(people, treaty_review):
    items = [
        SplitItem("11", "The Committee notes…", is_recommendation=False),
        SplitItem("12 (a)", "Adopt a law;", followup=True),
        SplitItem("12 (b)", "Train the police."),
    ]
    saved = review_save_split(
        actor=people["secretariat_staff"],
        review=treaty_review,
        items=items,
        next_report_due=datetime.date(2027, 10, 1),
    )
    assert [r.paragraph for r in saved] == ["12 (a)", "12 (b)"]
    assert [r.is_followup_item for r in saved] == [True, False]
    treaty_review.refresh_from_db()
    assert treaty_review.next_report_due == datetime.date(2027, 10, 1)


def test_a_split_with_one_bad_paragraph_saves_nothing(people, treaty_review):
    recommendation_add(
        actor=people["secretariat_staff"],
        review=treaty_review,
        text="Already there.",
        paragraph="12 (b)",
    )
    items = [SplitItem("12 (a)", "Adopt a law;"), SplitItem("12 (b)", "Train the police.")]
    with pytest.raises(ValidationError):
        review_save_split(actor=people["secretariat_staff"], review=treaty_review, items=items)
    assert Recommendation.objects.filter(review=treaty_review).count() == 1
