"""The public portal under load, over 250,000 synthetic recommendations on PostgreSQL
(issue 21's "Done when" figures).

    .venv/bin/python tests/benchmarks/bench_portal.py [--repeat 120] [--duration 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench \
        .venv/bin/python tests/benchmarks/bench_portal.py --server local

By default on a private PostgreSQL server started with the settings of docker-compose's
``db`` service (``pgserver.py``: 1 GB of shared buffers; ``NRTD_BENCH_PG_PORT`` picks its
port); with ``--server local``, on the server of ``DATABASE_URL`` as it is configured (a
packaged PostgreSQL keeps 128 MB of shared buffers). Seeds with ``seed_synthetic`` only what
is missing. The cache is Redis when ``REDIS_URL`` is set (as in production), else this
process's memory.

Prints, in order:

1. **Where the time goes**, cold (the cache cleared before each request, outside the
   timing) and after a publish (the public data generation bumped, as every publish does:
   the facet labels stay remembered): for each of the three shapes of the issue, the
   server-side time through the Django test client split into SQL (every statement, timed
   by an execute wrapper), template rendering (less the SQL run inside it), serialisation
   (DRF's JSON renderer), gzip compression, and the rest (Python: routing, middleware,
   FilterSet, facet labels).
2. **p95 of each shape repeated** ``--repeat`` times, cold, after a publish and as served
   (the anonymous cache kept: what a visitor gets after the first one).
3. **p95 of 120 distinct** text + SDG goal + response queries, each once (cache misses).
4. **Concurrent readers against gunicorn** (the project's ``gunicorn.conf.py``, DEBUG off,
   over loopback): ``--readers`` readers for ``--duration`` seconds, in two mixes:
   *busy day* (the three shapes and the ten searches below, in turn: the same few queries
   everyone runs, mostly cache hits) and *all distinct* (every request a new query: every
   one a miss, the worst case); with the cache in Redis (``REDIS_URL``), also the busy day
   with a publish every 2 s (every cached answer stale at once, the readers of each query
   arriving together). Requests/s, p50, p95, errors and the share served from the
   cache. The load generator runs on the same machine and takes CPU from the server.
   ``--sweep`` also runs the distinct mix for 10 s on several workers × threads
   combinations (the measurement behind ``gunicorn.conf.py``).

Not a test: pytest collects test_*.py.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrtd.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nrtd_bench")
# The benchmark's readers all come from 127.0.0.1: the anonymous API throttle would count
# them as one visitor.
os.environ.setdefault("API_ANON_RATE", "100000000/hour")

# The three shapes.
SHAPES: list[tuple[str, dict]] = [
    ("/recommendations/", {"search": "women", "sdg_goal": "5", "response": "supported"}),
    ("/recommendations/", {"search": "torture", "sdg_goal": "16"}),
    ("/api/v1/recommendations/facets/", {"search": "education", "sdg_goal": "4"}),
]

# A text query and two facets each: what a visitor narrowing a search does.
SEARCHES: list[dict] = [
    {"search": "torture", "body": "CAT", "cycle": "3"},
    {"search": "women", "sdg_goal": "5", "response": "noted"},
    {"search": "children", "mechanism": "upr", "cycle": "4"},
    {"search": "detention", "theme": "D25", "response": "supported"},
    {"search": "education", "sdg_goal": "4", "status": "in_progress"},
    {"search": "discrimination", "group": "women", "status": "not_started"},
    {"search": "freedom of expression", "mechanism": "upr", "sdg_goal": "16"},
    {"search": "health", "response": "supported"},
    {"search": "trafficking", "sdg_goal": "16", "body": "UPR"},
    {"search": "death penalty", "year": "2019", "mechanism": "upr"},
]

WORDS = [
    "women", "torture", "children", "education", "health", "detention", "police", "prison",
    "disability", "migrants", "refugees", "poverty", "water", "housing", "journalists",
    "elections", "corruption", "trafficking", "violence", "indigenous", "minorities",
    "religion", "expression", "assembly", "judiciary", "labour", "employment", "food",
    "climate", "environment", "girls", "marriage", "death penalty", "impunity", "asylum",
    "discrimination", "racism", "gender", "privacy", "human rights defenders",
]  # fmt: skip


def distinct_queries(n: int, seed: int = 21) -> list[dict]:
    """``n`` different text + SDG goal + response searches (the same list every run)."""
    combos = list(itertools.product(WORDS, range(1, 18), ("supported", "noted")))
    random.Random(seed).shuffle(combos)
    return [{"search": w, "sdg_goal": str(g), "response": r} for w, g, r in combos[:n]]


BROWSER = {"Accept-Encoding": "gzip, deflate, br"}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _figures(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 95):7.1f} ms   "
        f"max {max(values):7.1f} ms"
    )


def main() -> None:
    from tests.benchmarks.pgserver import add_server_option, on_server

    parser = argparse.ArgumentParser()
    parser.add_argument("--recommendations", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=120)
    parser.add_argument("--split-repeat", type=int, default=20)
    parser.add_argument("--distinct", type=int, default=120)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=8421)
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn part")
    parser.add_argument("--load-only", action="store_true", help="only the gunicorn part")
    parser.add_argument("--sweep", action="store_true", help="workers × threads, 10 s each")
    add_server_option(parser)
    args = parser.parse_args()
    database = os.environ.get("NRTD_BENCH_DATABASE", "nrtd_bench")
    on_server(args.server, database, lambda: run(args))


# --- 1. where the time goes -------------------------------------------------------------


class Split:
    """Times of one request by part, from wrappers on the database cursor, the template
    backend, DRF's JSON renderer and gzip."""

    def __init__(self):
        self.sql = self.template = self.sql_in_template = self.serialise = self.gzip = 0.0
        self._in_template = 0

    def reset(self):
        self.__init__()

    def sql_wrapper(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.sql += elapsed
            if self._in_template:
                self.sql_in_template += elapsed

    def wrap(self, owner, name: str, part: str):
        original = getattr(owner, name)
        split = self

        def timed(*args, **kwargs):
            started = time.perf_counter()
            split._in_template += part == "template"
            try:
                return original(*args, **kwargs)
            finally:
                split._in_template -= part == "template"
                setattr(split, part, getattr(split, part) + time.perf_counter() - started)

        setattr(owner, name, timed)


def warm_up(client) -> None:
    """Serve the shapes and the searches once, then freeze what is alive, as each gunicorn
    worker does after its first requests (gunicorn.conf.py, nrtd.warm): the figures below
    are those of a warm worker."""
    from nrtd.warm import freeze

    for path, query in SHAPES:
        client.get(path, query, headers=BROWSER)
    for query in SEARCHES:
        client.get("/recommendations/", query, headers=BROWSER)
    freeze()


def _forget(mode: str) -> None:
    """Before a timed request. ``cold`` clears the whole cache (and with it each
    process's facet label memo, kept under a generation stored there); ``publish`` bumps the
    public data generation as every publish, import or status change does, which keeps the
    labels of facet values (nrtd.public_cache.label_generation)."""
    from django.core.cache import cache

    from recommendations.filtering.facets import forget_facet_counts

    if mode == "cold":
        cache.clear()
    elif mode == "publish":
        forget_facet_counts()
    # "served": nothing; the answer stays in the cache.


MODES = {"cold": "cold (cache cleared)", "publish": "after a publish"}


def where_the_time_goes(client, split: Split, repeat: int) -> None:
    from django.db import connection

    for mode, title in MODES.items():
        print(f"\n1. Where the time goes, {title}, {repeat} runs each, medians in ms:")
        print(
            f"   {'shape':58} {'total':>6} {'SQL':>6} {'tmpl':>6} {'JSON':>6} {'gzip':>6} {'Py':>6}"
        )
        with connection.execute_wrapper(split.sql_wrapper):
            for path, query in SHAPES:
                client.get(path, query, headers=BROWSER)  # warm PostgreSQL's buffers
                rows = []
                for _ in range(repeat):
                    _forget(mode)
                    split.reset()
                    started = time.perf_counter()
                    response = client.get(path, query, headers=BROWSER)
                    total = time.perf_counter() - started
                    assert response.status_code == 200, response.status_code
                    template = split.template - split.sql_in_template
                    rest = total - split.sql - template - split.serialise - split.gzip
                    rows.append((total, split.sql, template, split.serialise, split.gzip, rest))
                med = [statistics.median(col) * 1000 for col in zip(*rows, strict=True)]
                label = f"{path}?{urlencode(query)}"[:58]
                print(f"   {label:58} " + " ".join(f"{v:6.1f}" for v in med))


# --- 2 and 3. server-side latency -------------------------------------------------------


def repeated_shapes(client, repeat: int) -> None:
    print(f"\n2. Each shape repeated {repeat} times (server side, test client):")
    for path, query in SHAPES:
        client.get(path, query, headers=BROWSER)
        print(f"   {path}?{urlencode(query)}")
        for mode, title in [*MODES.items(), ("served", "as served (cached)")]:
            times = []
            for _ in range(repeat):
                _forget(mode)
                started = time.perf_counter()
                assert client.get(path, query, headers=BROWSER).status_code == 200
                times.append((time.perf_counter() - started) * 1000)
            print(f"     {title:24} {_figures(times)}")


def distinct_once(client, n: int) -> None:
    times = []
    for query in distinct_queries(n):
        started = time.perf_counter()
        response = client.get("/recommendations/", query, headers=BROWSER)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        assert response.get("X-Cache") != "hit"
    print(f"\n3. {n} distinct text + SDG goal + response searches, each once (all misses):")
    print(f"     {_figures(times)}")


def facet_counting(repeat: int = 5) -> None:
    """The API's facets before (one query per facet) and now (the portal's statement)."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    from recommendations.filtering.facets import FACETS, facet_counts, facet_counts_total_and_page
    from recommendations.publishing.selectors import recommendations_visible_to

    base = recommendations_visible_to(AnonymousUser())
    names = list(FACETS)
    print(f"\n   All {len(names)} facets, counted one query per facet / in one statement:")
    for query in ("search=education&sdg_goal=4", "sdg_goal=16", ""):
        data = QueryDict(query)
        per_facet, single = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            facet_counts(base, names, data)
            per_facet.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            facet_counts_total_and_page(base, names, data)
            single.append((time.perf_counter() - started) * 1000)
        label = query or "(no filter: everything)"
        print(
            f"     {label:30} median {statistics.median(per_facet):7.1f} ms / "
            f"{statistics.median(single):7.1f} ms"
        )


# --- 4. concurrent readers against gunicorn ---------------------------------------------


@contextlib.contextmanager
def gunicorn(port: int, *, workers: int | None = None, threads: int | None = None):
    static = REPO / "var" / "bench-static"
    env = {
        **os.environ,
        "DEBUG": "off",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "off",
        "STATIC_ROOT": str(static),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)
    if threads:
        env["GUNICORN_THREADS"] = str(threads)
    if not (static / "staticfiles.json").exists():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=REPO,
            env=env,
            check=True,
        )
    bindir = Path(sys.executable).parent
    proc = subprocess.Popen(
        [str(bindir / "gunicorn"), "nrtd.wsgi:application", "-c", "gunicorn.conf.py"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                break
            time.sleep(0.1)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _reader_process(port, urls, deadline, first, threads, readers, out):
    results = []
    lock = threading.Lock()

    def reader(offset):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        # Reader k asks urls[k], urls[k + readers], …: no two readers ask the same URL
        # unless the list runs out (the distinct mix is long enough for a run).
        i = offset
        while time.time() < deadline:
            url = urls[i % len(urls)]
            i += readers
            started = time.perf_counter()
            try:
                conn.request("GET", url, headers=BROWSER)
                response = conn.getresponse()
                body = response.read()
                ok = response.status == 200 and body
                hit = response.getheader("X-Cache") == "hit"
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                ok, hit = False, False
            mine.append(((time.perf_counter() - started) * 1000, bool(ok), hit))
        with lock:
            results.extend(mine)

    pool = [threading.Thread(target=reader, args=(first + t,)) for t in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put(results)


def _publishing(deadline: float, every: float, done: list) -> None:
    """Bump the public data generation every ``every`` seconds until ``deadline``, as a
    secretariat publishing (or a focal point's status change) does: every cached answer is
    stale at once, and the next readers of each query all miss together."""
    from recommendations.filtering.facets import forget_facet_counts

    while time.time() + every < deadline:
        time.sleep(every)
        forget_facet_counts()
        done.append(1)


def load(
    port: int,
    urls: list[str],
    readers: int,
    duration: float,
    label: str,
    *,
    publish_every: float | None = None,
) -> None:
    # Readers in several processes, so the client's own GIL is not what limits them.
    processes = min(4, readers)
    per = [readers // processes + (i < readers % processes) for i in range(processes)]
    out = multiprocessing.Queue()
    started = time.time()
    deadline = started + duration
    procs = []
    for n, count in enumerate(per):
        first = sum(per[:n])
        procs.append(
            multiprocessing.Process(
                target=_reader_process, args=(port, urls, deadline, first, count, readers, out)
            )
        )
    for p in procs:
        p.start()
    publishes: list = []
    if publish_every:
        publisher = threading.Thread(
            target=_publishing, args=(deadline, publish_every, publishes), daemon=True
        )
        publisher.start()
    results = [r for _ in procs for r in out.get()]
    for p in procs:
        p.join()
    if publish_every:
        label = f"{label} ({len(publishes)} publishes)"
    elapsed = time.time() - started
    times = [t for t, ok, _hit in results if ok]
    errors = sum(1 for _t, ok, _hit in results if not ok)
    hits = sum(1 for _t, ok, hit in results if ok and hit)
    print(
        f"   {label:34} {len(results) / elapsed:6.1f} requests/s   "
        f"p50 {statistics.median(times):6.1f} ms   p95 {percentile(times, 95):6.1f} ms   "
        f"errors {errors}   from cache {100 * hits / max(1, len(results)):.0f}%"
    )


def _distinct_urls(rng) -> list[str]:
    """Every text + SDG goal + response + year combination (24,480), in a random order, so
    that a run asks queries that no earlier run left in the cache."""
    years = [str(y) for y in range(2008, 2026)]
    combos = list(itertools.product(WORDS, range(1, 18), ("supported", "noted"), years))
    rng.shuffle(combos)
    return _urls(
        ("/recommendations/", {"search": w, "sdg_goal": str(g), "response": r, "year": y})
        for w, g, r, y in combos
    )


def _urls(queries) -> list[str]:
    return [f"{path}?{urlencode(query)}" for path, query in queries]


def concurrent_readers(args) -> None:
    from django.conf import settings
    from django.core.cache import cache

    busy = _urls([*SHAPES, *(("/recommendations/", q) for q in SEARCHES)])
    rng = random.Random()
    distinct = _distinct_urls(rng)
    cpu = os.cpu_count()
    conf = {}
    exec((REPO / "gunicorn.conf.py").read_text(), conf)  # noqa: S102 (our own file)
    print(
        f"\n4. {args.readers} concurrent readers for {args.duration:.0f} s against gunicorn "
        f"({conf['workers']} workers × {conf['threads']} threads, {cpu} cores, loopback):"
    )
    cache.clear()
    with gunicorn(args.port):
        load(args.port, busy, args.readers, args.duration, "busy day (13 queries in turn)")
        load(args.port, distinct, args.readers, args.duration, "all distinct (every one a miss)")
        if "redis" in settings.CACHES["default"]["BACKEND"].lower():
            # The workers share the cache with this process: it can publish under them.
            load(
                args.port,
                busy,
                args.readers,
                args.duration,
                "busy day, a publish every 2 s",
                publish_every=2.0,
            )
    if args.sweep:
        print("\n   workers × threads sweep, all distinct, 10 s each:")
        for workers, threads in [(2, 1), (2, 4), (3, 2), (3, 4), (4, 2), (5, 1)]:
            urls = _distinct_urls(rng)
            with gunicorn(args.port, workers=workers, threads=threads):
                load(args.port, urls, args.readers, 10, f"{workers} workers × {threads} threads")


# --- the run ----------------------------------------------------------------------------


def run(args) -> None:
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("bench_portal needs a PostgreSQL DATABASE_URL")
    from tests.benchmarks.bench_search import ensure_seeded
    from tests.benchmarks.common import setup_django

    setup_django()
    import rest_framework.renderers
    from django.conf import settings
    from django.db import connection
    from django.middleware import gzip as gzip_middleware
    from django.template.backends import django as django_backend
    from django.test import Client
    from django.test.utils import override_settings

    from recommendations.models import Recommendation

    settings.DEBUG = False
    ensure_seeded(args.recommendations)
    total = Recommendation.objects.filter(is_published=True).count()
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('server_version'), current_setting('shared_buffers')")
        version, shared_buffers = cur.fetchone()
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[1]
    print(f"PostgreSQL {version} ({args.server} server, shared_buffers {shared_buffers})")
    print(f"{total} published recommendations; cache: {cache_backend}; {os.cpu_count()} cores")

    split = Split()
    split.wrap(django_backend.Template, "render", "template")
    split.wrap(rest_framework.renderers.JSONRenderer, "render", "serialise")
    split.wrap(gzip_middleware, "compress_string", "gzip")
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        if not args.load_only:
            warm_up(client)
            where_the_time_goes(client, split, args.split_repeat)
            repeated_shapes(client, args.repeat)
            facet_counting()
            distinct_once(client, args.distinct)
    if not args.no_load:
        concurrent_readers(args)


if __name__ == "__main__":
    main()
