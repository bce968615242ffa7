"""The NHRI publishes its own assessments (Paris Principles); the secretariat may only flag
them. Authors see their own unpublished assessments and comments (issue 19, item 6)."""

import pytest

from recommendations.models import Assessment, Comment

pytestmark = pytest.mark.django_db


def _assess(client, user, rec, narrative):
    client.force_login(user)
    response = client.post(
        f"/recommendations/{rec.pk}/assess/", {"status": "in_progress", "narrative": narrative}
    )
    assert response.status_code == 302
    client.logout()
    return Assessment.objects.get(narrative=narrative)


def test_nhri_assessment_is_public_at_once(client, portal_data):
    p = portal_data
    assessment = _assess(client, p.nhri, p.violence, "The Ombudsman sees no shelter yet.")
    assert assessment.moderation == Assessment.Moderation.PUBLISHED
    assert (
        "The Ombudsman sees no shelter yet."
        in client.get(f"/recommendations/{p.violence.pk}/").content.decode()
    )


def test_cso_assessment_still_waits_for_moderation(client, portal_data):
    p = portal_data
    assessment = _assess(client, p.cso, p.violence, "Shelters are full.")
    assert assessment.moderation == Assessment.Moderation.PENDING
    assert (
        "Shelters are full."
        not in client.get(f"/recommendations/{p.violence.pk}/").content.decode()
    )


def test_secretariat_cannot_hold_back_an_nhri_assessment_but_can_flag_it(client, portal_data):
    p = portal_data
    assessment = _assess(client, p.nhri, p.violence, "Independent view.")
    client.force_login(p.secretariat)
    for decision in ("rejected", "pending"):
        client.post(f"/workspace/publishing/assessments/{assessment.pk}/", {"decision": decision})
        assessment.refresh_from_db()
        assert assessment.moderation == Assessment.Moderation.PUBLISHED
    queue = client.get("/workspace/publishing/").content.decode()
    assert f"/workspace/publishing/assessments/{assessment.pk}/flag/" in queue
    client.post(
        f"/workspace/publishing/assessments/{assessment.pk}/flag/",
        {"note": "The figure quoted is from 2019."},
    )
    assessment.refresh_from_db()
    assert assessment.moderation == Assessment.Moderation.PUBLISHED
    assert (assessment.flag_note, assessment.flagged_by) == (
        "The figure quoted is from 2019.",
        p.secretariat,
    )
    # The NHRI sees the flag on its assessment; the public does not.
    client.force_login(p.nhri)
    page = client.get(f"/recommendations/{p.violence.pk}/").content.decode()
    assert "The figure quoted is from 2019." in page
    client.logout()
    page = client.get(f"/recommendations/{p.violence.pk}/").content.decode()
    assert "Independent view." in page
    assert "The figure quoted is from 2019." not in page


def test_only_the_secretariat_may_flag(client, portal_data):
    p = portal_data
    assessment = _assess(client, p.nhri, p.violence, "Independent view.")
    for user in (p.focal, p.cso, p.nhri):
        client.force_login(user)
        response = client.post(
            f"/workspace/publishing/assessments/{assessment.pk}/flag/", {"note": "x"}
        )
        assert response.status_code == 403
    assert client.get(f"/workspace/publishing/assessments/{assessment.pk}/flag/").status_code == 405
    assessment.refresh_from_db()
    assert assessment.flag_note == ""


def test_authors_see_their_own_pending_assessments_and_comments(client, portal_data):
    p = portal_data
    _assess(client, p.cso, p.violence, "Awaiting the secretariat.")
    Comment.objects.create(
        recommendation=p.violence, body="My pending comment.", author=p.cso, is_internal=False
    )
    client.force_login(p.cso)
    page = client.get(f"/recommendations/{p.violence.pk}/").content.decode()
    assert "Awaiting the secretariat." in page
    assert "My pending comment." in page
    assert "Awaiting moderation" in page
    # Another member of the same organisation, and the public, do not see them.
    for user in (p.commenter, None):
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(f"/recommendations/{p.violence.pk}/").content.decode()
        assert "Awaiting the secretariat." not in page
        assert "My pending comment." not in page
