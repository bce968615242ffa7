"""Mid-term report benchmark: 1,000 recommendations with 3,000 activities, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench_rep \
        .venv/bin/python tests/benchmarks/bench_reporting.py [--recommendations N] [--warm]
        [--only docx|pdf|matrix] [--tracemalloc]

Creates and migrates the database if needed and seeds one reviewed State (reused on the next
run). Then runs the report service in this process, as the Celery worker would, once for
the .docx and once for the .pdf, and prints the wall time of each and the process's peak
resident memory (getrusage) after each. ``--tracemalloc`` adds a third .docx run measuring
the Python heap's peak (slower: tracing costs time). Not a test: pytest only collects
test_*.py.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrtd.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nrtd_bench_rep")

from tests.benchmarks.common import setup_django  # noqa: E402

STATE = "Benchmarkia"
MATRIX_STATE = ("Matrixia", "XM", "XMX")
WORDS_TEXT = (
    "ensure adequate resources strengthen legislation protect rights women children persons "
    "disabilities minorities access justice health education housing combat discrimination "
    "violence trafficking torture detention independent investigation national institution"
)
WORDS = WORDS_TEXT.split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def seed(n_recs: int, n_activities: int, state: tuple[str, str, str] = (STATE, "XB", "XBM")):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from mechanisms.models import Institution
    from recommendations.models import (
        Activity,
        Assignment,
        Body,
        Cluster,
        ClusterSet,
        Indicator,
        IndicatorValue,
        ProgressUpdate,
        Recommendation,
        Review,
        SdgGoal,
        State,
        Status,
        Theme,
    )
    from recommendations.reference.services import load_reference

    name, iso2, iso3 = state
    state = State.objects.filter(name=name).first()
    if state:
        review = Review.objects.get(state_under_review=state)
        if review.recommendations.count() >= n_recs:
            return review
    print("loading reference data and seeding…")
    load_reference()
    rng = random.Random(42)
    user, _ = get_user_model().objects.get_or_create(username="bench")
    with transaction.atomic():
        state, _ = State.objects.get_or_create(
            name=name, defaults={"iso2": iso2, "iso3": iso3, "regional_group": "EEG"}
        )
        review, _ = Review.objects.get_or_create(
            state_under_review=state,
            session=41,
            defaults={"cycle": 4, "date": datetime.date(2022, 11, 7)},
        )
        Recommendation.objects.filter(review=review).delete()
        body = Body.objects.get(code="UPR")
        institutions = [
            Institution.objects.get_or_create(name=f"Bench ministry {i}")[0] for i in range(25)
        ]
        cluster_set, _ = ClusterSet.objects.get_or_create(
            name=f"Bench clusters {name}", review=review
        )
        clusters = [
            Cluster.objects.get_or_create(cluster_set=cluster_set, name=f"Cluster {i}", order=i)[0]
            for i in range(12)
        ]
        states = list(State.objects.exclude(pk=state.pk)[:80])
        themes = list(Theme.objects.all()[:60])
        goals = list(SdgGoal.objects.all())
        statuses = [*Status.values, ""]
        recs = Recommendation.objects.bulk_create(
            Recommendation(
                text=sentence(rng, rng.randint(15, 45)),
                paragraph=f"{110 + i // 1000}.{i % 1000 + 1}",
                mechanism="upr",
                body=body,
                review=review,
                response=rng.choice(["supported"] * 4 + ["noted"]),
                status=rng.choice(statuses),
            )
            for i in range(n_recs)
        )
        Through = Recommendation.clusters.through  # noqa: N806
        Through.objects.bulk_create(
            Through(recommendation=r, cluster=rng.choice(clusters)) for r in recs
        )
        StatesThrough = Recommendation.recommending_states.through  # noqa: N806
        StatesThrough.objects.bulk_create(
            StatesThrough(recommendation=r, state=s) for r in recs for s in rng.sample(states, 2)
        )
        ThemesThrough = Recommendation.themes.through  # noqa: N806
        ThemesThrough.objects.bulk_create(
            ThemesThrough(recommendation=r, theme=t) for r in recs for t in rng.sample(themes, 2)
        )
        GoalsThrough = Recommendation.sdg_goals.through  # noqa: N806
        GoalsThrough.objects.bulk_create(
            GoalsThrough(recommendation=r, sdggoal=rng.choice(goals)) for r in recs
        )
        assignments = []
        for r in recs:
            lead, support = rng.sample(institutions, 2)
            assignments += [
                Assignment(recommendation=r, institution=lead, role="lead"),
                Assignment(recommendation=r, institution=support, role="supporting"),
            ]
        Assignment.objects.bulk_create(assignments)
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(
                recommendation=r,
                status=r.status or "not_started",
                narrative=sentence(rng, 60),
                date=datetime.date(2024, 1 + i % 12, 1),
                state="accepted",
                author=user,
            )
            for i, r in enumerate(recs)
        )
        activities = Activity.objects.bulk_create(
            Activity(
                title=sentence(rng, 6)[:200],
                description=sentence(rng, 30),
                lead_institution=rng.choice(institutions),
                start_date=datetime.date(2023, 1 + i % 12, 1),
                end_date=datetime.date(2025, 1 + i % 12, 1),
            )
            for i in range(n_activities)
        )
        ActivityThrough = Activity.recommendations.through  # noqa: N806
        ActivityThrough.objects.bulk_create(
            ActivityThrough(activity=a, recommendation=recs[i % len(recs)])
            for i, a in enumerate(activities)
        )
        indicators = Indicator.objects.bulk_create(
            Indicator(name=sentence(rng, 5), unit="%", baseline=10, target=90) for _ in range(300)
        )
        IndicatorThrough = Indicator.recommendations.through  # noqa: N806
        IndicatorThrough.objects.bulk_create(
            IndicatorThrough(indicator=ind, recommendation=recs[(i * 3 + k) % len(recs)])
            for i, ind in enumerate(indicators)
            for k in range(3)
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=ind, date=datetime.date(2022 + k, 1, 1), value=20 * (k + 1))
            for ind in indicators
            for k in range(3)
        )
    from django.db import connection

    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load; without it the planner guesses row counts.
        cursor.execute("ANALYZE")
    return review


def run_once(review, fmt: str, kind: str = "midterm") -> tuple[float, object]:
    from reporting.models import ReportRun
    from reporting.services.runs import report_run_execute

    run = ReportRun.objects.create(kind=kind, formats=[fmt], review=review)
    start, cpu, child = time.perf_counter(), time.process_time(), children_cpu()
    report_run_execute(run.pk)
    elapsed = time.perf_counter() - start
    # The machine may be shared: CPU time says what the run cost, wall time what it took.
    # The PDF is typeset in a child process (reporting.exports.pdf): its CPU and peak apart.
    line = f"  ({fmt}: {time.process_time() - cpu:.2f} s CPU"
    if fmt == "pdf":
        line += (
            f" here + {children_cpu() - child:.2f} s CPU in the Typst child, whose peak RSS "
            f"was {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB"
        )
    print(line + ")")
    run.refresh_from_db()
    if run.status != "done":
        sys.exit(f"{fmt} run failed: {run.error}")
    return elapsed, run


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rss_so_far() -> str:
    return f"peak RSS so far {peak_rss_mb():.0f} MB"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recommendations", type=int, default=1000)
    parser.add_argument("--activities", type=int, default=3000)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="run each output twice: the first run pays the imports a new worker makes once "
        "(matplotlib, openpyxl, python-docx), the second is a worker that has made a report",
    )
    parser.add_argument(
        "--only",
        choices=["docx", "pdf", "matrix"],
        help="one output only, so the peak RSS printed is that output's alone",
    )
    parser.add_argument(
        "--matrix-recommendations",
        type=int,
        default=10000,
        help="the matrix is timed on a second review of this many recommendations",
    )
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("bench_reporting needs a PostgreSQL DATABASE_URL")
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # no query log growing in memory
    settings.MEDIA_ROOT = REPO / "test-output" / "bench-media"
    call_command("migrate", verbosity=0)
    review = seed(args.recommendations, args.activities)
    from recommendations.models import Activity

    n_recs = review.recommendations.count()
    n_acts = Activity.objects.filter(recommendations__review=review).distinct().count()
    print(f"mid-term report: {n_recs} recommendations, {n_acts} activities")
    print(f"baseline peak RSS: {peak_rss_mb():.0f} MB")

    runs = 2 if args.warm else 1
    if args.only in (None, "docx"):
        for _n in range(runs):
            elapsed, run = run_once(review, "docx")
            size = run.docx_file.size / 1e6
            print(f".docx: {elapsed:.2f} s, {size:.1f} MB file, {rss_so_far()}")
    if args.only in (None, "pdf"):
        for _n in range(runs):
            elapsed, run = run_once(review, "pdf")
            size = run.pdf_file.size / 1e6
            print(f".pdf:  {elapsed:.2f} s, {size:.1f} MB file, {rss_so_far()}")
    if args.only in (None, "matrix"):
        big = seed(args.matrix_recommendations, args.matrix_recommendations, state=MATRIX_STATE)
        for _n in range(runs):
            elapsed, run = run_once(big, "xlsx", kind="matrix")
            rows = big.recommendations.count()
            print(
                f"matrix .xlsx: {rows} rows, {elapsed:.2f} s, "
                f"{run.xlsx_file.size / 1e6:.1f} MB file, peak RSS so far {peak_rss_mb():.0f} MB"
            )
    if args.tracemalloc:
        tracemalloc.start()
        elapsed, _run = run_once(review, "docx")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f".docx under tracemalloc: {elapsed:.2f} s, Python heap peak {peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
