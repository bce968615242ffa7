"""The secretariat publishes and withdraws follow-up records where it reads them: an
activity's page and a recommendation's follow-up page (an accepted progress update, the
evidence files), like an indicator's page. One endpoint per kind (publishing/views.py),
one service; the endpoints' permissions are tested per role in
tests/portal/test_publishing.py."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recommendations.followup import services as followup
from recommendations.followup.evidence import evidence_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec(recs):
    """One recommendation the own institution leads (conftest's ``recs``)."""
    return recs[0]


@pytest.fixture
def activity(people, rec, own_institution):
    return followup.activity_create(
        actor=people["focal_own"],
        title="Training of nurses",
        description="Two days in each region.",
        lead_institution=own_institution,
        start_date=datetime.date(2026, 5, 1),
        recommendations=[rec],
    )


@pytest.fixture
def accepted(people, rec):
    return followup.progress_update_create(
        actor=people["focal_own"], recommendation=rec, status="in_progress", narrative="Done."
    )


def test_the_activity_page_publishes_and_withdraws(client, people, activity):
    page = reverse("followup:activity", args=[activity.pk])
    endpoint = reverse("publishing:activity", args=[activity.pk])
    client.force_login(people["focal_own"])
    html = client.get(page).content.decode()
    assert "On the public portal" in html
    assert endpoint not in html  # the focal point sees the state, not the button
    client.force_login(people["secretariat_staff"])
    assert endpoint in client.get(page).content.decode()
    response = client.post(endpoint, {"action": "publish", "next": page})
    assert response.status_code == 302
    assert response["Location"] == page
    activity.refresh_from_db()
    assert activity.is_published
    html = client.get(page).content.decode()
    assert 'value="unpublish"' in html
    client.post(endpoint, {"action": "unpublish", "next": page})
    activity.refresh_from_db()
    assert not activity.is_published
    assert activity.history.first().history_user == people["secretariat_staff"]


def test_the_follow_up_page_publishes_an_accepted_update(client, people, rec, accepted):
    assert accepted.state == "accepted"
    page = reverse("followup:followup", args=[rec.pk])
    endpoint = reverse("publishing:update", args=[accepted.pk])
    client.force_login(people["focal_own"])
    assert endpoint not in client.get(page).content.decode()
    client.force_login(people["secretariat_staff"])
    html = client.get(page).content.decode()
    assert endpoint in html
    assert f'name="next" value="{page}"' in html  # back here, also after an htmx swap
    response = client.post(endpoint, {"action": "publish", "next": page})
    assert (response.status_code, response["Location"]) == (302, page)
    accepted.refresh_from_db()
    assert accepted.is_published
    assert f'data-published-update="{accepted.pk}"' in client.get(page).content.decode()


def test_a_draft_update_offers_no_publish_button(client, people, rec):
    draft = followup.progress_update_create(
        actor=people["focal_own"],
        recommendation=rec,
        status="in_progress",
        narrative="x",
        submit=False,
    )
    client.force_login(people["secretariat_staff"])
    html = client.get(reverse("followup:followup", args=[rec.pk])).content.decode()
    assert reverse("publishing:update", args=[draft.pk]) not in html


def test_evidence_is_made_public_and_internal_again_where_it_is_listed(client, people, activity):
    """A file is internal until the secretariat makes it public (the queue, or here), and a
    public file can be made internal again: before, only the queue's one-way button."""
    file = evidence_add(
        actor=people["focal_own"],
        upload=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n"),
        activity=activity,
    )
    page = reverse("followup:activity", args=[activity.pk])
    endpoint = reverse("publishing:evidence", args=[file.pk])
    client.force_login(people["focal_own"])
    assert endpoint not in client.get(page).content.decode()
    client.force_login(people["secretariat_staff"])
    assert endpoint in client.get(page).content.decode()
    assert client.post(endpoint, {"action": "publish", "next": page})["Location"] == page
    file.refresh_from_db()
    assert not file.is_internal
    html = client.get(page).content.decode()
    assert f'data-public-evidence="{file.pk}"' in html
    client.post(endpoint, {"action": "unpublish", "next": page})
    file.refresh_from_db()
    assert file.is_internal
