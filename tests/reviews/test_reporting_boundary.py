"""Where reviews of other mechanisms meet the reporting app, which this branch may not edit
(another engineer is reworking it). The strict xfail below fails the moment reporting limits
its UPR calendar to UPR reviews: then remove the marker."""

import datetime

import pytest

from recommendations.reviews.services import review_create
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.xfail(
    strict=True,
    raises=TypeError,
    reason="reporting/services/calendar.py reads every dated review as a UPR review "
    "(review.cycle + 1); it must filter mechanism='upr'",
)
def test_calendar_sync_ignores_a_dated_treaty_body_review(people, cedaw):
    from reporting.models import Deadline
    from reporting.services.calendar import calendar_sync_reviews

    upr = RecommendationFactory().review
    upr.date = datetime.date(2019, 11, 4)
    upr.save()
    review_create(
        actor=people["secretariat_admin"],
        mechanism="treaty_body",
        state_under_review=upr.state_under_review,
        body=cedaw,
        document_symbol="CEDAW/C/SVN/CO/7",
        date=datetime.date(2023, 3, 1),
    )
    calendar_sync_reviews(actor=people["secretariat_admin"])
    assert not Deadline.objects.filter(review__mechanism="treaty_body").exists()
