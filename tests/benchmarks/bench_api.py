"""API benchmark: the recommendations list and facets over 250,000 rows on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench \
        .venv/bin/python tests/benchmarks/bench_api.py [--recommendations N] [--repeat R]

Reuses the database seeded by ``seed_synthetic`` (seeding up to N recommendations if it
holds fewer), then times whole requests through the Django test client, as an anonymous
open-data client (published recommendations; throttling lifted for the run):

* the first page of the list, without and with filters;
* a deep page: a cursor positioned past 80 % of the ids (cursor pagination costs the same
  on every page, unlike an OFFSET);
* facet counts, all fifteen facets and a chosen few, without and with filters.

Prints p50/p95/max in milliseconds. Not a test: pytest only collects test_*.py.
"""

from __future__ import annotations

import argparse
import base64
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


def _cursor(position: int) -> str:
    # DRF's CursorPagination cursor: base64 of the query string "p=<last id seen>".
    return base64.b64encode(f"p={position}".encode()).decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recommendations", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment
    from django.urls import clear_url_caches
    from rest_framework.test import APIClient

    from recommendations.models import Recommendation

    if connection.vendor != "postgresql":
        sys.exit("bench_api needs PostgreSQL: set DATABASE_URL=postgres://…")
    setup_test_environment()
    call_command("migrate", verbosity=0)
    have = Recommendation.objects.count()
    if have < args.recommendations:
        print(f"seeding {args.recommendations - have} recommendations …", flush=True)
        call_command("seed_synthetic", recommendations=args.recommendations)
    total = Recommendation.objects.count()
    published = Recommendation.objects.filter(is_published=True).count()
    bounds = Recommendation.objects.order_by("pk").values_list("pk", flat=True)
    first_id, last_id = bounds.first(), bounds.last()
    deep = first_id + int((last_id - first_id) * 0.8)

    overrides = {
        "REST_FRAMEWORK": {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": "100000000/hour", "token": "20/hour"},
        },
        "DEBUG": False,
    }

    cases = [
        ("list: first page", "/api/v1/recommendations/", {}),
        ("list: first page, 200 rows", "/api/v1/recommendations/", {"page_size": 200}),
        ("list: theme", "/api/v1/recommendations/", {"theme": "A41"}),
        (
            "list: response+mechanism+cycle",
            "/api/v1/recommendations/",
            {"response": "noted", "mechanism": "upr", "cycle": "3"},
        ),
        ("list: search", "/api/v1/recommendations/", {"search": "torture"}),
        ("list: deep cursor (80 %)", "/api/v1/recommendations/", {"cursor": _cursor(deep)}),
        (
            "list: deep cursor + theme",
            "/api/v1/recommendations/",
            {"cursor": _cursor(deep), "theme": "A41"},
        ),
        ("facets: all 15", "/api/v1/recommendations/facets/", {}),
        (
            "facets: response,status,theme",
            "/api/v1/recommendations/facets/",
            {"facet": ["response", "status", "theme"]},
        ),
        (
            "facets: all, filtered (noted, upr)",
            "/api/v1/recommendations/facets/",
            {"response": "noted", "mechanism": "upr"},
        ),
        ("facets: all, search", "/api/v1/recommendations/facets/", {"search": "torture"}),
    ]
    print(f"{total} recommendations ({published} published); {args.repeat} runs each; ms")
    print(f"{'case':40} {'p50':>8} {'p95':>8} {'max':>8}  rows")
    with override_settings(**overrides):
        clear_url_caches()
        client = APIClient()
        for label, path, params in cases:
            url = f"{path}?{urlencode(params, doseq=True)}" if params else path
            timings, rows = [], ""
            for _ in range(args.repeat + 1):
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    sys.exit(f"{url}: {response.status_code} {response.content[:300]!r}")
                data = response.json()
                rows = len(data["results"]) if "results" in data else f"{len(data)} facets"
            timings = sorted(timings[1:])  # the first run warms the caches
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            print(
                f"{label:40} {statistics.median(timings):8.1f} {p95:8.1f} "
                f"{timings[-1]:8.1f}  {rows}"
            )


if __name__ == "__main__":
    main()
