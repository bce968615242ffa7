"""Reports to a treaty body: the follow-up reply and the periodic report's draft of one
concluding-observations review of ~120 paragraphs, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench_treaty \
        .venv/bin/python tests/benchmarks/bench_treaty_reports.py [--paragraphs N]

Creates and migrates the database if needed and seeds one CEDAW review (reused on the next
run): N recommendations, four of them follow-up items, each with an accepted progress
update, two activities and an indicator with three values, spread over ten themes. Then runs
the report service in this process, as the Celery worker would, once per kind and format,
and prints wall and CPU time and the file size. Not a test: pytest only collects test_*.py.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrtd.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nrtd_bench_treaty")

SYMBOL = "BENCH/CEDAW/C/XBT/CO/7"


def seed(paragraphs: int):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from mechanisms.models import Institution
    from recommendations.models import (
        Activity,
        Body,
        Indicator,
        IndicatorValue,
        ProgressUpdate,
        Recommendation,
        Review,
        State,
        Theme,
    )

    existing = Review.objects.filter(document_symbol=SYMBOL).first()
    if existing and existing.recommendations.count() == paragraphs:
        return existing
    with transaction.atomic():
        if existing:
            Activity.objects.filter(recommendations__review=existing).delete()
            Indicator.objects.filter(recommendations__review=existing).delete()
            existing.recommendations.all().delete()
            existing.delete()
        state, _ = State.objects.get_or_create(
            iso2="XB", defaults={"iso3": "XBT", "name": "Benchtreatia"}
        )
        body, _ = Body.objects.get_or_create(
            code="CEDAW", defaults={"name": "CEDAW", "mechanism": "treaty_body"}
        )
        institution, _ = Institution.objects.get_or_create(name="Bench ministry")
        author, _ = get_user_model().objects.get_or_create(username="bench-focal-point")
        themes = [
            Theme.objects.get_or_create(code=f"XB{i}", defaults={"name": f"Bench theme {i}"})[0]
            for i in range(10)
        ]
        review = Review.objects.create(
            mechanism="treaty_body",
            state_under_review=state,
            body=body,
            document_symbol=SYMBOL,
            date=datetime.date(2024, 3, 1),
            followup_due=datetime.date(2026, 3, 1),
        )
        text = (
            "The Committee recommends that the State party adopt and implement measures, with "
            "adequate resources, to protect the rights of women and girls, paragraph {n}."
        )
        followup = {7, 19, 33, 58}
        for n in range(1, paragraphs + 1):
            rec = Recommendation.objects.create(
                review=review,
                mechanism="treaty_body",
                body=body,
                text=text.format(n=n),
                paragraph=f"{n // 3 + 8} ({'abc'[n % 3]})",
                document_symbol=SYMBOL,
                is_followup_item=n in followup,
                status="in_progress",
            )
            rec.themes.add(themes[n % len(themes)])
            ProgressUpdate.objects.create(
                recommendation=rec,
                institution=institution,
                status="in_progress",
                narrative="A working group met four times and a bill was drafted. " * 3,
                date=datetime.date(2025, 5, 1),
                state="accepted",
                author=author,
            )
            for k in range(2):
                activity = Activity.objects.create(
                    title=f"Activity {k} for paragraph {n}",
                    description="Training and consultation",
                    lead_institution=institution,
                    start_date=datetime.date(2024, 6, 1),
                    end_date=datetime.date(2025, 6, 1),
                )
                activity.recommendations.add(rec)
            indicator = Indicator.objects.create(
                name=f"Indicator {n}", unit="cases", baseline=0, target=100
            )
            indicator.recommendations.add(rec)
            for k in range(3):
                IndicatorValue.objects.create(
                    indicator=indicator, date=datetime.date(2023 + k, 1, 1), value=20 * (k + 1)
                )
    return review


def run_once(review, kind: str, fmt: str):
    from reporting.models import ReportRun
    from reporting.services.runs import report_run_execute

    run = ReportRun.objects.create(kind=kind, formats=[fmt], review=review)
    start, cpu = time.perf_counter(), time.process_time()
    report_run_execute(run.pk)
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    run.refresh_from_db()
    if run.status != "done":
        sys.exit(f"{kind} {fmt} failed: {run.error}")
    size = run.file_for(fmt).size / 1e3
    print(
        f"{kind:16} .{fmt:4}: {elapsed:5.2f} s wall, {used:5.2f} s CPU, "
        f"{run.result['recommendations']} recommendations, {size:.0f} kB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paragraphs", type=int, default=120)
    args = parser.parse_args()
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("bench_treaty_reports needs a PostgreSQL DATABASE_URL")
    from tests.benchmarks.common import setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    settings.MEDIA_ROOT = REPO / "test-output" / "bench-media"
    call_command("migrate", verbosity=0)
    review = seed(args.paragraphs)
    print(f"review {review.document_symbol}: {review.recommendations.count()} paragraphs")
    for kind in ("treaty_followup", "treaty_periodic"):
        for fmt in ("docx", "pdf"):
            run_once(review, kind, fmt)


if __name__ == "__main__":
    main()
