import pytest
from django.core.management import call_command
from django.db.models import F

from mechanisms.models import Institution
from recommendations.filtering.facets import FACETS, facet_counts
from recommendations.models import Assignment, Recommendation

pytestmark = pytest.mark.django_db


def test_seed_synthetic_fills_every_facet_with_realistic_rows(reference_data):
    call_command("seed_synthetic", recommendations=400, seed=7)
    assert Recommendation.objects.count() == 400
    counts = facet_counts(Recommendation.objects.all(), list(FACETS))
    for facet, entries in counts.items():
        assert entries, f"facet {facet} is empty"
    mechanisms = {e["value"]: e["count"] for e in counts["mechanism"]}
    # The UPR dominates, as in real data.
    assert mechanisms["upr"] > mechanisms["treaty_body"] > mechanisms.get("regional", 0)
    responses = {e["value"]: e["count"] for e in counts["response"]}
    assert responses["supported"] > responses["noted"]
    assert Institution.objects.count() >= 50
    assert Assignment.objects.filter(role="lead").count() > 250
    # Every recommendation, of every mechanism, belongs to a review of its own mechanism.
    assert not Recommendation.objects.exclude(review__mechanism=F("mechanism")).exists()
    upr = Recommendation.objects.filter(mechanism="upr")
    assert not upr.filter(recommending_states__isnull=True).exists()
    assert not Recommendation.objects.exclude(mechanism="upr").exclude(response="").exists()
    text = Recommendation.objects.first().text
    assert text.endswith(".")
    assert len(text) > 40


def test_seed_synthetic_is_repeatable_and_adds_on_a_second_run(reference_data):
    call_command("seed_synthetic", recommendations=30, seed=3)
    first = list(Recommendation.objects.order_by("pk").values_list("text", flat=True))
    call_command("seed_synthetic", recommendations=30, seed=3)
    assert Recommendation.objects.count() == 60
    second = list(Recommendation.objects.order_by("pk").values_list("text", flat=True))[30:]
    assert first == second


def test_seed_synthetic_runs_without_reference_data(monkeypatch):
    import recommendations.reference.services as reference

    def unavailable():
        raise RuntimeError("not loaded")

    monkeypatch.setattr(reference, "load_reference", unavailable)
    call_command("seed_synthetic", recommendations=20)
    assert Recommendation.objects.count() == 20
