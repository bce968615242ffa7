"""The secretariat's publishing and moderation screens and services: who may, what changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from recommendations.models import Activity, Assessment, Comment, Evidence, ProgressUpdate
from recommendations.publishing import selectors
from recommendations.publishing import services as publishing
from tests.portal.conftest import MARKERS

pytestmark = pytest.mark.django_db


def _endpoints(p):
    pending = Assessment.objects.get(moderation="pending")
    comment = Comment.objects.get(is_internal=False, moderation="pending")
    rejected = Comment.objects.get(is_internal=False, moderation="rejected")
    draft = ProgressUpdate.objects.get(state="accepted", is_published=False)
    return [
        (f"/workspace/publishing/recommendations/{p.hidden.pk}/", {"action": "publish"}),
        (f"/workspace/publishing/activities/{p.hidden_activity.pk}/", {"action": "publish"}),
        (f"/workspace/publishing/updates/{draft.pk}/", {"action": "publish"}),
        (f"/workspace/publishing/evidence/{p.internal_evidence.pk}/", {"action": "publish"}),
        (f"/workspace/publishing/assessments/{pending.pk}/", {"decision": "published"}),
        (f"/workspace/publishing/comments/{comment.pk}/", {"action": "publish"}),
        (f"/workspace/publishing/comments/{rejected.pk}/", {"action": "publish"}),
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
        Comment.objects.filter(is_internal=False, moderation="pending").exists(),
        Comment.objects.filter(is_internal=False, moderation="rejected").exists(),
    )


UNCHANGED = (False, False, True, True, True, True, True)


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


def test_the_queue_links_each_activity_and_file_to_its_page(client, portal_data):
    client.force_login(portal_data.secretariat)
    html = client.get("/workspace/publishing/").content.decode()
    activity = Activity.objects.get(title=MARKERS["unpublished_activity"])
    assert f'href="/workspace/activities/{activity.pk}/"' in html
    file = Evidence.objects.get(original_name=MARKERS["internal_evidence"])
    assert f'href="/workspace/evidence/{file.pk}/"' in html


def test_the_queue_names_the_recommendation_of_each_update_and_item(client, portal_data):
    client.force_login(portal_data.secretariat)
    html = client.get("/workspace/publishing/").content.decode()
    update = ProgressUpdate.objects.get(state="accepted", is_published=False)
    rec = update.recommendation
    block = html.split(f'data-update="{update.pk}"', 1)[1].split("</div>\n", 2)
    assert f'href="/workspace/recommendations/{rec.pk}/"' in "".join(block)
    # English texts keep their own direction on the Arabic page.
    assert f"<bdi>{rec.text[:40]}" in "".join(block)
    assert '<p class="mb-1 small" dir="auto">' in "".join(block)
    hidden = portal_data.hidden
    block = html.split(f'data-recommendation="{hidden.pk}"', 1)[1].split("</div>", 1)[0]
    assert f'href="/workspace/recommendations/{hidden.pk}/"' in block


def test_secretariat_publishes_everything(client, portal_data):
    client.force_login(portal_data.secretariat)
    for url, data in _endpoints(portal_data):
        response = client.post(url, {**data, "next": "/workspace/publishing/"})
        assert response.status_code == 302
        assert response["Location"] == "/workspace/publishing/"
    assert _published_state(portal_data) == (True, True, False, False, False, False, False)
    html = client.get(f"/recommendations/{portal_data.torture.pk}/").content.decode()
    assert "MARKERunpublishedassessment22de" in html
    assert "MARKERunpublishedactivity9e9e" in html
    assert MARKERS["pending_comment"] in html
    assert MARKERS["rejected_comment"] in html


def test_anonymous_is_sent_to_login(client, portal_data):
    assert client.get("/workspace/publishing/")["Location"].startswith("/accounts/login/")
    for url, data in _endpoints(portal_data):
        response = client.post(url, data)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert _published_state(portal_data) == UNCHANGED


@pytest.mark.parametrize("who", ["focal", "viewer", "cso", "nhri", "commenter"])
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


def _comment(marker: str) -> Comment:
    return Comment.objects.get(body=MARKERS[marker])


def _public_views(client, p) -> str:
    """What anyone sees of the recommendation's comments: its public page and the API."""
    page = client.get(f"/recommendations/{p.torture.pk}/").content.decode()
    api = client.get(f"/api/v1/recommendations/{p.torture.pk}/comments/")
    assert api.status_code == 200
    return page + api.content.decode()


def test_rejecting_a_comment_keeps_it_out_of_public_view_and_of_the_queue(client, portal_data):
    p = portal_data
    pending = _comment("pending_comment")
    client.force_login(p.secretariat)
    response = client.post(f"/workspace/publishing/comments/{pending.pk}/", {"action": "reject"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.moderation == Comment.Moderation.REJECTED
    assert pending.moderated_by == p.secretariat
    assert pending.moderated is not None
    assert not selectors.pending_comments().filter(pk=pending.pk).exists()
    html = client.get("/workspace/publishing/").content.decode()
    pending_section = html.split('id="q-comments"')[1].split("</section>")[0]
    rejected_section = html.split('id="q-rejected-comments"')[1].split("</section>")[0]
    assert MARKERS["pending_comment"] not in pending_section
    assert MARKERS["pending_comment"] in rejected_section
    client.logout()
    public = _public_views(client, p)
    assert "Shelters need funding." in public  # the published comment is there
    assert MARKERS["pending_comment"] not in public
    assert MARKERS["rejected_comment"] not in public


def test_a_rejected_comment_can_be_published_from_the_queue(client, portal_data):
    p = portal_data
    rejected = _comment("rejected_comment")
    client.force_login(p.secretariat)
    queue = client.get("/workspace/publishing/").content.decode()
    assert f'data-rejected-comment="{rejected.pk}"' in queue
    response = client.post(
        f"/workspace/publishing/comments/{rejected.pk}/",
        {"action": "publish", "next": "/workspace/publishing/#q-rejected-comments"},
    )
    assert response["Location"] == "/workspace/publishing/#q-rejected-comments"
    rejected.refresh_from_db()
    assert rejected.moderation == Comment.Moderation.PUBLISHED
    client.logout()
    public = _public_views(client, p)
    assert public.count(MARKERS["rejected_comment"]) == 2  # on the page and in the API


def test_unpublishing_a_comment_puts_it_back_in_the_queue(client, portal_data):
    p = portal_data
    published = Comment.objects.get(body="Shelters need funding.")
    client.force_login(p.secretariat)
    queue = client.get("/workspace/publishing/").content.decode()
    assert f'data-published-comment="{published.pk}"' in queue
    client.post(f"/workspace/publishing/comments/{published.pk}/", {"action": "unpublish"})
    published.refresh_from_db()
    assert published.moderation == Comment.Moderation.PENDING
    assert selectors.pending_comments().filter(pk=published.pk).exists()
    queue = client.get("/workspace/publishing/").content.decode()
    assert f'data-comment="{published.pk}"' in queue
    client.logout()
    assert "Shelters need funding." not in _public_views(client, p)


def test_an_author_sees_the_state_of_their_own_comments_and_nobody_else_does(client, portal_data):
    p = portal_data
    url = f"/api/v1/recommendations/{p.torture.pk}/comments/"
    client.force_login(p.commenter)
    mine = {c["body"]: c["moderation"] for c in client.get(url).json()}
    assert mine == {
        "Shelters need funding.": "published",
        MARKERS["pending_comment"]: "pending",
        MARKERS["rejected_comment"]: "rejected",
    }
    client.force_login(p.cso)  # same organisation, not the author
    assert [c["body"] for c in client.get(url).json()] == ["Shelters need funding."]


def test_internal_comments_are_never_published(portal_data):
    internal = Comment.objects.get(is_internal=True)
    with pytest.raises(ValidationError):
        publishing.comment_moderate(
            actor=portal_data.secretariat, comment=internal, decision="published"
        )
    internal.refresh_from_db()
    assert internal.moderation == Comment.Moderation.PENDING
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=internal.pk).update(moderation="published")


def test_comment_moderation_refuses_unknown_decisions_and_other_roles(portal_data):
    pending = _comment("pending_comment")
    with pytest.raises(ValidationError):
        publishing.comment_moderate(
            actor=portal_data.secretariat, comment=pending, decision="deleted"
        )
    with pytest.raises(PermissionDenied):
        publishing.comment_moderate(
            actor=portal_data.commenter, comment=pending, decision="published"
        )
    pending.refresh_from_db()
    assert pending.moderation == Comment.Moderation.PENDING


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


def test_publishing_names_the_secretariat_and_the_reason_in_each_history(portal_data):
    """Activities and progress updates say who published them and why, like
    recommendations and indicators (nrtd.history.save_as), and their time of change moves."""
    p = portal_data
    activity = Activity.objects.get(title=MARKERS["unpublished_activity"])
    update = ProgressUpdate.objects.filter(state="accepted", is_published=False).first()
    before = (activity.modified, update.modified)
    publishing.activity_set_published(actor=p.secretariat, activity=activity, published=True)
    publishing.progress_update_set_published(actor=p.secretariat, update=update, published=True)
    for record in (activity, update):
        latest = record.history.first()
        assert (latest.history_user, latest.history_change_reason) == (p.secretariat, "published")
        assert latest.is_published
    activity.refresh_from_db()
    update.refresh_from_db()
    assert activity.modified > before[0]
    assert update.modified > before[1]
    publishing.activity_set_published(actor=p.secretariat, activity=activity, published=False)
    assert activity.history.first().history_change_reason == "unpublished"


def test_an_unknown_moderation_decision_is_refused_for_every_kind(portal_data):
    """One check (moderation_record) for comments, assessments and replies alike."""
    p = portal_data
    pending = _comment("pending_comment")
    assessment = Assessment.objects.first()
    for call in (
        lambda: publishing.comment_moderate(actor=p.secretariat, comment=pending, decision="x"),
        lambda: publishing.assessment_moderate(
            actor=p.secretariat, assessment=assessment, decision="x"
        ),
    ):
        with pytest.raises(ValidationError, match="Unknown moderation decision"):
            call()
    pending.refresh_from_db()
    assert pending.moderation == Comment.Moderation.PENDING
