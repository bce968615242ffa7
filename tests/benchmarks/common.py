"""What the benchmarks share: their own PostgreSQL database, the set-up of Django for
pages served in-process, and how a timing is taken and printed. Each benchmark still seeds
its own data and prints its own figures."""

from __future__ import annotations

import os
import statistics
import time
from urllib.parse import urlparse


def production_like(database_url: str) -> None:
    """The environment of a benchmark run in-process: Django's settings on ``database_url``
    (unless DATABASE_URL says otherwise), as in production: no debug cursor or toolbar costs,
    no HTTPS redirect for the test client."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrtd.settings")
    os.environ.setdefault("DATABASE_URL", database_url)
    os.environ.setdefault("DEBUG", "off")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-not-for-production-use")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "off")


def ensure_database(url: str) -> None:
    """Create the benchmark's database (named by ``url``) if it is not there yet."""
    import psycopg2
    from psycopg2 import sql

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cur.fetchone():
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")
    conn.close()


def setup_django() -> None:
    """Set Django up on the benchmark's database (DATABASE_URL), created if need be."""
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


def serve_pages_after(seed):
    """Set Django up on the benchmark's database (DATABASE_URL, created if need be), migrate,
    ``seed()``, let the planner know the data, and serve pages to a test client (testserver
    host, plain static files, mail kept in memory). Returns what ``seed`` returns."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    seeded = seed()
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load; without it the planner guesses row counts.
        cursor.execute("ANALYZE")
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return seeded


def timed(fn, repeat: int) -> list[float]:
    """Milliseconds of ``fn(i)`` for i in range(repeat)."""
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(label: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    print(
        f"{label:<42} n={len(times):<4} p50={statistics.median(times):7.1f} ms  "
        f"p95={p95:7.1f} ms  max={times[-1]:7.1f} ms"
    )


def times_after_warm_up(call, repeat: int) -> list[float]:
    """Milliseconds of ``call()``, ``repeat`` times, after one untimed call."""
    call()  # warm-up, untimed
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary_line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"{name:<34} p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms"
        f"   max {ordered[-1]:7.1f} ms   (n={len(ordered)})"
    )
