"""Public search page benchmark over 250,000 synthetic recommendations on PostgreSQL.

    .venv/bin/python tests/benchmarks/bench_portal.py [--recommendations N] [--repeat R]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench \
        .venv/bin/python tests/benchmarks/bench_portal.py --server local

By default on a private PostgreSQL server started with the settings of docker-compose's
``db`` service (``pgserver.py``: 1 GB of shared buffers, as production would run), its data
kept under ``var/bench-pg``; with ``--server local``, on the server of ``DATABASE_URL`` as
it is configured (a packaged PostgreSQL keeps 128 MB of shared buffers, less than the data
these searches read). Seeds with ``seed_synthetic`` only what is missing.

Times, server side, the whole public search view through the Django test client
(URL routing, middleware, the FilterSet with the text search, sort, one page of 20 rows
with prefetches, the total, facet counts for 13 facets computed in the database, template
rendering, gzip compression as a browser asks for it) for searches with a text query and
two facets; and ``/healthz`` in the same run, interleaved, as the floor of what any request
costs on this machine. The cache is cleared
before every timed search (outside the timing), so figures are cold for the application;
PostgreSQL's buffers stay warm (one untimed warm-up per query). Prints p50, p95 and
the ratio of the search's p95 to that of /healthz. Not a test: pytest collects test_*.py.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrtd.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nrtd_bench")

# A text query and two facets each: what a visitor narrowing a search does.
QUERIES: list[dict] = [
    {"search": "torture", "body": "CAT", "cycle": "3"},
    {"search": "women", "sdg_goal": "5", "response": "noted"},
    {"search": "children", "mechanism": "upr", "cycle": "4"},
    {"search": "detention", "theme": "D25", "response": "supported"},
    {"search": "education", "sdg_goal": "4", "status": "in_progress"},
    {"search": "discrimination", "group": "women", "status": "not_started"},
    {"search": "freedom of expression", "mechanism": "upr", "sdg_goal": "16"},
    {"search": "health", "institution": "__MOH__", "response": "supported"},
    {"search": "trafficking", "sdg_goal": "16", "body": "UPR"},
    {"search": "death penalty", "year": "2019", "mechanism": "upr"},
]


# What a browser sends: the page is compressed (GZipMiddleware), and that is timed too.
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}


def _result_count(html: bytes) -> int:
    if html[:2] == b"\x1f\x8b":
        html = gzip.decompress(html)
    match = re.search(rb'id="result-count"[^>]*>\s*([\d,]+)', html)
    return int(match.group(1).replace(b",", b"")) if match else -1


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    from tests.benchmarks.pgserver import add_server_option, on_server

    parser = argparse.ArgumentParser()
    parser.add_argument("--recommendations", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=10)
    add_server_option(parser)
    args = parser.parse_args()
    on_server(args.server, "nrtd_bench", lambda: run(args))


def run(args) -> None:
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("bench_portal needs a PostgreSQL DATABASE_URL")
    from tests.benchmarks.bench_search import ensure_database, ensure_seeded

    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from mechanisms.models import Institution
    from recommendations.models import Recommendation

    settings.DEBUG = False
    ensure_seeded(args.recommendations)
    total = Recommendation.objects.filter(is_published=True).count()
    moh = str(Institution.objects.filter(acronym="MOH").values_list("pk", flat=True).first())
    queries = [{k: (moh if v == "__MOH__" else v) for k, v in q.items()} for q in QUERIES]

    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        search: list[float] = []
        health: list[float] = []
        slowest: list[tuple[float, dict, int]] = []
        for query in queries:
            assert client.get("/recommendations/", query, headers=BROWSER).status_code == 200
            for _ in range(args.repeat):
                cache.clear()  # cold: nothing remembered from an earlier request
                started = time.perf_counter()
                response = client.get("/recommendations/", query, headers=BROWSER)
                elapsed = (time.perf_counter() - started) * 1000
                assert response.status_code == 200
                search.append(elapsed)
                slowest.append((elapsed, query, _result_count(response.content)))
                started = time.perf_counter()
                assert client.get("/healthz").status_code == 200
                health.append((time.perf_counter() - started) * 1000)

    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('server_version'), current_setting('shared_buffers')")
        version, shared_buffers = cur.fetchone()
    s50, s95 = statistics.median(search), percentile(search, 95)
    print(f"PostgreSQL {version} ({args.server} server, shared_buffers {shared_buffers})")
    h50, h95 = statistics.median(health), percentile(health, 95)
    print(f"{total} published recommendations; {len(queries)} queries × {args.repeat} runs")
    print(
        f"search (text + 2 facets)  p50 {s50:7.1f} ms   p95 {s95:7.1f} ms   "
        f"max {max(search):7.1f} ms"
    )
    print(f"/healthz                  p50 {h50:7.1f} ms   p95 {h95:7.1f} ms")
    print(f"ratio p95 search / p95 healthz: {s95 / h95:.1f}")
    for elapsed, query, count in sorted(slowest, key=lambda t: -t[0])[:3]:
        print(f"  slow: {elapsed:6.1f} ms  {count:6d} results  {query}")


if __name__ == "__main__":
    main()
