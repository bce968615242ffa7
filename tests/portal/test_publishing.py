"""The secretariat's publishing and moderation screens and services: who may, what changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from recommendations.models import Assessment, Comment, ProgressUpdate
from recommendations.services import publishing

pytestmark = pytest.mark.django_db


def _endpoints(p):
    pending = Assessment.objects.get(moderation="pending")
    comment = Comment.objects.get(is_internal=False, is_published=False)
    draft = ProgressUpdate.objects.get(state="accepted", is_published=False)
    return [
        (f"/workspace/publishing/recommendations/{p.hidden.pk}/", {"action": "publish"}),
        (f"/workspace/publishing/activities/{p.hidden_activity.pk}/", {"action": "publish"}),
        (f"/workspace/publishing/updates/{draft.pk}/", {"action": "publish"}),
        (f"/workspace/publishing/evidence/{p.internal_evidence.pk}/", {"action": "publish"}),
        (f"/workspace/publishing/assessments/{pending.pk}/", {"decision": "published"}),
        (f"/workspace/publishing/comments/{comment.pk}/", {"action": "publish"}),
    ]


def _published_state(p):
    p.hidden.refresh_from_db()
    p.hidden_activity.refresh_from_db()
    p.internal_evidence.refresh_from_db()
    return (
        p.hidden.is_published,
        p.hidden_activity.is_published,
        ProgressUpdate.objects.filter(state="accepted", is_published=False).exists(),
        p.internal_evidence.is_internal,
        Assessment.objects.filter(moderation="pending").exists(),
        Comment.objects.filter(is_internal=False, is_published=False).exists(),
    )


UNCHANGED = (False, False, True, True, True, True)


def test_secretariat_sees_the_queue(client, portal_data):
    client.force_login(portal_data.secretariat)
    response = client.get("/workspace/publishing/")
    html = response.content.decode()
    assert response.status_code == 200
    for marker in (
        "MARKERunpublishedassessment22de",
        "MARKERpendingcomment1b1b",
        "MARKERacceptedunpublished3c2b",
        "MARKERunpublishedactivity9e9e",
        "MARKERinternalevidence55aa.pdf",
        "MARKERunpublishedrecommendation0d0d",
    ):
        assert marker in html, marker
    assert "MARKERdraftupdate91bc" not in html  # a draft is the focal point's, not for publishing


def test_secretariat_publishes_everything(client, portal_data):
    client.force_login(portal_data.secretariat)
    for url, data in _endpoints(portal_data):
        response = client.post(url, {**data, "next": "/workspace/publishing/"})
        assert response.status_code == 302
        assert response["Location"] == "/workspace/publishing/"
    assert _published_state(portal_data) == (True, True, False, False, False, False)
    html = client.get(f"/recommendations/{portal_data.torture.pk}/").content.decode()
    assert "MARKERunpublishedassessment22de" in html
    assert "MARKERunpublishedactivity9e9e" in html


def test_anonymous_is_sent_to_login(client, portal_data):
    assert client.get("/workspace/publishing/")["Location"].startswith("/accounts/login/")
    for url, data in _endpoints(portal_data):
        response = client.post(url, data)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert _published_state(portal_data) == UNCHANGED


@pytest.mark.parametrize("who", ["focal", "viewer", "cso", "nhri"])
def test_other_roles_are_refused(client, portal_data, who):
    client.force_login(getattr(portal_data, who))
    assert client.get("/workspace/publishing/").status_code == 403
    for url, data in _endpoints(portal_data):
        assert client.post(url, data).status_code == 403, url
    assert _published_state(portal_data) == UNCHANGED


def test_wrong_method(client, portal_data):
    client.force_login(portal_data.secretariat)
    assert client.post("/workspace/publishing/").status_code == 405
    for url, _data in _endpoints(portal_data):
        assert client.get(url).status_code == 405, url


def test_unknown_actions_change_nothing(client, portal_data):
    client.force_login(portal_data.secretariat)
    for url, _data in _endpoints(portal_data):
        client.post(url, {"action": "explode", "decision": "explode"})
    assert _published_state(portal_data) == UNCHANGED


def test_a_draft_update_cannot_be_published(portal_data):
    draft = ProgressUpdate.objects.get(state="draft")
    with pytest.raises(ValidationError):
        publishing.progress_update_set_published(
            actor=portal_data.secretariat, update=draft, published=True
        )


def test_rejecting_a_comment_deletes_it_and_internal_comments_are_never_published(portal_data):
    pending = Comment.objects.get(is_internal=False, is_published=False)
    publishing.comment_moderate(actor=portal_data.secretariat, comment=pending, publish=False)
    assert not Comment.objects.filter(pk=pending.pk).exists()
    internal = Comment.objects.get(is_internal=True)
    with pytest.raises(ValidationError):
        publishing.comment_moderate(actor=portal_data.secretariat, comment=internal, publish=True)


def test_unpublishing_takes_things_off_the_portal(client, portal_data):
    p = portal_data
    publishing.recommendation_set_published(
        actor=p.secretariat, recommendation=p.torture, published=False
    )
    assert client.get(f"/recommendations/{p.torture.pk}/").status_code == 404
    assert p.torture.history.first().history_change_reason == "unpublished"
    published = Assessment.objects.filter(moderation="published").first()
    publishing.assessment_moderate(actor=p.secretariat, assessment=published, decision="pending")
    assert published.moderated_by == p.secretariat


def test_services_refuse_non_secretariat(portal_data):
    with pytest.raises(PermissionDenied):
        publishing.activity_set_published(
            actor=portal_data.focal, activity=portal_data.hidden_activity, published=True
        )
