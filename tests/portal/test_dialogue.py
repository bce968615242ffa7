"""The two-way dialogue: the institution that leads a recommendation answers the NHRI's and
CSOs' published comments and assessments (service, workspace page, API); the answer is
moderated like the rest and shown under what it answers on the portal once published."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from recommendations.models import Assessment, Assignment, Comment, Reply
from recommendations.portal.services import reply_submit
from recommendations.publishing.services import reply_moderate
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(people, own_institution, other_institution):
    """A published recommendation led by own_institution (other_institution supports it),
    with a published CSO comment, a pending one, and the NHRI's (self-published)
    assessment."""
    rec = RecommendationFactory(text="Fund the shelters for women")
    Assignment.objects.create(recommendation=rec, institution=own_institution, role="lead")
    Assignment.objects.create(recommendation=rec, institution=other_institution, role="supporting")
    nhri_org = people["nhri"].stakeholder_memberships.get().stakeholder
    return {
        "rec": rec,
        "comment": Comment.objects.create(
            recommendation=rec,
            body="Two shelters closed last year.",
            author=people["cso"],
            is_internal=False,
            moderation="published",
        ),
        "pending": Comment.objects.create(
            recommendation=rec,
            body="Not moderated yet.",
            author=people["cso"],
            is_internal=False,
            moderation="pending",
        ),
        "assessment": Assessment.objects.create(
            recommendation=rec,
            stakeholder=nhri_org,
            author=people["nhri"],
            status="in_progress",
            narrative="The budget line exists but is not spent.",
            date="2025-01-10",
            moderation="published",
        ),
    }


def _page(client, rec) -> str:
    return client.get(reverse("portal:recommendation", args=[rec.pk])).content.decode()


# --- the service -------------------------------------------------------------------------


def test_lead_focal_point_answers_in_the_institutions_name(people, thread, own_institution):
    reply = reply_submit(
        actor=people["focal_own"], comment=thread["comment"], body="  Both reopen in May.  "
    )
    assert reply.institution == own_institution
    assert reply.body == "Both reopen in May."
    assert reply.moderation == Reply.Moderation.PENDING
    assert reply.history.get().history_user == people["focal_own"]
    answer = reply_submit(
        actor=people["focal_own"], assessment=thread["assessment"], body="The funds are released."
    )
    assert answer.answered == thread["assessment"]


@pytest.mark.parametrize(
    "role", ["focal_other", "viewer", "nhri", "cso", "secretariat_staff", "secretariat_admin"]
)
def test_only_the_lead_institution_answers(people, thread, role):
    """A supporting institution (focal_other), readers, stakeholders and the secretariat do
    not speak for the lead institution."""
    with pytest.raises(PermissionDenied):
        reply_submit(actor=people[role], comment=thread["comment"], body="Answer")
    assert not Reply.objects.exists()


def test_unpublished_comments_and_empty_answers_are_refused(people, thread):
    with pytest.raises(ValidationError, match="Only a published comment"):
        reply_submit(actor=people["focal_own"], comment=thread["pending"], body="Answer")
    with pytest.raises(ValidationError, match="Write the answer first"):
        reply_submit(actor=people["focal_own"], comment=thread["comment"], body="   ")
    with pytest.raises(ValidationError, match="one comment or one assessment"):
        reply_submit(
            actor=people["focal_own"],
            comment=thread["comment"],
            assessment=thread["assessment"],
            body="Answer",
        )
    assert not Reply.objects.exists()


def test_answer_shows_on_the_portal_only_once_published(client, people, thread):
    reply = reply_submit(
        actor=people["focal_own"], comment=thread["comment"], body="Both reopen in May."
    )
    assert "Both reopen in May." not in _page(client, thread["rec"])
    reply_moderate(actor=people["secretariat_staff"], reply=reply, decision="published")
    html = _page(client, thread["rec"])
    assert "Both reopen in May." in html
    assert "Ministry of Health" in html  # the institution speaks, not the focal point
    assert people["focal_own"].username not in html
    # Shown under the comment it answers.
    assert html.index("Two shelters closed last year.") < html.index("Both reopen in May.")
    reply_moderate(actor=people["secretariat_staff"], reply=reply, decision="rejected")
    assert "Both reopen in May." not in _page(client, thread["rec"])


def test_answer_to_an_assessment_shows_under_it(client, people, thread):
    reply = reply_submit(
        actor=people["focal_own"], assessment=thread["assessment"], body="Funds released in June."
    )
    reply_moderate(actor=people["secretariat_staff"], reply=reply, decision="published")
    html = _page(client, thread["rec"])
    assert html.index("The budget line exists") < html.index("Funds released in June.")


@pytest.mark.parametrize("role", ["focal_own", "viewer", "cso"])
def test_only_the_secretariat_moderates_answers(people, thread, role):
    reply = reply_submit(actor=people["focal_own"], comment=thread["comment"], body="Answer")
    with pytest.raises(PermissionDenied):
        reply_moderate(actor=people[role], reply=reply, decision="published")


# --- the workspace page --------------------------------------------------------------------


def _dialogue(rec):
    return reverse("followup:dialogue", args=[rec.pk])


def test_lead_focal_point_answers_from_the_workspace(client, people, thread):
    client.force_login(people["focal_own"])
    followup = client.get(reverse("followup:followup", args=[thread["rec"].pk]))
    assert _dialogue(thread["rec"]) in followup.content.decode()
    page = client.get(_dialogue(thread["rec"]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Two shelters closed last year." in html
    assert "The budget line exists" in html
    assert "Not moderated yet." not in html
    response = client.post(
        _dialogue(thread["rec"]),
        {"target": f"comment:{thread['comment'].pk}", "body": "Both reopen in May."},
    )
    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.comment == thread["comment"]
    html = client.get(_dialogue(thread["rec"])).content.decode()
    assert "Both reopen in May." in html
    assert "Awaiting moderation" in html


def test_workspace_answer_keeps_the_text_on_error(client, people, thread):
    client.force_login(people["focal_own"])
    response = client.post(
        _dialogue(thread["rec"]),
        {"target": f"comment:{thread['pending'].pk}", "body": "My careful answer"},
    )
    assert response.status_code == 400
    assert "Choose a published comment or assessment" in response.content.decode()
    assert "My careful answer" in response.content.decode()
    response = client.post(
        _dialogue(thread["rec"]), {"target": f"comment:{thread['comment'].pk}", "body": ""}
    )
    assert response.status_code == 400
    assert "Write the answer first." in response.content.decode()
    assert not Reply.objects.exists()


def test_workspace_answer_keeps_typed_text_when_refused_by_the_service(
    client, people, thread, monkeypatch
):
    from recommendations.followup.views import dialogue

    def refuse(**kwargs):
        raise ValidationError("Only a published comment or assessment can be answered.")

    monkeypatch.setattr(dialogue, "reply_submit", refuse)
    client.force_login(people["focal_own"])
    response = client.post(
        _dialogue(thread["rec"]),
        {"target": f"comment:{thread['comment'].pk}", "body": "My careful answer"},
    )
    assert response.status_code == 400
    assert "My careful answer" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("focal_other", 403),
        ("viewer", 403),
        ("secretariat_staff", 403),
        ("nhri", 404),
        ("cso", 404),
    ],
)
def test_workspace_dialogue_refused_to_others(client, people, thread, role, expected):
    client.force_login(people[role])
    assert client.get(_dialogue(thread["rec"])).status_code == expected
    response = client.post(
        _dialogue(thread["rec"]),
        {"target": f"comment:{thread['comment'].pk}", "body": "Answer"},
    )
    assert response.status_code == expected
    assert not Reply.objects.exists()


def test_workspace_dialogue_anonymous_and_wrong_method(client, people, thread):
    response = client.get(_dialogue(thread["rec"]))
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(people["focal_own"])
    assert client.put(_dialogue(thread["rec"])).status_code == 405


# --- moderation in the queue -----------------------------------------------------------------


def test_secretariat_publishes_an_answer_from_the_queue(client, people, thread):
    reply = reply_submit(actor=people["focal_own"], comment=thread["comment"], body="Answer A")
    client.force_login(people["secretariat_staff"])
    queue = client.get(reverse("publishing:queue")).content.decode()
    assert f'data-reply="{reply.pk}"' in queue
    response = client.post(reverse("publishing:reply", args=[reply.pk]), {"action": "publish"})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.moderation == "published"
    assert reply.moderated_by == people["secretariat_staff"]
    assert client.get(reverse("publishing:reply", args=[reply.pk])).status_code == 405


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_queue_moderation_refused_to_others(client, people, thread, role):
    reply = reply_submit(actor=people["focal_own"], comment=thread["comment"], body="Answer")
    client.force_login(people[role])
    response = client.post(reverse("publishing:reply", args=[reply.pk]), {"action": "publish"})
    assert response.status_code == 403
    reply.refresh_from_db()
    assert reply.moderation == "pending"


def test_queue_moderation_anonymous(client, people, thread):
    reply = reply_submit(actor=people["focal_own"], comment=thread["comment"], body="Answer")
    response = client.post(reverse("publishing:reply", args=[reply.pk]), {"action": "publish"})
    assert response.status_code == 302
    assert "login" in response["Location"]


# --- API -----------------------------------------------------------------------------------

REPLIES = "/api/v1/replies/"


def _api(user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_api_lead_focal_point_answers(people, thread, own_institution):
    response = _api(people["focal_own"]).post(
        REPLIES, {"comment": thread["comment"].pk, "body": "Both reopen in May."}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["institution"] == own_institution.name
    assert response.json()["moderation"] == "pending"


@pytest.mark.parametrize(
    ("role", "expected"),
    [("focal_other", 403), ("viewer", 403), ("nhri", 403), ("cso", 403), (None, 401)],
)
def test_api_answer_refused_to_others(people, thread, role, expected):
    user = people[role] if role else None
    response = _api(user).post(
        REPLIES, {"comment": thread["comment"].pk, "body": "Answer"}, format="json"
    )
    assert response.status_code == expected
    assert not Reply.objects.exists()


def test_api_answer_to_an_unpublished_comment_is_a_clear_error(people, thread):
    response = _api(people["focal_own"]).post(
        REPLIES, {"comment": thread["pending"].pk, "body": "Answer"}, format="json"
    )
    assert response.status_code == 400
    assert not Reply.objects.exists()


def test_api_lists_published_answers_to_the_public_and_all_to_the_government(people, thread):
    published = reply_submit(actor=people["focal_own"], comment=thread["comment"], body="Yes")
    reply_moderate(actor=people["secretariat_staff"], reply=published, decision="published")
    reply_submit(actor=people["focal_own"], comment=thread["comment"], body="Still pending")
    public = _api().get(REPLIES).json()["results"]
    assert [r["body"] for r in public] == ["Yes"]
    assert "author" not in public[0]
    assert "moderation" not in public[0]
    internal = _api(people["viewer"]).get(REPLIES).json()["results"]
    assert [r["body"] for r in internal] == ["Yes", "Still pending"]
    assert _api(people["focal_own"]).delete(f"{REPLIES}{published.pk}/").status_code == 405


def test_the_author_sees_the_published_answer_in_my_contributions(client, people, thread):
    reply = reply_submit(
        actor=people["focal_own"], comment=thread["comment"], body="Both reopen in May."
    )
    client.force_login(people["cso"])
    url = reverse("portal:my_contributions")
    assert "Both reopen in May." not in client.get(url).content.decode()
    reply_moderate(actor=people["secretariat_staff"], reply=reply, decision="published")
    assert "Both reopen in May." in client.get(url).content.decode()
