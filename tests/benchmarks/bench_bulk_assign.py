"""Bulk assignment benchmark on PostgreSQL: a lead institution for 5,000 recommendations.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench_ws \
        .venv/bin/python tests/benchmarks/bench_bulk_assign.py [--repeat R]

Uses the workspace benchmark's data (5,000 recommendations, each with a lead and a
supporting institution; seeded on first use). Each round posts the registry list's bulk
form as the secretariat, "every recommendation that matches the filters" with no filter,
making one institution lead of all 5,000: the view, the FilterSet selection, the
permission checks, the lock, 5,000 demoted leads, 5,000 new (or promoted) assignments and
their history rows. Rounds alternate between two institutions, so every round changes all
5,000. Prints each round's wall time and the number of SQL queries (goal: 5 s or less).
Not a test: pytest only collects test_*.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.benchmarks.common import production_like, serve_pages_after  # noqa: E402

production_like("postgres://postgres@127.0.0.1:5432/nrtd_bench_ws")

from tests.benchmarks.bench_workspace import seed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=4)
    args = parser.parse_args()
    serve_pages_after(seed)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from mechanisms.models import Institution
    from recommendations.models import Assignment, Recommendation

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-secretariat"))
    institutions = list(Institution.objects.filter(name__startswith="Bench ministry")[:2])
    total = Recommendation.objects.count()
    print(f"{total} recommendations, {Assignment.objects.count()} assignments before")
    for round_ in range(args.repeat):
        institution = institutions[round_ % 2]
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.post(
                reverse("recommendations:bulk"),
                {
                    "action": "assign",
                    "scope": "filtered",
                    "filters": "",
                    "institution": institution.pk,
                    "role": "lead",
                },
            )
            elapsed = time.perf_counter() - start
        assert response.status_code == 302, response.status_code
        leads = Assignment.objects.filter(institution=institution, role="lead").count()
        print(
            f"round {round_ + 1}: {elapsed:6.2f} s  {len(queries):5d} queries  "
            f"{institution.name} now leads {leads} of {total}"
        )


if __name__ == "__main__":
    main()
