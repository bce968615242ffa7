"""Action plan benchmark on PostgreSQL: the secretariat's plan progress view and the public
plan page over one large plan.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench_plan \
        .venv/bin/python tests/benchmarks/bench_action_plan.py [--items N] [--repeat R]

Creates and migrates the database if needed, seeds synthetic recommendations
(``seed_synthetic``, default 5,000), then, once, a published plan of N items (default 300),
each with a responsible institution, dates (one in four overdue), a budget, 20 linked
recommendations and 3 indicators of 24 monthly values (plus one disaggregated value each).
Times, server side through Django's test client, the progress view and the public page, and
the ``plan_progress`` selector alone; prints p50/p95/max in milliseconds and ``/healthz`` in
the same run as the floor of any request on this (shared) machine.

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

production_like("postgres://postgres@127.0.0.1:5432/nrtd_bench_plan")


PLAN_TITLE = "Bench action plan"


def seed_plan(items: int):
    import datetime
    import random

    from django.db import transaction

    from mechanisms.models import Institution
    from recommendations.models import (
        ActionPlan,
        ActionPlanItem,
        Indicator,
        IndicatorValue,
        Recommendation,
    )

    plan = ActionPlan.objects.filter(title=PLAN_TITLE).first()
    if plan is not None:
        return plan
    print(f"seeding a plan of {items} items…", flush=True)
    started = time.perf_counter()
    rng = random.Random(7)
    today = datetime.date.today()
    institutions = list(Institution.objects.values_list("pk", flat=True)) or [
        Institution.objects.create(name="Bench ministry").pk
    ]
    rec_ids = list(Recommendation.objects.values_list("pk", flat=True))
    statuses = ActionPlanItem.ItemStatus.values
    with transaction.atomic():
        plan = ActionPlan.objects.create(title=PLAN_TITLE, is_published=True)
        created = ActionPlanItem.objects.bulk_create(
            ActionPlanItem(
                plan=plan,
                code=f"{n // 10 + 1}.{n % 10 + 1}",
                title=f"Bench item {n}",
                responsible_institution_id=rng.choice(institutions),
                start_date=today - datetime.timedelta(days=700),
                end_date=today + datetime.timedelta(days=rng.randint(-200, 600)),
                status=rng.choice(statuses),
                budget=rng.randint(1_000, 1_000_000),
                currency="USD",
                is_published=n % 5 != 0,
            )
            for n in range(items)
        )
        links = ActionPlanItem.recommendations.through
        links.objects.bulk_create(
            links(actionplanitem_id=item.pk, recommendation_id=rec)
            for item in created
            for rec in rng.sample(rec_ids, min(20, len(rec_ids)))
        )
        indicators = Indicator.objects.bulk_create(
            Indicator(name=f"Bench indicator {n}", unit="%", is_published=n % 2 == 0)
            for n in range(items * 3)
        )
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(indicator=ind, date=today - datetime.timedelta(days=30 * m), value=m)
                for ind in indicators
                for m in range(24)
            ]
            + [
                IndicatorValue(indicator=ind, date=today, value=1, disaggregation={"sex": "f"})
                for ind in indicators
            ]
        )
        item_indicators = ActionPlanItem.indicators.through
        item_indicators.objects.bulk_create(
            item_indicators(actionplanitem_id=item.pk, indicator_id=indicators[3 * i + k].pk)
            for i, item in enumerate(created)
            for k in range(3)
        )
    print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    return plan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recommendations", type=int, default=5_000)
    parser.add_argument("--items", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from bench_search import ensure_seeded

    setup_django()
    ensure_seeded(args.recommendations)
    plan = seed_plan(args.items)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    from mechanisms.models import Profile
    from recommendations.followup.plans import plan_progress

    user, _ = get_user_model().objects.get_or_create(username="bench-secretariat")
    Profile.objects.update_or_create(user=user, defaults={"role": "secretariat_admin"})
    print(f"data: plan of {plan.items.count()} items")
    plain = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(ALLOWED_HOSTS=["*"], STORAGES=plain):
        staff, public = Client(), Client()
        staff.force_login(user)

        def progress_page():
            response = staff.get(f"/workspace/plans/{plan.pk}/progress/")
            assert response.status_code == 200, response.status_code

        def public_page():
            # The portal caches anonymous pages; a query string of its own defeats the
            # cache so the view itself is timed.
            response = public.get(f"/plans/{plan.pk}/?t={time.perf_counter_ns()}")
            assert response.status_code == 200, response.status_code

        print(
            summary_line(
                "plan progress view (whole view)", times_after_warm_up(progress_page, args.repeat)
            )
        )
        print(
            summary_line(
                "public plan page (whole view)", times_after_warm_up(public_page, args.repeat)
            )
        )
        print(
            summary_line(
                "/healthz (floor)", times_after_warm_up(lambda: staff.get("/healthz"), args.repeat)
            )
        )
    print(
        summary_line(
            "  plan_progress(plan)", times_after_warm_up(lambda: plan_progress(plan), args.repeat)
        )
    )


if __name__ == "__main__":
    main()
