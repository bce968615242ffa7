"""Where reviews of other mechanisms meet the reporting calendar: the UPR rhythm is computed
from UPR reviews only; a treaty body's follow-up reply and next periodic report come from
its review, once, and a corrected entry is never overwritten."""

import datetime

import pytest

from recommendations.reviews.services import review_create
from reporting.models import Deadline
from reporting.services.calendar import calendar_sync_reviews
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_calendar_sync_reads_each_review_by_its_mechanism(people, cedaw):
    admin = people["secretariat_admin"]
    upr = RecommendationFactory().review
    upr.date = datetime.date(2019, 11, 4)
    upr.save()
    treaty = review_create(
        actor=admin,
        mechanism="treaty_body",
        state_under_review=upr.state_under_review,
        body=cedaw,
        document_symbol="CEDAW/C/SVN/CO/7",
        date=datetime.date(2023, 3, 1),
        followup_due=datetime.date(2025, 3, 1),
        next_report_due=datetime.date(2027, 3, 1),
    )
    calendar_sync_reviews(actor=admin)
    upr_kinds = set(Deadline.objects.filter(review=upr).values_list("kind", flat=True))
    assert upr_kinds == {"midterm", "upr_review", "upr_national"}
    entries = {d.kind: d for d in Deadline.objects.filter(review=treaty).select_related("body")}
    assert set(entries) == {"followup", "periodic"}
    followup = entries["followup"]
    assert (followup.due_date, followup.mechanism, followup.body) == (
        datetime.date(2025, 3, 1),
        "treaty_body",
        cedaw,
    )
    assert followup.title == "Follow-up reply to CEDAW (CEDAW/C/SVN/CO/7)"
    assert not followup.is_estimate
    assert entries["periodic"].due_date == datetime.date(2027, 3, 1)

    # The secretariat corrects the date: a second sync keeps the correction.
    followup.due_date = datetime.date(2025, 6, 1)
    followup.save()
    assert calendar_sync_reviews(actor=admin) == 0
    followup.refresh_from_db()
    assert followup.due_date == datetime.date(2025, 6, 1)


def test_a_treaty_review_without_due_dates_adds_nothing(people, cedaw):
    admin = people["secretariat_admin"]
    review_create(
        actor=admin,
        mechanism="treaty_body",
        state_under_review=RecommendationFactory().review.state_under_review,
        body=cedaw,
        document_symbol="CEDAW/C/SVN/CO/8",
        date=datetime.date(2024, 3, 1),
    )
    assert calendar_sync_reviews(actor=admin) == 0


def test_the_calendar_follows_a_treaty_review_as_it_is_saved(people, cedaw):
    """No button to press: saving the review adds its entries, and a changed date moves an
    entry still as the review set it, never one the secretariat corrected or submitted."""
    admin = people["secretariat_admin"]
    state = RecommendationFactory().review.state_under_review
    treaty = review_create(
        actor=admin,
        mechanism="treaty_body",
        state_under_review=state,
        body=cedaw,
        document_symbol="CEDAW/C/SVN/CO/9",
        date=datetime.date(2025, 3, 1),
        followup_due=datetime.date(2027, 3, 1),
    )
    followup = Deadline.objects.get(review=treaty, kind="followup")
    assert followup.due_date == datetime.date(2027, 3, 1)
    assert followup.title == "Follow-up reply to CEDAW (CEDAW/C/SVN/CO/9)"
    assert not Deadline.objects.filter(review=treaty, kind="periodic").exists()

    treaty.followup_due = datetime.date(2027, 4, 1)
    treaty.next_report_due = datetime.date(2029, 3, 1)
    treaty.save()
    followup.refresh_from_db()
    assert followup.due_date == datetime.date(2027, 4, 1)  # followed the review
    periodic = Deadline.objects.get(review=treaty, kind="periodic")
    assert periodic.due_date == datetime.date(2029, 3, 1)

    periodic.due_date = datetime.date(2029, 6, 1)  # the secretariat corrects it
    periodic.save()
    followup.submitted_on = datetime.date(2027, 3, 20)  # and sends the reply
    followup.save()
    treaty.followup_due = datetime.date(2027, 5, 1)
    treaty.next_report_due = datetime.date(2030, 3, 1)
    treaty.save()
    periodic.refresh_from_db()
    followup.refresh_from_db()
    assert periodic.due_date == datetime.date(2029, 6, 1)
    assert followup.due_date == datetime.date(2027, 4, 1)
    assert calendar_sync_reviews(actor=admin) == 0
    assert Deadline.objects.filter(review=treaty).count() == 2
