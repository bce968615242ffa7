"""My work: what a focal point's institutions owe, grouped by cluster, in a fixed number of
queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.followup import rounds
from recommendations.followup import services as followup
from recommendations.models import Assignment, Recommendation, RoundTask, UpdateRound
from tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _assign_many(institution, n, clusters):
    body = Recommendation.objects.first().body
    review = Recommendation.objects.first().review
    new = Recommendation.objects.bulk_create(
        [
            Recommendation(
                text=f"Recommendation number {i}",
                paragraph=f"200.{i}",
                mechanism="UPR",
                body=body,
                review=review,
            )
            for i in range(n)
        ]
    )
    Assignment.objects.bulk_create(
        [Assignment(recommendation=r, institution=institution, role="lead") for r in new]
    )
    through = Recommendation.clusters.through
    through.objects.bulk_create(
        [
            through(recommendation_id=r.pk, cluster_id=clusters[i % len(clusters)].pk)
            for i, r in enumerate(new)
        ]
    )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_same_number_of_queries_for_10_and_1000_recommendations(
    client, people, recs, own_institution
):
    clusters = [ClusterFactory(name=f"Cluster {i}") for i in range(5)]
    _assign_many(own_institution, 8, clusters)  # 10 with the two of the fixture
    rounds.round_open(
        actor=people["secretariat_admin"], name="R", deadline=TODAY + datetime.timedelta(days=3)
    )
    client.force_login(people["focal_own"])
    url = reverse("followup:my_work")
    client.get(url)  # warm the session and content types
    small = _count_queries(client, url)
    _assign_many(own_institution, 990, clusters)
    rounds.round_open(
        actor=people["secretariat_admin"], name="R2", deadline=TODAY + datetime.timedelta(days=6)
    )
    large = _count_queries(client, url)
    assert small == large
    assert large < 30
    filtered = _count_queries(client, url + "?status=in_progress&owed=1")
    assert filtered == _count_queries(client, url + "?status=in_progress&owed=1&page=2")


def test_my_work_lists_led_and_supported_recommendations(client, people, recs):
    client.force_login(people["focal_other"])
    body = client.get(reverse("followup:my_work")).content.decode()
    assert "115.1" in body  # supporting
    assert "115.3" in body  # lead
    assert "115.2" not in body  # not theirs
    assert "Supporting" in body


def test_my_work_groups_by_cluster_and_shows_owed_and_overdue(client, people, recs):
    rounds.round_open(
        actor=people["secretariat_admin"],
        name="Annual round",
        deadline=TODAY + datetime.timedelta(1),
    )
    late = UpdateRound.objects.create(name="Late round", deadline=TODAY - datetime.timedelta(3))
    RoundTask.objects.create(
        update_round=late, recommendation=recs[1], institution=recs[1].assignments.get().institution
    )
    client.force_login(people["focal_own"])
    response = client.get(reverse("followup:my_work"))
    body = response.content.decode()
    assert body.index("Health") < body.index("Not in a cluster")
    # 115.2 is asked by both rounds: one item owed, counted once.
    assert response.context["owed"] == 2
    assert response.context["overdue"] == 1
    assert "overdue since" in body
    overdue = client.get(reverse("followup:my_work") + "?overdue=1").context["page"]
    assert [r.paragraph for r in overdue.object_list] == ["115.2"]


def test_my_work_counts_by_status_and_filters(client, people, recs):
    followup.progress_update_create(
        actor=people["secretariat_admin"],
        recommendation=recs[0],
        status="in_progress",
        narrative="x",
    )
    client.force_login(people["focal_own"])
    response = client.get(reverse("followup:my_work"))
    counts = {e["value"]: e["count"] for e in response.context["status_counts"]}
    assert counts["in_progress"] == 1
    assert counts[""] == 1
    filtered = client.get(reverse("followup:my_work") + "?status=in_progress")
    assert [r.paragraph for r in filtered.context["page"].object_list] == ["115.1"]
    searched = client.get(reverse("followup:my_work") + "?search=maternal")
    assert [r.paragraph for r in searched.context["page"].object_list] == ["115.2"]


def test_my_work_htmx_returns_results_only(client, people, recs):
    client.force_login(people["focal_own"])
    response = client.get(
        reverse("followup:my_work") + "?search=health",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="my-work-results",
    )
    assert "<html" not in response.content.decode()


def test_viewer_sees_their_institutions_work(client, people, recs):
    client.force_login(people["viewer"])
    page = client.get(reverse("followup:my_work")).context["page"]
    assert {r.paragraph for r in page.object_list} == {"115.1", "115.2"}


def test_secretariat_sees_all_assigned(client, people, recs):
    client.force_login(people["secretariat_admin"])
    page = client.get(reverse("followup:my_work")).context["page"]
    assert page.paginator.count == 3


def test_overlapping_rounds_count_each_item_once(client, people, recs, own_institution):
    # 64 items asked by two open rounds at once: 64 owed, not 128.
    _assign_many(own_institution, 62, [ClusterFactory(name="Other")])
    for name, days in (("Annual round", 10), ("Mid-term round", 20)):
        rounds.round_open(
            actor=people["secretariat_admin"],
            name=name,
            deadline=TODAY + datetime.timedelta(days),
            institutions=[own_institution],
        )
    client.force_login(people["focal_own"])
    response = client.get(reverse("followup:my_work"))
    assert response.context["owed"] == 64
    assert [r["owed"] for r in response.context["rounds"]] == [64, 64]
    assert 'id="count-owed">64<' in response.content.decode()
