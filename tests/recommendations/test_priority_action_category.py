"""Priority and UPR Info's action category: set on the classify screen (one service), filters
and facets of the one FilterSet (registry, portal, API), columns of the open data and the API."""

import csv
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mechanisms.models import Profile
from recommendations.filtering.facets import facet_counts_with_total
from recommendations.filtering.filters import RecommendationFilter
from recommendations.models import Recommendation
from recommendations.publishing.selectors import public_recommendations
from recommendations.registry.services import recommendation_classify
from tests.factories import RecommendationFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(db):
    return {
        "high5": RecommendationFactory(text="Adopt a law", priority="high", action_category=5),
        "high4": RecommendationFactory(text="Act on torture", priority="high", action_category=4),
        "low2": RecommendationFactory(text="Continue efforts", priority="low", action_category=2),
        "none": RecommendationFactory(text="Share practice"),
        "hidden": RecommendationFactory(
            text="Internal high item", priority="high", action_category=5, is_published=False
        ),
    }


def _ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_classify_screen_sets_and_clears_the_action_category(client):
    rec = RecommendationFactory()
    client.force_login(make_user(Profile.Role.SECRETARIAT_STAFF))
    url = reverse("recommendations:classify", args=[rec.pk])
    page = client.get(url).content.decode()
    assert 'name="action_category"' in page
    response = client.post(url, {"version": 1, "priority": "medium", "action_category": "3"})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.priority, rec.action_category, rec.version) == ("medium", 3, 2)
    detail = client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert "3: considering action" in detail
    client.post(url, {"version": 2, "priority": "medium", "action_category": ""})
    rec.refresh_from_db()
    assert rec.action_category is None


def test_classify_screen_refuses_an_unknown_category_and_keeps_the_input(client):
    rec = RecommendationFactory()
    client.force_login(make_user(Profile.Role.SECRETARIAT_STAFF))
    url = reverse("recommendations:classify", args=[rec.pk])
    response = client.post(url, {"version": 1, "priority": "high", "action_category": "9"})
    assert response.status_code == 400  # refused, as on every edit page
    assert "action_category" in response.context["form"].errors
    assert response.context["form"]["priority"].value() == "high"
    rec.refresh_from_db()
    assert (rec.priority, rec.action_category, rec.version) == ("", None, 1)


def test_the_service_refuses_an_unknown_category():
    rec = RecommendationFactory()
    with pytest.raises(ValidationError):
        recommendation_classify(
            actor=make_user(Profile.Role.SECRETARIAT_STAFF),
            recommendation=rec,
            expected_version=1,
            action_category=7,
        )
    assert Recommendation.objects.get(pk=rec.pk).version == 1


def test_filters_narrow_by_priority_and_category(ranked):
    base = public_recommendations()
    high = RecommendationFilter({"priority": "high"}, queryset=base).qs
    assert _ids(high) == {ranked["high5"].pk, ranked["high4"].pk}
    five = RecommendationFilter({"action_category": ["5", "2"]}, queryset=base).qs
    assert _ids(five) == {ranked["high5"].pk, ranked["low2"].pk}
    assert "action_category" in RecommendationFilter({"action_category": "9"}, queryset=base).errors


def test_facets_count_priority_and_category(ranked):
    counts, total = facet_counts_with_total(
        public_recommendations(), ["priority", "action_category"], {"priority": "high"}
    )
    assert total == 2
    assert {e["value"]: e["count"] for e in counts["priority"]} == {"high": 2, "low": 1}
    assert {e["value"]: e["count"] for e in counts["action_category"]} == {"5": 1, "4": 1}
    labels = {e["value"]: e["label"] for e in counts["action_category"]}
    assert labels["5"] == "5: specific action"


def test_portal_and_registry_show_the_facets(client, ranked):
    response = client.get("/recommendations/?action_category=5")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    panels = {p["name"]: p for p in response.context["facets"]}
    assert {e["value"]: e["count"] for e in panels["priority"]["entries"]} == {"high": 1}
    assert "Internal high item" not in response.content.decode()
    client.force_login(make_user(Profile.Role.SECRETARIAT_STAFF))
    response = client.get(reverse("recommendations:list"), {"priority": "high"})
    assert response.context["page"].paginator.count == 3  # the unpublished one too
    assert {"priority", "action_category"} <= {p["name"] for p in response.context["facets"]}


def test_open_data_appends_the_columns_at_the_end(client, ranked):
    data = json.loads(b"".join(client.get("/recommendations/download.json").streaming_content))
    fields = data["fields"]
    # Appended after the columns of earlier releases, which keep their positions.
    at = fields.index("budget_implications")
    assert fields[at + 1 : at + 3] == ["priority", "action_category"]
    law = next(r for r in data["recommendations"] if r["text"] == "Adopt a law")
    assert (law["priority"], law["action_category"]) == ("high", 5)
    response = client.get("/recommendations/download.csv?priority=low")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["text"], r["priority"], r["action_category"]) for r in rows] == [
        ("Continue efforts", "low", "2")
    ]


def test_api_lists_and_filters_priority_and_category(client, ranked):
    response = client.get("/api/v1/recommendations/", {"action_category": "4"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["text"], r["priority"], r["action_category"]) for r in results] == [
        ("Act on torture", "high", 4)
    ]
