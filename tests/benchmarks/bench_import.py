"""Benchmark: import the UPR Info sample (6,094 rows) into PostgreSQL.

    .venv/bin/python tests/benchmarks/bench_import.py

Uses a throw-away database (nrtd_bench_import, or BENCH_DATABASE_URL), migrated from
scratch. Prints rows per second for a first import and for a re-import (no-op), and the
process's peak resident memory. Target (issue 3): at least 2,000 rows/s, under 300 MB.
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nrtd_bench_import")
os.environ["DATABASE_URL"] = DB
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrtd.settings")
SAMPLE = (
    Path(os.environ.get("NRTD_SHARED_DATA", REPO.parent / "shared" / "data"))
    / "upr-info"
    / "upr-info-sessions-01-05.csv"
)


def main() -> None:
    name = DB.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)  # noqa: S603, S607
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)  # noqa: S603, S607
    import django

    django.setup()
    from django.core.management import call_command

    from recommendations.imports.services import import_recommendations

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    for label in ["first import", "re-import"]:
        start = time.perf_counter()
        summary = import_recommendations(SAMPLE)
        elapsed = time.perf_counter() - start
        assert summary.ok, summary.errors[:5]
        rate = summary.rows / elapsed
        print(
            f"{label}: {summary.rows} rows in {elapsed:.2f} s = {rate:,.0f} rows/s "
            f"(created {summary.created}, unchanged {summary.unchanged})"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
