"""Mechanism performance page benchmark on PostgreSQL: 250,000 synthetic recommendations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench_perf \
        .venv/bin/python tests/benchmarks/bench_performance.py [--recommendations N] [--repeat R]

Creates and migrates the database if needed, seeds it with ``seed_synthetic`` up to N
recommendations (with their lead and supporting institutions), then adds, once, the
follow-up the page counts: a progress update (with its history row) on one recommendation
in five, dated over the last three years, a third of them drafts; 12 update rounds of 5,000
round tasks each (60,000), three in four answered, their deadlines over three years; and 60
reporting calendar entries. Then times, server side, through Django's test client (routing,
middleware, permission, reading the kept figures, the template), the secretariat's
performance page; the beat task's refresh of every figure (the four coverage windows
included), which the page no longer waits for; and each selector alone. Prints p50/p95/max
in milliseconds, and ``/healthz`` in the same run as the floor of any request on this
(shared) machine.

Not a test: pytest only collects test_*.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tests.benchmarks.common import production_like, setup_django, summary_line, times_after_warm_up  # noqa: E402

production_like("postgres://postgres@127.0.0.1:5432/nrtd_bench_perf")


N_ROUNDS = 12
TASKS_PER_ROUND = 5000
N_DEADLINES = 60


def seed_followup() -> None:
    """Progress updates, rounds with tasks and calendar entries, once (idempotent)."""
    import datetime
    import random

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone
    from simple_history.utils import bulk_create_with_history

    from recommendations.models import (
        Assignment,
        Mechanism,
        ProgressUpdate,
        Recommendation,
        RoundTask,
        UpdateRound,
    )
    from reporting.models import Deadline

    if UpdateRound.objects.filter(name__startswith="Bench round").exists():
        return
    rng = random.Random(20)
    today = timezone.localdate()
    user, _ = get_user_model().objects.get_or_create(username="bench-author")
    print("seeding follow-up (progress updates, rounds, calendar)…", flush=True)
    started = time.perf_counter()
    leads = dict(
        Assignment.objects.filter(role=Assignment.Role.LEAD).values_list(
            "recommendation_id", "institution_id"
        )
    )
    ids = list(Recommendation.objects.order_by("pk").values_list("pk", flat=True))
    states = [ProgressUpdate.State.ACCEPTED, ProgressUpdate.State.SUBMITTED]
    with transaction.atomic():
        updates = [
            ProgressUpdate(
                recommendation_id=pk,
                institution_id=leads.get(pk),
                status="in_progress",
                narrative="Synthetic progress.",
                date=today - datetime.timedelta(days=rng.randrange(3 * 365)),
                state=rng.choice([*states, *states, ProgressUpdate.State.DRAFT]),
                author=user,
            )
            for pk in ids[::5]
        ]
        updates = bulk_create_with_history(updates, ProgressUpdate, batch_size=5000)
        by_rec = {u.recommendation_id: u for u in updates}
        for n in range(N_ROUNDS):
            deadline = today - datetime.timedelta(days=90 * n + 10)
            update_round = UpdateRound.objects.create(name=f"Bench round {n}", deadline=deadline)
            tasks = []
            for pk in rng.sample(ids, TASKS_PER_ROUND):
                if pk not in leads:
                    continue
                update = by_rec.get(pk) if rng.random() < 0.75 else None
                tasks.append(
                    RoundTask(
                        update_round=update_round,
                        recommendation_id=pk,
                        institution_id=leads[pk],
                        update=update,
                        state="submitted" if update else "pending",
                    )
                )
            RoundTask.objects.bulk_create(tasks, batch_size=5000, ignore_conflicts=True)
        Deadline.objects.bulk_create(
            [
                Deadline(
                    kind=rng.choice(["periodic", "midterm", "followup", "upr_national"]),
                    mechanism=Mechanism.TREATY_BODY,
                    title=f"Bench report {n}",
                    due_date=today - datetime.timedelta(days=40 * n - 300),
                    submitted_on=(
                        today - datetime.timedelta(days=40 * n - 300 - rng.randrange(-30, 60))
                        if rng.random() < 0.8
                        else None
                    ),
                )
                for n in range(N_DEADLINES)
            ]
        )
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recommendations", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from bench_search import ensure_seeded

    setup_django()
    ensure_seeded(args.recommendations)
    seed_followup()

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    from mechanisms.models import Profile
    from recommendations.models import ProgressUpdate, Recommendation, RoundTask
    from reporting.selectors.performance import (
        followup_coverage,
        performance_summary_refresh,
        reports_on_time,
        round_responses,
    )

    user, _ = get_user_model().objects.get_or_create(username="bench-secretariat")
    Profile.objects.update_or_create(user=user, defaults={"role": "secretariat_admin"})
    print(
        f"data: {Recommendation.objects.count():,} recommendations, "
        f"{ProgressUpdate.objects.count():,} progress updates, "
        f"{RoundTask.objects.count():,} round tasks"
    )
    # Plain static storage: no collectstatic manifest is needed to render the page.
    plain = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ALLOWED_HOSTS=["*"], STORAGES=plain):
        client = Client()
        client.force_login(user)

        def page():
            response = client.get("/workspace/reports/performance/")
            assert response.status_code == 200, response.status_code

        def health():
            client.get("/healthz")

        # The page reads the figures the beat task keeps (refreshed every 10 minutes); the
        # first call of _times is an untimed warm-up, which is also what fills them if the
        # task has not run yet.
        print(summary_line("performance page (whole view)", times_after_warm_up(page, args.repeat)))
        print(summary_line("/healthz (floor)", times_after_warm_up(health, args.repeat)))
    refresh = times_after_warm_up(performance_summary_refresh, max(3, args.repeat // 4))
    print(summary_line("background refresh (all figures)", refresh))
    print(
        summary_line(
            "  followup_coverage(12)",
            times_after_warm_up(lambda: followup_coverage(12), args.repeat),
        )
    )
    print(summary_line("  round_responses()", times_after_warm_up(round_responses, args.repeat)))
    print(summary_line("  reports_on_time()", times_after_warm_up(reports_on_time, args.repeat)))


if __name__ == "__main__":
    main()
