import io

import pytest

from mechanisms import demo as mechanisms_demo
from mechanisms.demo import HEALTH, JUSTICE, demo_institution
from recommendations.demo import followup as demo_followup
from recommendations.models import (
    ActionPlan,
    Activity,
    Assignment,
    Indicator,
    ProgressUpdate,
    UpdateRound,
)
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_demo_follow_up_is_idempotent(settings):
    mechanisms_demo.seed(stdout=io.StringIO())
    for n, name in enumerate([HEALTH, HEALTH, HEALTH, JUSTICE]):
        Assignment.objects.create(
            recommendation=RecommendationFactory(paragraph=f"99.{n}"),
            institution=demo_institution(name),
            role="lead",
        )
    demo_followup.seed(stdout=io.StringIO())
    counts = [
        m.objects.count() for m in (ActionPlan, Activity, Indicator, ProgressUpdate, UpdateRound)
    ]
    out = io.StringIO()
    demo_followup.seed(stdout=out)
    assert "already there" in out.getvalue()
    assert counts == [
        m.objects.count() for m in (ActionPlan, Activity, Indicator, ProgressUpdate, UpdateRound)
    ]
    assert Activity.objects.get().recommendations.count() == 2
    assert UpdateRound.objects.get().tasks.count() == 4
