"""Open data downloads of every published recommendation (250,000 seeded) on PostgreSQL.

    .venv/bin/python tests/benchmarks/bench_opendata.py [--server local] [--formats csv,json]

On the private PostgreSQL server of ``bench_portal.py`` (docker-compose's ``db`` settings;
seeded there by ``bench_portal.py`` or here, ``seed_synthetic``), or with ``--server local``
on the server of ``DATABASE_URL``. For each format, downloads the whole unfiltered result
through the Django test client as a browser would (gzip), reading the streamed body to its
end, and prints: rows, bytes sent, seconds to the first byte and in all, rows per second,
and the growth of the process's peak resident memory during the download (the kernel's
high-water mark, reset before each format), which shows whether the export holds the
result in memory. Not a test: pytest collects test_*.py.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrtd.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nrtd_bench")


def _peak_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1))


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS


def main() -> None:
    from tests.benchmarks.pgserver import add_server_option, on_server

    parser = argparse.ArgumentParser()
    parser.add_argument("--recommendations", type=int, default=250_000)
    parser.add_argument("--formats", default="csv,json,xlsx")
    add_server_option(parser)
    args = parser.parse_args()
    on_server(args.server, "nrtd_bench", lambda: run(args))


def run(args) -> None:
    from tests.benchmarks.bench_search import ensure_seeded
    from tests.benchmarks.common import setup_django

    setup_django()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings

    from recommendations.models import Recommendation

    settings.DEBUG = False
    ensure_seeded(args.recommendations)
    published = Recommendation.objects.filter(is_published=True).count()
    print(f"{published} published recommendations; PostgreSQL ({args.server} server)")

    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        for fmt in args.formats.split(","):
            _reset_peak()
            before = _peak_kb()
            started = time.perf_counter()
            response = client.get(
                f"/recommendations/download.{fmt}", headers={"Accept-Encoding": "gzip"}
            )
            assert response.status_code == 200, response.status_code
            chunks = iter(response.streaming_content)
            first = next(chunks)
            first_byte = time.perf_counter() - started
            sent = len(first)
            inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            compressed = response.get("Content-Encoding") == "gzip"
            # The body goes to a file, so the memory measured is the server side's.
            with tempfile.TemporaryFile() as body:
                body.write(inflate.decompress(first) if compressed else first)
                for chunk in chunks:
                    sent += len(chunk)
                    body.write(inflate.decompress(chunk) if compressed else chunk)
                elapsed = time.perf_counter() - started
                grown = (_peak_kb() - before) / 1024
                size = body.tell()
                body.seek(0)
                rows = _rows(fmt, body)
            assert rows == published, (fmt, rows, published)
            print(
                f"{fmt:5} {rows} rows  {sent / 2**20:6.1f} MB sent "
                f"({size / 2**20:6.1f} MB {'before gzip' if compressed else 'raw'})  "
                f"first byte {first_byte * 1000:7.1f} ms  total {elapsed:6.2f} s  "
                f"{rows / elapsed:8,.0f} rows/s  peak memory +{grown:5.1f} MB"
            )


def _rows(fmt: str, body) -> int:
    if fmt == "csv":
        text = io.TextIOWrapper(body, encoding="utf-8-sig", newline="")
        return sum(1 for _row in csv.reader(text)) - 1
    if fmt == "json":
        return len(json.load(body)["recommendations"])
    from openpyxl import load_workbook

    sheet = load_workbook(body, read_only=True)["recommendations"]
    return sum(1 for _row in sheet.iter_rows(values_only=True)) - 1


if __name__ == "__main__":
    main()
