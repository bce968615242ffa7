"""The registry over the API: list, filters with the portal's query names, facets, detail,
cursor pages, and the reference data endpoints."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.models import Recommendation, Review, State, Theme
from tests.factories import (
    AssignmentFactory,
    BodyFactory,
    InstitutionFactory,
    RecommendationFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

REQUIRED = {
    "id",
    "paragraph",
    "text",
    "body",
    "mechanism",
    "review",
    "recommending_states",
    "response",
    "themes",
    "sdg_targets",
    "lead_institution",
    "status",
}


@pytest.fixture
def registry(reference_data):
    slovenia = State.objects.get(iso3="SVN")
    france = State.objects.get(iso3="FRA")
    review = Review.objects.create(state_under_review=slovenia, cycle=3, session=34)
    upr = BodyFactory(code="UPR")
    health = InstitutionFactory(name="Ministry of Health", acronym="MoH")
    a41 = Theme.objects.get(code="A41")
    torture = RecommendationFactory(
        text="Ratify the Optional Protocol to the Convention against Torture",
        review=review,
        body=upr,
        response="supported",
        status="in_progress",
    )
    torture.recommending_states.add(france)
    torture.themes.add(a41)
    AssignmentFactory(recommendation=torture, institution=health)
    noted = RecommendationFactory(
        text="Abolish the death penalty", review=review, body=upr, response="noted"
    )
    return {"torture": torture, "noted": noted, "review": review, "health": health}


def test_list_items_have_the_documented_fields(api, registry):
    results = api.get("/api/v1/recommendations/").json()["results"]
    assert set(results[0]) >= REQUIRED
    item = next(r for r in results if r["id"] == registry["torture"].pk)
    assert item["body"] == "UPR"
    assert item["review"]["state_under_review"] == "SVN"
    assert item["review"]["cycle"] == 3
    assert item["recommending_states"] == ["FRA"]
    assert item["themes"] == ["A41"]
    assert item["lead_institution"]["name"] == "Ministry of Health"
    assert item["status"] == "in_progress"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("response=noted", {"noted"}),
        ("response=noted&response=supported", {"noted", "torture"}),
        ("theme=A41", {"torture"}),
        ("recommending_state=FRA", {"torture"}),
        ("state_under_review=SVN&cycle=3&session=34", {"noted", "torture"}),
        ("status=in_progress", {"torture"}),
        ("search=torture", {"torture"}),
        ("body=UPR&mechanism=upr", {"noted", "torture"}),
        ("cycle=2", set()),
    ],
)
def test_filters_use_the_portal_query_names(api, registry, query, expected):
    results = api.get(f"/api/v1/recommendations/?{query}").json()["results"]
    wanted = {registry[name].pk for name in expected}
    assert {r["id"] for r in results} == wanted


def test_institution_filter(api, registry):
    url = f"/api/v1/recommendations/?institution={registry['health'].pk}"
    assert [r["id"] for r in api.get(url).json()["results"]] == [registry["torture"].pk]


def test_unknown_filter_value_answers_400_with_the_field(api, registry):
    response = api.get("/api/v1/recommendations/?theme=NOPE&response=maybe")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"theme", "response"}


def test_facets_count_each_value_leaving_out_their_own_filter(api, registry):
    data = api.get("/api/v1/recommendations/facets/?response=noted").json()
    responses = {e["value"]: e["count"] for e in data["response"]}
    assert responses == {"supported": 1, "noted": 1}
    assert data["theme"] == []  # the noted one has no theme
    assert set(data) >= {"body", "mechanism", "state_under_review", "institution", "year"}
    entry = data["response"][0]
    assert set(entry) == {"value", "label", "count"}


def test_facets_choose_facets_and_reject_unknown_ones(api, registry):
    data = api.get("/api/v1/recommendations/facets/?facet=theme&facet=status").json()
    assert set(data) == {"theme", "status"}
    assert data["theme"] == [{"value": "A41", "label": data["theme"][0]["label"], "count": 1}]
    assert api.get("/api/v1/recommendations/facets/?facet=colour").status_code == 400


def test_cursor_pages_walk_every_row_once_in_id_order(api, registry):
    RecommendationFactory.create_batch(7, review=registry["review"])
    seen, url = [], "/api/v1/recommendations/?page_size=3"
    while url:
        page = api.get(url).json()
        assert "count" not in page
        seen += [r["id"] for r in page["results"]]
        url = page["next"]
    assert seen == sorted(Recommendation.objects.values_list("pk", flat=True))


def test_list_queries_do_not_grow_with_the_page(api, registry):
    def queries(n):
        with CaptureQueriesContext(connection) as ctx:
            api.get(f"/api/v1/recommendations/?page_size={n}")
        return len(ctx)

    RecommendationFactory.create_batch(20, review=registry["review"])
    assert queries(20) == queries(2)


def test_detail_has_response_history(api, registry):
    rec = registry["torture"]
    rec.responses.create(stage="review", label="Accepted", value="supported")
    data = api.get(f"/api/v1/recommendations/{rec.pk}/").json()
    assert data["responses"][0]["label"] == "Accepted"
    assert data["links"] == []
    assert api.get("/api/v1/recommendations/999999/").status_code == 404


def test_reference_endpoints(api, reference_data):
    assert api.get("/api/v1/states/SVN/").json()["name"] == "Slovenia"
    assert api.get("/api/v1/sdg-goals/16/").json()["number"] == 16
    assert api.get("/api/v1/sdg-targets/16.10/").json()["goal"] == 16
    assert api.get("/api/v1/themes/A41/").status_code == 200
    assert api.get("/api/v1/bodies/?mechanism=treaty_body").json()["count"] > 5
    assert api.get("/api/v1/groups/").json()["count"] > 10
    for name in ("clusters", "cluster-sets", "reviews", "institutions"):
        assert api.get(f"/api/v1/{name}/").status_code == 200


def test_institutions_search_name_and_acronym(api):
    InstitutionFactory(name="Ministry of Health", acronym="MoH")
    InstitutionFactory(name="Office of the Ombudsperson", acronym="OMB")

    def names(query):
        results = api.get(f"/api/v1/institutions/?search={query}").json()["results"]
        return {i["name"] for i in results}

    assert names("health") == {"Ministry of Health"}
    assert names("omb") == {"Office of the Ombudsperson"}


@pytest.mark.parametrize("value", ["Slovenia", "slovenia", "SI", "SVN", "svn"])
def test_reviews_filter_by_state_name_or_iso_code(api, reference_data, value):
    review = ReviewFactory(state_under_review=State.objects.get(iso3="SVN"), session=34)
    ReviewFactory(state_under_review=State.objects.get(iso3="FRA"), session=29, cycle=3)
    results = api.get(f"/api/v1/reviews/?state_under_review={value}").json()["results"]
    assert [r["id"] for r in results] == [review.pk]
    assert api.get("/api/v1/reviews/?cycle=3&session=29").json()["count"] == 1
