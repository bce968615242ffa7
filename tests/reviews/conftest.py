import datetime

import pytest

from recommendations.reviews.services import review_create
from tests.factories import BodyFactory, StateFactory, health_rapporteur


@pytest.fixture
def cedaw(db):
    return BodyFactory(
        code="CEDAW",
        name="Committee on the Elimination of Discrimination against Women",
        mechanism="treaty_body",
    )


@pytest.fixture
def mandate(db):
    return health_rapporteur()


@pytest.fixture
def treaty_review(people, cedaw):
    return review_create(
        actor=people["secretariat_staff"],
        mechanism="treaty_body",
        state_under_review=StateFactory(),
        body=cedaw,
        document_symbol="CEDAW/C/SVN/CO/7",
        date=datetime.date(2023, 3, 1),
        state_report_symbol="CEDAW/C/SVN/7",
        followup_due=datetime.date(2025, 3, 1),
    )
