"""Benchmark: a ministry's 1,000-row spreadsheet downloaded, filled in and uploaded back.

    .venv/bin/python tests/benchmarks/bench_ministry_sheet.py [--rows N] [--no-round]

Uses a throw-away PostgreSQL database (nrtd_bench_sheet, or BENCH_DATABASE_URL; a
``sqlite:////tmp/file.sqlite3`` URL measures SQLite), migrated from scratch. Seeds one
institution leading N recommendations (each with one earlier accepted update, so the sheet
shows a last narrative), its focal point, and an open update round asking for all of them
(each row then also updates its round task and waits for
review: the costlier path). Then times:

* the download: the institution's sheet written as .xlsx (``sheet_for``);
* the upload: a SheetUpload stored and its job run (``sheet_upload_run``, which the Celery
  task calls), reading the file and writing N progress updates in one transaction.

Prints seconds, rows per second, and the process's peak resident memory (getrusage,
Django included); ``--tracemalloc`` adds the peak of Python allocations during the upload
(and slows it down several times, so time the run without it). The CPU time of the
process is printed beside the wall time: on a busy machine the two differ a lot.
Goal (issue 15): 1,000 rows in at most 10 s and 300 MB.
Not a test: pytest only collects test_*.py.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nrtd_bench_sheet")
os.environ["DATABASE_URL"] = DB

from tests.benchmarks.common import production_like  # noqa: E402

production_like(DB)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _python_speed() -> float:
    """Seconds for a fixed pure-Python loop: tells how fast this machine runs Python now
    (about 0.15 s on an idle 2024 laptop), to read the other figures against."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return time.perf_counter() - start


def seed(rows: int, with_round: bool):
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from mechanisms.models import Institution, Profile, Seat
    from recommendations.followup.rounds import round_open
    from recommendations.models import (
        Assignment,
        Body,
        ProgressUpdate,
        Recommendation,
        Review,
        State,
    )

    words = ["health", "education", "torture", "women", "children", "justice", "police"]
    with transaction.atomic():
        institution = Institution.objects.create(name="Ministry of Health", acronym="MoH")
        body = Body.objects.create(code="UPR", name="Universal Periodic Review", mechanism="upr")
        state, _ = State.objects.get_or_create(
            iso2="SI", defaults={"iso3": "SVN", "name": "Slovenia", "regional_group": "EEG"}
        )
        review, _ = Review.objects.get_or_create(
            state_under_review=state, session=34, defaults={"cycle": 3, "body": body}
        )
        users = get_user_model().objects
        secretariat = users.create(username="bench-secretariat")
        Profile.objects.update_or_create(user=secretariat, defaults={"role": "secretariat_admin"})
        focal = users.create(username="bench-focal", first_name="Amina", last_name="Diallo")
        Profile.objects.update_or_create(user=focal, defaults={"role": "focal_point"})
        Seat.objects.create(institution=institution, level="technical", holder=focal)
        recs = Recommendation.objects.bulk_create(
            [
                Recommendation(
                    text=(
                        f"Take further measures on {words[i % 7]} and {words[(i * 3) % 7]}, "
                        "including by allocating sufficient resources and monitoring the "
                        f"results with disaggregated data (item {i})."
                    ),
                    paragraph=f"{100 + i // 200}.{i % 200 + 1}",
                    mechanism="upr",
                    body=body,
                    review=review,
                    status="in_progress",
                )
                for i in range(rows)
            ],
            batch_size=1000,
        )
        Assignment.objects.bulk_create(
            [Assignment(recommendation=r, institution=institution, role="lead") for r in recs],
            batch_size=1000,
        )
        ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(
                    recommendation=r,
                    institution=institution,
                    status="in_progress",
                    narrative="Draft law sent to parliament; consultations with civil society.",
                    date=datetime.date.today() - datetime.timedelta(days=90),
                    state="accepted",
                    author=focal,
                )
                for r in recs
            ],
            batch_size=1000,
        )
        if with_round:
            round_open(
                actor=secretariat,
                name="Mid-term round",
                deadline=datetime.date.today() + datetime.timedelta(days=30),
            )
    return institution, focal


def fill(content: bytes) -> bytes:
    """What the ministry does offline: a new status and narrative on every row."""
    from openpyxl import load_workbook

    from recommendations.followup.sheet import FIRST_ROW, INDEX

    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    statuses = ["Partially implemented", "In progress", "Fully implemented"]
    for number in range(FIRST_ROW, sheet.max_row + 1):
        sheet.cell(number, INDEX["new_status"] + 1).value = statuses[number % 3]
        sheet.cell(number, INDEX["new_narrative"] + 1).value = (
            f"Row {number}: the law was adopted; regulations are being drafted with the "
            "ministry of finance; training of 300 officials planned for next year."
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--no-round", action="store_true", help="no open round (accepted)")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (slower)"
    )
    args = parser.parse_args()
    name = DB.rsplit("/", 1)[1]
    if DB.startswith("sqlite"):  # BENCH_DATABASE_URL=sqlite:////tmp/bench-sheet.sqlite3
        Path(DB.split(":///", 1)[1]).unlink(missing_ok=True)
    else:
        pg = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *pg, "--if-exists", name], check=True)  # noqa: S603, S607
        subprocess.run(["createdb", *pg, name], check=True)  # noqa: S603, S607
    import tempfile

    import django
    from django.conf import settings

    media = tempfile.mkdtemp(prefix="bench-sheet-")
    django.setup()
    settings.MEDIA_ROOT = media
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from recommendations.followup.sheet_upload import sheet_for, sheet_upload_run
    from recommendations.models import ProgressUpdate, SheetUpload

    call_command("migrate", verbosity=0)
    print(
        f"Python speed now: a 3M-iteration loop takes {_python_speed():.2f} s "
        "(an idle 2024 laptop: about 0.15 s)"
    )
    institution, focal = seed(args.rows, with_round=not args.no_round)
    print(f"seeded {args.rows} recommendations; peak RSS so far {_rss_mb():.0f} MB")

    start = time.perf_counter()
    content = sheet_for(actor=focal, institution=institution)
    elapsed = time.perf_counter() - start
    print(
        f"download: {args.rows} rows written in {elapsed:.2f} s "
        f"({len(content) / 1024:.0f} KB); peak RSS {_rss_mb():.0f} MB"
    )
    filled = fill(content)
    before = ProgressUpdate.objects.count()
    rss_before = _rss_mb()

    if args.tracemalloc:
        tracemalloc.start()
    cpu_before = _cpu_s()
    start = time.perf_counter()
    upload = SheetUpload.objects.create(
        file=ContentFile(filled, name="moh.xlsx"), original_name="moh.xlsx", created_by=focal
    )
    sheet_upload_run(upload.pk)
    elapsed = time.perf_counter() - start
    traced_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    tracemalloc.stop()
    cpu = _cpu_s() - cpu_before
    upload.refresh_from_db()
    written = ProgressUpdate.objects.count() - before
    assert upload.status == "done", upload.errors[:5]
    assert written == args.rows, (written, upload.result)
    print(
        f"upload: {args.rows} rows read and written in {elapsed:.2f} s = "
        f"{args.rows / elapsed:,.0f} rows/s (submitted {upload.result['submitted']}, "
        f"accepted {upload.result['accepted']}, changed {len(upload.result['changed'])}); "
        f"CPU time of this process {cpu:.2f} s (PostgreSQL's own not included)"
    )
    print(
        f"memory: peak RSS of the process {_rss_mb():.0f} MB (before the upload "
        f"{rss_before:.0f} MB)"
    )
    if traced_peak is not None:
        print(f"peak Python allocations during the upload: {traced_peak / 1024 / 1024:.0f} MB")


if __name__ == "__main__":
    main()
