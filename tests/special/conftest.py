import datetime

import pytest

from recommendations.reviews.services import review_create
from recommendations.special.services import communication_create, visit_create
from tests.factories import BodyFactory, StateFactory, health_rapporteur

TODAY = datetime.date.today()


@pytest.fixture
def mandate(db):
    return health_rapporteur()


@pytest.fixture
def other_mandate(db):
    return BodyFactory(
        code="WGAD", name="Working Group on Arbitrary Detention", mechanism="special_procedure"
    )


@pytest.fixture
def state(db):
    return StateFactory()


@pytest.fixture
def staff(people):
    return people["secretariat_staff"]


@pytest.fixture
def visit(staff, mandate, state):
    return visit_create(
        actor=staff, state=state, mandate=mandate, requested_on=datetime.date(2025, 1, 10)
    )


@pytest.fixture
def communication(staff, mandate, state):
    return communication_create(
        actor=staff,
        state=state,
        reference="AL SVN 1/2026",
        subject="Alleged detention of a human rights defender (test text)",
        mandates=[mandate],
        received_on=TODAY - datetime.timedelta(days=10),
    )


def mission_report(*, actor, state, mandate, symbol="A/HRC/59/40/Add.1"):
    """The mandate's report on a country visit to ``state``: a special procedure review."""
    return review_create(
        actor=actor,
        mechanism="special_procedure",
        state_under_review=state,
        body=mandate,
        document_symbol=symbol,
    )
