"""Special procedures benchmark on PostgreSQL: communications and visits lists, the
reporting calendar that reads them, and the reply reminder.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench_sp \
        .venv/bin/python tests/benchmarks/bench_special_procedures.py [--repeat R]

Creates and migrates the database if needed and seeds it once with far more than a State
receives (2,000 communications, a tenth of them overdue, 200 visits, 5 mandates), then
times, server side, through Django's test client against the real views (middleware,
permissions, templates included), as a secretariat member:

* the communications list (first page of 50), plain and filtered (overdue, a mandate);
* the visits list;
* the reporting calendar page (every visit date and reply due date: it is not paginated);
* one run of the reply reminder over the whole table (e-mails to the locmem backend).

Prints p50/p95/max in milliseconds and the query counts. Not a test: pytest only collects
test_*.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.benchmarks.common import production_like, report, serve_pages_after, timed  # noqa: E402

production_like("postgres://postgres@127.0.0.1:5432/nrtd_bench_sp")


N_COMMUNICATIONS = 2000
N_VISITS = 200


def seed():
    """Bulk rows (a benchmark's set-up, not a write path): the services are timed by the
    tests, not here."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from mechanisms.models import Profile
    from recommendations.models import Body, Communication, State, Visit

    user, _ = get_user_model().objects.get_or_create(
        username="bench-secretariat", defaults={"email": "bench@example.org"}
    )
    Profile.objects.update_or_create(user=user, defaults={"role": Profile.Role.SECRETARIAT_STAFF})
    if Communication.objects.count() >= N_COMMUNICATIONS:
        return user
    print("seeding…", flush=True)
    today = datetime.date.today()
    with transaction.atomic():
        state, _ = State.objects.get_or_create(
            iso3="SVN", defaults={"iso2": "SI", "name": "Slovenia"}
        )
        mandates = [
            Body.objects.get_or_create(
                code=f"SR Bench {i}",
                defaults={"name": f"Bench mandate {i}", "mechanism": "special_procedure"},
            )[0]
            for i in range(5)
        ]
        communications = Communication.objects.bulk_create(
            [
                Communication(
                    state=state,
                    reference=f"AL BENCH {i}/2026",
                    subject=f"Bench subject {i}",
                    mandate_codes=mandates[i % 5].code,
                    received_on=today - datetime.timedelta(days=i % 700),
                    reply_due=today - datetime.timedelta(days=i % 700) + datetime.timedelta(60),
                    replied_on=(
                        None
                        if i % 10 == 0 or i % 700 < 60
                        else today - datetime.timedelta(days=i % 700 - 30)
                    ),
                )
                for i in range(N_COMMUNICATIONS)
            ],
            batch_size=1000,
        )
        through = Communication.mandates.through
        through.objects.bulk_create(
            [through(communication=c, body=mandates[i % 5]) for i, c in enumerate(communications)],
            batch_size=1000,
        )
        Visit.objects.bulk_create(
            [
                Visit(
                    state=state,
                    mandate=mandates[i % 5],
                    stage="scheduled",
                    requested_on=today - datetime.timedelta(days=400),
                    accepted_on=today - datetime.timedelta(days=300),
                    start_date=today + datetime.timedelta(days=i),
                    end_date=today + datetime.timedelta(days=i + 9),
                )
                for i in range(N_VISITS)
            ]
        )
    return user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    user = serve_pages_after(seed)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(secure=True)
    client.force_login(user)
    base = "/workspace/special-procedures/"
    pages = {
        "communications list": [base + "communications/"],
        "communications list (filtered)": [
            base + "communications/?status=overdue",
            base + "communications/?mandate=SR+Bench+2&page=2",
        ],
        "visits list": [base + "visits/"],
        "reporting calendar page": ["/workspace/reports/calendar/"],
    }
    for label, urls in pages.items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(urls[0])
            assert response.status_code == 200, (urls[0], response.status_code)
        size = len(response.content) // 1024
        print(f"{label}: {len(ctx.captured_queries)} queries, {size} KB")
        report(label, timed(lambda i, urls=urls: client.get(urls[i % len(urls)]), args.repeat))

    from recommendations.models import ReminderLog
    from recommendations.special.reminders import reply_reminders_send

    def remind(i):
        ReminderLog.objects.filter(kind="special.replies").delete()
        reply_reminders_send()

    report("reply reminder (whole table)", timed(remind, max(5, args.repeat // 10)))
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}, DEBUG={settings.DEBUG}"
    )


if __name__ == "__main__":
    main()
