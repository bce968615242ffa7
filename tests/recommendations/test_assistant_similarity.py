import datetime

import numpy as np
import pytest
from django.core.management import call_command
from sklearn.preprocessing import normalize

from recommendations.assistant import similar_to
from recommendations.assistant.services import links_store
from recommendations.assistant.similarity import load, nearest, vectorizer
from recommendations.models import Mechanism, Recommendation, RecommendationLink
from tests.factories import (
    BodyFactory,
    RecommendationFactory,
    ReviewFactory,
    StateFactory,
)
from tests.recommendations.assistant_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

CONVENTION = (
    "the International Convention for the Protection of All Persons from Enforced Disappearance"
)
OLD = f"Ratify {CONVENTION} (France);"
NEW = f"Ratify {CONVENTION} (Lithuania) (Iraq);"
OTHER = "Improve the conditions of detention in prisons and reduce overcrowding (Spain);"


@pytest.fixture
def cycles():
    slovenia = StateFactory()
    return {
        "c2": ReviewFactory(state_under_review=slovenia, cycle=2, session=20),
        "c3": ReviewFactory(state_under_review=slovenia, cycle=3, session=34),
        "other_state": ReviewFactory(
            state_under_review=StateFactory(iso2="HR", iso3="HRV", name="Croatia"),
            cycle=2,
            session=21,
        ),
    }


def test_repeat_from_an_earlier_cycle_is_stored_once_with_its_score(cycles):
    old = RecommendationFactory(text=OLD, review=cycles["c2"], paragraph="115.5")
    new = RecommendationFactory(text=NEW, review=cycles["c3"], paragraph="121.1")
    RecommendationFactory(text=OTHER, review=cycles["c3"])
    counts = links_store(recommendations=Recommendation.objects.filter(review=cycles["c3"]))
    assert counts == {"created": 1, "updated": 0}
    link = RecommendationLink.objects.get()
    assert (link.source, link.target, link.kind) == (new, old, "repeated")
    assert link.score > 0.8
    # Idempotent: a second run (here over everything) adds nothing.
    assert links_store(recommendations=Recommendation.objects.all()) == {"created": 0, "updated": 0}
    assert RecommendationLink.objects.count() == 1


def test_similar_to_marks_repeats_and_never_looks_at_siblings_or_other_states(cycles):
    old = RecommendationFactory(text=OLD, review=cycles["c2"], paragraph="115.5")
    new = RecommendationFactory(text=NEW, review=cycles["c3"])
    RecommendationFactory(text=NEW + " again", review=cycles["c3"])  # sibling, same review
    RecommendationFactory(text=NEW, review=cycles["other_state"])  # another State
    found = similar_to(new, limit=5)
    assert [(r, kind) for r, _score, kind in found] == [(old, "repeated")]
    # The earlier one does not see the later one as a repeat of itself.
    assert similar_to(old, limit=5) == []


def test_other_mechanism_is_similar_whatever_its_date(cycles):
    upr = RecommendationFactory(text=NEW, review=cycles["c3"])
    ced = BodyFactory(
        code="CED", name="Committee on Enforced Disappearances", mechanism=Mechanism.TREATY_BODY
    )
    treaty = RecommendationFactory(
        text=f"The Committee recommends that the State party ratify {CONVENTION}.",
        body=ced,
        mechanism=Mechanism.TREATY_BODY,
        document_symbol="CED/C/SVN/CO/1",
        date=datetime.date(2030, 1, 1),
    )
    found = similar_to(upr, limit=5)
    assert [(r, kind) for r, _s, kind in found] == [(treaty, "similar")]
    links_store(recommendations=Recommendation.objects.all())
    links_store(recommendations=Recommendation.objects.all())
    link = RecommendationLink.objects.get()
    assert link.kind == "similar"
    assert {link.source, link.target} == {upr, treaty}


def test_chunked_search_gives_the_same_answer_as_one_block(cycles):
    words = ["torture", "prison", "women", "children", "press", "asylum", "roma", "police"]
    rng = np.random.default_rng(1)
    for i in range(60):
        text = " ".join(rng.choice(words, size=6)) + f" measure {i}"
        RecommendationFactory(text=text, review=cycles["c2" if i % 2 else "c3"])
    texts, meta = load(Recommendation.objects.all())
    matrix = normalize(vectorizer().fit_transform(texts))
    one = sorted(
        nearest(matrix, meta, matrix, meta, limit=3, chunk=1000, similar_min=0, repeat_min=0.1)
    )
    many = sorted(
        nearest(matrix, meta, matrix, meta, limit=3, chunk=7, similar_min=0, repeat_min=0.1)
    )
    assert one == many
    assert one


def test_find_similar_command(cycles, capsys):
    RecommendationFactory(text=OLD, review=cycles["c2"])
    RecommendationFactory(text=NEW, review=cycles["c3"])
    call_command("find_similar", "--review", str(cycles["c3"].pk))
    assert "links created: 1" in capsys.readouterr().out
