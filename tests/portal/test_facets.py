"""Facet counts of the public search equal what the database counts for the same choices,
for combined filters; each facet's own choice is left out when counting it."""

import re

import pytest
from django.db import connection
from django.http import QueryDict

from recommendations.filtering.facets import facet_counts
from recommendations.filtering.filters import RecommendationFilter
from recommendations.filtering.sorting import sort_recommendations
from recommendations.portal.views import SEARCH_FACETS
from recommendations.publishing.selectors import public_recommendations
from tests.factories import RecommendationFactory, StateFactory

pytestmark = pytest.mark.django_db

COMBINATIONS = [
    "",
    "sdg_goal=16",
    "sdg_goal=16&body=UPR",
    "sdg_goal=16&sdg_goal=5&response=supported",
    "theme=D2&cycle=3",
    "search=torture&body=UPR",
    "year=2019&status=in_progress&institution={justice}",
    "mechanism=treaty_body&group=women",
    # Every M2M filter the facet statement reads from facet_keys (migration 0032).
    "recommending_state=FRA&sdg_target=16.3&cluster={cluster}",
    "search=torture&theme=D2&institution={justice}&sdg_goal=16",
    # The portal's broad shape: sets read once are folded into their count (not materialized).
    "search=torture&sdg_goal=16&response=supported",
]


def _expected(data: QueryDict, name: str, value: str) -> int:
    """Recommendations matching every other choice and this facet's ``value``."""
    query = data.copy()
    query.setlist(name, [value])
    return RecommendationFilter(query, queryset=public_recommendations()).qs.count()


@pytest.mark.parametrize("combination", COMBINATIONS)
def test_facet_counts_equal_the_database_for_combined_filters(portal_data, combination):
    data = QueryDict(
        combination.format(justice=portal_data.justice.pk, cluster=portal_data.cluster.pk)
    )
    counts = facet_counts(public_recommendations(), SEARCH_FACETS, data)
    checked = 0
    for name, entries in counts.items():
        for entry in entries:
            assert entry["count"] == _expected(data, name, entry["value"]), (name, entry)
            checked += 1
    assert checked


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one statement on PostgreSQL")
def test_statement_materializes_only_the_sets_read_more_than_once(portal_data):
    """The matches and the set of all choices are read by several counts: computed once.
    The set leaving out the SDG goal is read by the SDG count alone: folded into it."""
    from django.test.utils import CaptureQueriesContext

    from recommendations.filtering.facets import facet_counts_total_and_page

    data = QueryDict("search=torture&sdg_goal=16&response=supported")
    with CaptureQueriesContext(connection) as queries:
        counts, total, ids = facet_counts_total_and_page(
            public_recommendations(), SEARCH_FACETS, data, page=(0, 20)
        )
    (statement,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH")]
    ctes = dict(re.findall(r"(\w+) AS ((?:NOT )?MATERIALIZED) \(", statement))
    assert ctes["m"] == "MATERIALIZED"
    assert sorted(ctes.values()).count("MATERIALIZED") >= 2  # m and the set of all choices
    assert "NOT MATERIALIZED" in ctes.values()  # all but the SDG goal; all but the response
    assert total == 2
    assert sorted(ids) == sorted([portal_data.torture.pk, portal_data.older.pk])
    sdg = {e["value"]: e["count"] for e in counts["sdg_goal"]}
    assert sdg == {"16": 2}


def test_facet_counts_match_plain_orm_queries(portal_data):
    """An independent count, without the FilterSet: published, UPR, SDG 16, by theme."""
    for _i in range(3):
        rec = RecommendationFactory(text="Another detention recommendation")
        rec.sdg_goals.set([portal_data.goal16])
        rec.themes.set([portal_data.d25])
    counts = facet_counts(
        public_recommendations(),
        ["theme", "response", "body"],
        {"sdg_goal": ["16"], "body": ["UPR"]},
    )
    base = public_recommendations().filter(sdg_goals__number=16, body__code="UPR")
    theme = {e["value"]: e["count"] for e in counts["theme"]}
    assert theme["D25"] == base.filter(themes__code="D25").distinct().count() == 5
    response = {e["value"]: e["count"] for e in counts["response"]}
    assert response["supported"] == base.filter(response="supported").count()
    body = {e["value"]: e["count"] for e in counts["body"]}
    assert body == {"UPR": 5}  # the body facet ignores its own choice: CEDAW has no SDG 16
    # Unpublished recommendations are never counted.
    assert public_recommendations().filter(sdg_goals__number=16).count() == 5


def test_choosing_a_value_changes_the_other_counts(client, portal_data):
    everything = client.get("/recommendations/")
    narrowed = client.get("/recommendations/?sdg_goal=5")
    assert "3 recommendations" in everything.content.decode()
    assert "1 recommendation" in narrowed.content.decode()
    upr = everything.context["facets"]
    counts = {p["name"]: {e["value"]: e["count"] for e in p["entries"]} for p in upr}
    narrowed_counts = {
        p["name"]: {e["value"]: e["count"] for e in p["entries"]}
        for p in narrowed.context["facets"]
    }
    assert counts["body"] == {"UPR": 2, "CEDAW": 1}
    assert narrowed_counts["body"] == {"CEDAW": 1}
    # The chosen facet still shows its other values.
    assert narrowed_counts["sdg_goal"] == {"16": 2, "5": 1}


@pytest.mark.parametrize("combination", COMBINATIONS)
def test_search_page_counts_equal_the_per_facet_counts(portal_data, combination):
    """The search page's single-statement counts (PostgreSQL) give the same figures and
    total as counting facet by facet."""
    from recommendations.portal.selectors import search_facet_counts_and_page

    data = QueryDict(
        combination.format(justice=portal_data.justice.pk, cluster=portal_data.cluster.pk)
    )
    counts, total, _ids = search_facet_counts_and_page(data, SEARCH_FACETS, page=None)
    assert counts == facet_counts(public_recommendations(), SEARCH_FACETS, data)
    assert total == RecommendationFilter(data, queryset=public_recommendations()).qs.count()


def test_search_page_counts_when_nothing_matches(portal_data):
    """A text nothing matches, not even after typo correction: no counts, a total of 0."""
    from recommendations.portal.selectors import search_facet_counts_and_page

    data = QueryDict("search=zqxjkvwq&body=UPR")
    counts, total, _ids = search_facet_counts_and_page(data, SEARCH_FACETS, page=None)
    assert total == 0
    assert counts == facet_counts(public_recommendations(), SEARCH_FACETS, data)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the page comes from the statement on PostgreSQL"
)
@pytest.mark.parametrize("combination", ["search=detention", "search=detention&body=UPR"])
def test_search_page_ids_from_the_statement_follow_the_search_order(portal_data, combination):
    """The page of matches the counting statement returns is the search's own order (rank,
    then id) that the FilterSet gives, page by page."""
    from recommendations.portal.selectors import search_facet_counts_and_page

    for n in range(7):  # ranks that differ: the word said once, twice, ... seven times
        RecommendationFactory(text="Improve conditions of detention. " + "detention " * n)
    data = QueryDict(combination)
    ordered = list(
        sort_recommendations(
            RecommendationFilter(data, queryset=public_recommendations()).qs,
            "relevance",
            searching=True,
        ).values_list("pk", flat=True)
    )
    assert len(ordered) > 6
    for offset in (0, 3, 6):
        _counts, total, ids = search_facet_counts_and_page(data, SEARCH_FACETS, page=(offset, 3))
        assert total == len(ordered)
        assert ids == ordered[offset : offset + 3]


STATES = "ABCDEFGHI"  # nine recommending States, "State A" to "State I"


@pytest.fixture
def nine_states(db):
    """Nine published recommendations, each made by one State: a facet of nine values."""
    for letter in STATES:
        state = StateFactory(iso2=f"Q{letter}", iso3=f"QQ{letter}", name=f"State {letter}")
        RecommendationFactory(is_published=True).recommending_states.add(state)


def _state_inputs(response) -> list[str]:
    html = response.content.decode()
    return [x for x in STATES if f'name="recommending_state" value="QQ{x}"' in html]


def _panel(response, name: str) -> dict:
    return next(p for p in response.context["facets"] if p["name"] == name)


def test_a_long_facet_lists_its_first_values_and_links_to_the_rest(client, nine_states):
    from recommendations.portal.views import FACETS_SHOWN

    page = client.get("/recommendations/")
    states = _panel(page, "recommending_state")
    assert len(states["entries"]) == 9  # every value is counted
    assert states["more"] == 9 - FACETS_SHOWN
    # Alphabetical at equal counts; the rest behind a link that asks for the whole list.
    assert _state_inputs(page) == list(STATES[:FACETS_SHOWN])
    assert "all=recommending_state" in states["more_query"]
    whole = client.get("/recommendations/?" + states["more_query"])
    assert _state_inputs(whole) == list(STATES)
    assert _panel(whole, "recommending_state")["more"] == 0


def test_every_chosen_value_is_listed_even_past_the_first_ones(client, nine_states):
    from recommendations.portal.views import FACETS_SHOWN

    chosen = STATES[: FACETS_SHOWN + 1]
    page = client.get(
        "/recommendations/",
        {"recommending_state": [f"QQ{x}" for x in chosen], "search": "measures"},
    )
    states = _panel(page, "recommending_state")
    assert _state_inputs(page) == list(chosen)
    assert states["more"] == 9 - len(chosen)
    # The link to the rest keeps the search and the choices.
    assert "search=measures" in states["more_query"]
    assert "recommending_state=QQA" in states["more_query"]


@pytest.mark.parametrize("with_review", [True, False])
def test_facets_of_the_review_are_summed_from_the_counts_per_review(portal_data, with_review):
    """The State under review, cycle and session counts (summed from the counts per review,
    with or without the review facet asked for) equal the ORM's own grouping."""
    from collections import Counter

    from recommendations.filtering.facets import facet_counts_total_and_page
    from recommendations.models import State
    from tests.factories import ReviewFactory

    france = ReviewFactory(state_under_review=State.objects.get(iso3="FRA"), cycle=4, session=45)
    extra = RecommendationFactory(text="Torture prevention in prisons", review=france)
    extra.sdg_goals.set([portal_data.goal16])
    facets = ["state_under_review", "cycle", "session", *(["review"] if with_review else [])]
    for query in ("search=torture", "sdg_goal=16", ""):
        data = QueryDict(query)
        counts, total, _ids = facet_counts_total_and_page(public_recommendations(), facets, data)
        rows = RecommendationFilter(data, queryset=public_recommendations()).qs
        assert total == rows.count()
        for name, path in [
            ("state_under_review", "review__state_under_review__iso3"),
            ("cycle", "review__cycle"),
            ("session", "review__session"),
        ]:
            expected = Counter(str(v) for v in rows.values_list(path, flat=True) if v is not None)
            got = {e["value"]: e["count"] for e in counts[name]}
            assert {str(k): v for k, v in got.items()} == dict(expected), (query, name)
            assert expected, (query, name)


def test_review_labels_name_the_state_in_the_active_language(portal_data):
    """Reviews are labelled with their State's name from the State facet's labels, in the
    reader's language."""
    from django.utils import translation

    from recommendations.filtering.facets import facet_counts

    slovenia = portal_data.torture.review.state_under_review
    slovenia.name_translations = {"fr": "Slovénie", "ar": "سلوفينيا"}
    slovenia.save()
    for language, name in [("en", slovenia.name), ("fr", "Slovénie"), ("ar", "سلوفينيا")]:
        with translation.override(language):
            counts = facet_counts(public_recommendations(), ["review"], {})
        labels = {e["label"] for e in counts["review"]}
        expected = {f"{name} — UPR 34", f"{name} — UPR 20", f"{name} — CEDAW — 2015-11-01"}
        assert labels == expected, language
