"""Text search: full-text with a typo fallback on PostgreSQL, words on SQLite."""

import pytest
from django.db import connection

from recommendations.filtering.search import _search_words, search_recommendations
from recommendations.models import Recommendation
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text and trigram search need PostgreSQL (CI runs the suite on it)",
)


@pytest.fixture
def texts():
    return {
        "torture": RecommendationFactory(
            text="Take further measures to prevent torture in places of detention"
        ),
        "women": RecommendationFactory(
            text="Ensure that women victims of violence have access to shelters"
        ),
        "birth": RecommendationFactory(
            text="Guarantee free birth registration for all children, including refugees"
        ),
        "journalists": RecommendationFactory(
            text="Protect journalists and human rights defenders from harassment"
        ),
    }


def found(query):
    return list(
        search_recommendations(Recommendation.objects.all(), query).values_list("pk", flat=True)
    )


def test_empty_query_leaves_the_list_alone(texts):
    qs = Recommendation.objects.all()
    assert search_recommendations(qs, "  ") is qs


def test_search_finds_a_word_in_the_text(texts):
    assert found("torture") == [texts["torture"].pk]


def test_search_needs_every_word(texts):
    assert found("birth registration") == [texts["birth"].pk]
    assert found("birth torture") == []


def test_search_keeps_other_filters(texts):
    qs = Recommendation.objects.exclude(pk=texts["torture"].pk)
    assert list(search_recommendations(qs, "torture")) == []


def test_word_fallback_is_case_insensitive(texts):
    # The SQLite path, callable on any database.
    qs = _search_words(Recommendation.objects.all(), "JOURNALISTS Harassment")
    assert list(qs.values_list("pk", flat=True)) == [texts["journalists"].pk]


@postgresql_only
def test_trigger_fills_the_search_vector_on_insert_and_update(texts):
    rec = texts["torture"]
    rec.refresh_from_db()
    assert rec.search_vector
    rec.text = "Abolish the death penalty"
    rec.save()
    assert found("penalty") == [rec.pk]
    assert found("torture") == []


@postgresql_only
def test_bulk_created_rows_are_searchable(texts):
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                text="Ratify the Optional Protocol",
                body=texts["torture"].body,
                review=texts["torture"].review,
            )
        ]
    )
    assert len(found("optional protocol")) == 1


@postgresql_only
def test_stemming_matches_other_forms_of_a_word(texts):
    assert found("birth registrations") == [texts["birth"].pk]
    assert found("protecting journalist") == [texts["journalists"].pk]


@postgresql_only
def test_web_search_syntax_quotes_and_exclusion(texts):
    assert found('"human rights defenders"') == [texts["journalists"].pk]
    # An exclusion that empties the result is what the user asked for: no typo fallback.
    assert found("violence -shelters") == []
    assert set(found("torture or shelters")) == {texts["torture"].pk, texts["women"].pk}


@postgresql_only
def test_typos_fall_back_to_trigram_similarity(texts):
    assert found("tortre") == [texts["torture"].pk]
    assert found("jounalists harrassment") == [texts["journalists"].pk]


@postgresql_only
def test_results_are_ranked_best_first(texts):
    best = RecommendationFactory(text="Torture: criminalize torture and investigate torture")
    assert found("torture")[0] == best.pk


@postgresql_only
def test_paragraph_number_is_searchable(texts):
    rec = RecommendationFactory(text="Something else entirely", paragraph="140.12")
    assert found("140.12") == [rec.pk]
