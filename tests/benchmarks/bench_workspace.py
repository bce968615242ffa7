"""Focal point workspace benchmark on PostgreSQL: 5,000 recommendations, 50 institutions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nrtd_bench_ws \
        .venv/bin/python tests/benchmarks/bench_workspace.py [--repeat R]

Creates and migrates the database if needed and seeds it once (each recommendation led by
one institution and supported by another; 20 clusters; an open update round, so 10,000
round tasks; one focal point per institution). Then times, server side, through Django's
test client against the real views (middleware, permissions, templates included):

* the My work page of a focal point (about 200 recommendations, pages of 25), plain, then
  filtered and searched;
* saving a progress update (the POST that records it, updates the round task, answers with
  a redirect).

Prints p50/p95/max in milliseconds. Not a test: pytest only collects test_*.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from tests.benchmarks.common import production_like, report, serve_pages_after, timed  # noqa: E402

production_like("postgres://postgres@127.0.0.1:5432/nrtd_bench_ws")


N_RECOMMENDATIONS = 5000
N_INSTITUTIONS = 50
N_CLUSTERS = 20


def seed() -> None:
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from mechanisms.models import Institution, Profile, Seat
    from recommendations.followup.rounds import round_open
    from recommendations.models import (
        Assignment,
        Body,
        Cluster,
        ClusterSet,
        Recommendation,
        Review,
        State,
        UpdateRound,
    )

    if Recommendation.objects.count() >= N_RECOMMENDATIONS:
        return
    print("seeding…", flush=True)
    with transaction.atomic():
        institutions = [
            Institution.objects.get_or_create(name=f"Bench ministry {i:02d}")[0]
            for i in range(N_INSTITUTIONS)
        ]
        body, _ = Body.objects.get_or_create(
            code="UPR", defaults={"name": "Universal Periodic Review", "mechanism": "upr"}
        )
        state, _ = State.objects.get_or_create(
            iso2="SI", defaults={"iso3": "SVN", "name": "Slovenia", "regional_group": "EEG"}
        )
        review, _ = Review.objects.get_or_create(
            state_under_review=state, session=34, defaults={"cycle": 3, "body": body}
        )
        cluster_set, _ = ClusterSet.objects.get_or_create(name="Bench clusters")
        clusters = [
            Cluster.objects.get_or_create(cluster_set=cluster_set, name=f"Cluster {i}")[0]
            for i in range(N_CLUSTERS)
        ]
        words = ["health", "education", "torture", "women", "children", "justice", "police"]
        recs = Recommendation.objects.bulk_create(
            [
                Recommendation(
                    text=f"Take measures on {words[i % len(words)]} and {words[(i * 3) % 7]}, "
                    f"item {i}",
                    paragraph=f"{100 + i // 200}.{i % 200 + 1}",
                    mechanism="upr",
                    body=body,
                    review=review,
                    status=["", "not_started", "in_progress", "partially_implemented"][i % 4],
                )
                for i in range(N_RECOMMENDATIONS)
            ],
            batch_size=1000,
        )
        Assignment.objects.bulk_create(
            [
                Assignment(
                    recommendation=r, institution=institutions[i % N_INSTITUTIONS], role="lead"
                )
                for i, r in enumerate(recs)
            ]
            + [
                Assignment(
                    recommendation=r,
                    institution=institutions[(i + 7) % N_INSTITUTIONS],
                    role="supporting",
                )
                for i, r in enumerate(recs)
            ],
            batch_size=2000,
        )
        through = Recommendation.clusters.through
        through.objects.bulk_create(
            [
                through(recommendation_id=r.pk, cluster_id=clusters[i % N_CLUSTERS].pk)
                for i, r in enumerate(recs)
                if i % 10
            ],
            batch_size=2000,
        )
        users = get_user_model().objects
        secretariat, _ = users.get_or_create(username="bench-secretariat")
        Profile.objects.update_or_create(user=secretariat, defaults={"role": "secretariat_admin"})
        for i, institution in enumerate(institutions):
            user, _ = users.get_or_create(username=f"bench-focal-{i:02d}")
            Profile.objects.update_or_create(user=user, defaults={"role": "focal_point"})
            Seat.objects.get_or_create(institution=institution, level="technical", holder=user)
        if not UpdateRound.objects.filter(name="Bench round").exists():
            round_open(
                actor=secretariat,
                name="Bench round",
                deadline=datetime.date.today() + datetime.timedelta(days=5),
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    serve_pages_after(seed)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mechanisms.models import Seat
    from recommendations.models import Assignment

    users = get_user_model().objects
    focal = users.get(username="bench-focal-03")
    institution = Seat.objects.get(holder=focal).institution
    my_recs = list(
        Assignment.objects.filter(institution=institution).values_list(
            "recommendation_id", flat=True
        )
    )
    client = Client(secure=True)
    client.force_login(focal)
    url = "/workspace/my-work/"
    print(f"focal point's institution: {len(my_recs)} recommendations assigned")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    print(f"My work: {len(ctx.captured_queries)} queries")
    for _ in range(5):
        client.get(url)

    pages = ["", "?page=2", "?page=4"]
    report("My work (pages 1, 2, 4)", timed(lambda i: client.get(url + pages[i % 3]), args.repeat))
    filters = [
        "?status=in_progress",
        "?owed=1",
        "?search=health",
        "?search=torture&status=not_started",
    ]
    report(
        "My work (filtered / searched)",
        timed(lambda i: client.get(url + filters[i % len(filters)]), args.repeat),
    )

    import datetime

    def save(i):
        rec = my_recs[i % len(my_recs)]
        response = client.post(
            f"/workspace/follow-up/{rec}/progress/",
            {
                "status": "in_progress",
                "narrative": f"Benchmark update {i}",
                "date": datetime.date.today().isoformat(),
                "action": "submit",
            },
        )
        assert response.status_code == 302, response.status_code

    report("Save a progress update (POST)", timed(save, args.repeat))
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}, DEBUG={settings.DEBUG}"
    )


if __name__ == "__main__":
    main()
