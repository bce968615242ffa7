"""Search benchmark over 250,000 synthetic recommendations on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench \
        .venv/bin/python tests/benchmarks/bench_search.py [--recommendations N] [--repeat R]

Creates and migrates the database if needed, seeds it with ``seed_synthetic`` up to N
recommendations (reusing what is there), then runs a mix of realistic searches (text,
text with one or two facets, facets alone, typos) two ways:

* ``results``: what a search costs, through the list view's own code: the selector, the
  shared FilterSet (text search included), the sort, the page of 25 rows with their
  prefetches, and the total count;
* ``page``: the whole list view through the Django test client, facet counts for 15 facets
  and template rendering included.

Figures are cold as far as the application goes: the cache (facet counts) is cleared before
every timed request, outside the timing; PostgreSQL's buffers stay warm (one untimed warm-up
run per query), as on a server that has been up a while.

Prints p50/p95/max in milliseconds. Not a test: pytest only collects test_*.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrtd.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nrtd_bench")

from tests.benchmarks.common import setup_django  # noqa: E402

QUERIES: list[dict] = [
    # Text alone.
    {"search": "torture"},
    {"search": "violence against women"},
    {"search": "birth registration"},
    {"search": "death penalty"},
    {"search": "human rights defenders"},
    {"search": "climate change"},
    {"search": '"national human rights institution"'},
    {"search": "ratify optional protocol"},
    {"search": "trafficking -children"},
    {"search": "juvenile justice criminal responsibility"},
    # Text with one or two facets.
    {"search": "torture", "body": "CAT"},
    {"search": "women", "response": "noted"},
    {"search": "children", "cycle": "3"},
    {"search": "detention", "theme": "D25"},
    {"search": "education", "sdg_goal": "4"},
    {"search": "discrimination", "group": "women", "status": "in_progress"},
    {"search": "freedom of expression", "mechanism": "upr", "cycle": ["3", "4"]},
    {"search": "health", "institution": "__MOH__"},
    # Facets alone.
    {"theme": "F13"},
    {"body": "CRC", "cycle": "4"},
    {"response": "noted", "mechanism": "upr"},
    {"theme": ["A41", "D21"], "status": "not_started"},
    {"state_under_review": "__STATE__"},
    {},
    # Typos (the text search finds nothing; trigram similarity does).
    {"search": "tortre"},
    {"search": "trafficing"},
    {"search": "discrimnation"},
    {"search": "birth registraton"},
    {"search": "jounalists harrassment"},
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def ensure_seeded(recommendations: int) -> None:
    """Migrate the benchmark database (Django set up) and seed what is missing of
    ``recommendations`` synthetic recommendations with ``seed_synthetic``."""
    from django.core.management import call_command
    from django.db import connection

    from recommendations.models import Recommendation

    call_command("migrate", verbosity=0)
    have = Recommendation.objects.count()
    if have < recommendations:
        print(f"seeding {recommendations - have} recommendations (have {have})…")
        call_command("seed_synthetic", recommendations=recommendations - have, seed=have + 1)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recommendations", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("bench_search needs a PostgreSQL DATABASE_URL")
    setup_django()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from mechanisms.models import Institution, Profile
    from recommendations.filtering.filters import RecommendationFilter
    from recommendations.filtering.sorting import sort_recommendations
    from recommendations.models import Recommendation, State
    from recommendations.registry.selectors import (
        recommendation_page,
        recommendation_rows_visible_to,
    )

    settings.DEBUG = False  # no query log growing in memory
    ensure_seeded(args.recommendations)
    total = Recommendation.objects.count()

    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-secretariat")
    Profile.objects.update_or_create(user=user, defaults={"role": "secretariat_admin"})
    moh = Institution.objects.filter(acronym="MOH").values_list("pk", flat=True).first()
    state = State.objects.filter(reviews__isnull=False).values_list("iso3", flat=True).first()

    def resolve(query: dict) -> dict:
        out = {}
        for key, value in query.items():
            if value == "__MOH__":
                value = str(moh)
            elif value == "__STATE__":
                value = state
            out[key] = value
        return out

    queries = [resolve(q) for q in QUERIES]

    def results(query: dict) -> int:
        from django.http import QueryDict

        data = QueryDict(urlencode(query, doseq=True))
        filterset = RecommendationFilter(data, queryset=recommendation_rows_visible_to(user))
        searching = bool(query.get("search"))
        qs = sort_recommendations(filterset.qs, None, searching=searching)
        page = recommendation_page(user, qs, 1)
        return page.paginator.count

    client = Client()
    client.force_login(user)

    def page(query: dict) -> int:
        response = client.get("/workspace/recommendations/", query)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    print(f"{total} recommendations; {len(queries)} queries × {args.repeat} runs each")
    for name, run in [("results", results), ("page", page)]:
        timings: list[float] = []
        slowest: list[tuple[float, dict]] = []
        for query in queries:
            run(query)  # warm PostgreSQL once, as a busy server would have it
            for _ in range(args.repeat):
                cache.clear()  # cold: no facet counts remembered from an earlier request
                started = time.perf_counter()
                run(query)
                elapsed = (time.perf_counter() - started) * 1000
                timings.append(elapsed)
                slowest.append((elapsed, query))
        print(
            f"{name:8s} p50 {statistics.median(timings):7.1f} ms   "
            f"p95 {percentile(timings, 95):7.1f} ms   max {max(timings):7.1f} ms"
        )
        for elapsed, query in sorted(slowest, key=lambda t: -t[0])[:3]:
            print(f"          slow: {elapsed:6.1f} ms  {query}")


if __name__ == "__main__":
    main()
