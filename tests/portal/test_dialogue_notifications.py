"""The dialogue's e-mails both ways: a published CSO or NHRI comment or assessment tells the
lead institution's focal points; a published answer tells the author of what it answers.
Queued on commit, sent by the (eager) Celery task, in the recipient's language."""

import datetime

import pytest
from django.urls import reverse

from mechanisms.models import Profile
from recommendations.models import Assessment, Assignment, Comment, Reply
from recommendations.portal.services import assessment_submit, comment_submit, reply_submit
from recommendations.publishing.services import (
    assessment_moderate,
    comment_moderate,
    reply_moderate,
)
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec(people, own_institution, other_institution):
    """Published, led by own_institution (focal_own), supported by other_institution."""
    rec = RecommendationFactory(text="Fund the shelters for women", is_published=True)
    Assignment.objects.create(recommendation=rec, institution=own_institution, role="lead")
    Assignment.objects.create(recommendation=rec, institution=other_institution, role="supporting")
    return rec


def test_published_cso_comment_emails_the_lead_focal_points_only(
    people, rec, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_submit(actor=people["cso"], recommendation=rec, body="Two closed.")
    assert mailoutbox == []  # pending moderation: nothing public, nobody told
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(actor=people["secretariat_staff"], comment=comment, decision="published")
    assert [m.to for m in mailoutbox] == [[people["focal_own"].email]]
    body = mailoutbox[0].body
    assert "Two closed." in body
    assert reverse("followup:dialogue", args=[rec.pk]) in body
    assert people["cso"].stakeholder_memberships.get().stakeholder.name in body


def test_a_rejected_comment_tells_nobody(
    people, rec, mailoutbox, django_capture_on_commit_callbacks
):
    comment = comment_submit(actor=people["cso"], recommendation=rec, body="Off topic.")
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(actor=people["secretariat_staff"], comment=comment, decision="rejected")
    assert mailoutbox == []


def test_publishing_twice_in_a_row_sends_once(
    people, rec, mailoutbox, django_capture_on_commit_callbacks
):
    comment = comment_submit(actor=people["cso"], recommendation=rec, body="Once.")
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(actor=people["secretariat_staff"], comment=comment, decision="published")
        comment_moderate(actor=people["secretariat_staff"], comment=comment, decision="published")
    assert len(mailoutbox) == 1


def test_nhri_assessment_published_at_once_emails_in_the_recipients_language(
    people, rec, mailoutbox, django_capture_on_commit_callbacks
):
    Profile.objects.filter(user=people["focal_own"]).update(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(
            actor=people["nhri"],
            recommendation=rec,
            status="in_progress",
            narrative="The budget line is not spent.",
            date=datetime.date(2026, 1, 10),
        )
    assert len(mailoutbox) == 1
    assert "The budget line is not spent." in mailoutbox[0].body
    assert "En cours" in mailoutbox[0].body  # the status in French, the focal point's language


def test_cso_assessment_emails_once_the_secretariat_publishes_it(
    people, rec, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assessment_submit(
            actor=people["cso"], recommendation=rec, status="not_started", narrative="Nothing."
        )
    assert assessment.moderation == Assessment.Moderation.PENDING
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assessment_moderate(
            actor=people["secretariat_admin"], assessment=assessment, decision="published"
        )
    assert [m.to for m in mailoutbox] == [[people["focal_own"].email]]
    assert "In progress" not in mailoutbox[0].body
    assert "Not started" in mailoutbox[0].body


def test_published_reply_emails_the_comments_author(
    people, rec, mailoutbox, django_capture_on_commit_callbacks
):
    comment = Comment.objects.create(
        recommendation=rec,
        body="Two shelters closed.",
        author=people["cso"],
        is_internal=False,
        moderation="published",
    )
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_submit(actor=people["focal_own"], comment=comment, body="Both reopen.")
    assert mailoutbox == []  # the answer waits for moderation
    with django_capture_on_commit_callbacks(execute=True):
        reply_moderate(actor=people["secretariat_staff"], reply=reply, decision="published")
    assert [m.to for m in mailoutbox] == [[people["cso"].email]]
    assert "Both reopen." in mailoutbox[0].body
    assert reverse("portal:recommendation", args=[rec.pk]) in mailoutbox[0].body


def test_published_reply_to_an_assessment_emails_its_author(
    people, rec, mailoutbox, django_capture_on_commit_callbacks
):
    assessment = Assessment.objects.create(
        recommendation=rec,
        stakeholder=people["nhri"].stakeholder_memberships.get().stakeholder,
        author=people["nhri"],
        status="in_progress",
        narrative="Slow.",
        date=datetime.date(2026, 1, 1),
        moderation="published",
    )
    reply = reply_submit(actor=people["focal_own"], assessment=assessment, body="Faster soon.")
    with django_capture_on_commit_callbacks(execute=True):
        reply_moderate(actor=people["secretariat_staff"], reply=reply, decision="rejected")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        reply_moderate(actor=people["secretariat_staff"], reply=reply, decision="published")
    assert [m.to for m in mailoutbox] == [[people["nhri"].email]]


def test_a_reply_withdrawn_before_the_worker_runs_sends_nothing(people, rec, mailoutbox):
    from recommendations.portal.notifications import send_reply_published

    comment = Comment.objects.create(
        recommendation=rec,
        body="X",
        author=people["cso"],
        is_internal=False,
        moderation="published",
    )
    reply = Reply.objects.create(
        comment=comment,
        institution=rec.assignments.get(role="lead").institution,
        author=people["focal_own"],
        body="Y",
        moderation="pending",
    )
    assert send_reply_published(reply.pk) == 0
    assert mailoutbox == []


# --- My work: what waits for the institution's answer ----------------------------------------


def _published_comment(rec, people, body):
    return Comment.objects.create(
        recommendation=rec,
        body=body,
        author=people["cso"],
        is_internal=False,
        moderation="published",
    )


def test_my_work_lists_published_contributions_awaiting_the_lead_institutions_answer(
    client, people, rec
):
    answered = _published_comment(rec, people, "Answered already.")
    _published_comment(rec, people, "Waiting for an answer.")
    Comment.objects.create(  # pending: not yet public, nothing to answer
        recommendation=rec, body="Pending.", author=people["cso"], is_internal=False
    )
    reply_submit(actor=people["focal_own"], comment=answered, body="Done.")
    client.force_login(people["focal_own"])
    page = client.get(reverse("followup:my_work")).content.decode()
    assert 'id="awaiting-answer"' in page
    assert "1 published comment or assessment" in page
    assert reverse("followup:dialogue", args=[rec.pk]) in page


@pytest.mark.parametrize("role", ["focal_other", "viewer", "secretariat_staff"])
def test_my_work_shows_no_answer_line_to_who_does_not_lead(client, people, rec, role):
    _published_comment(rec, people, "Waiting for an answer.")
    client.force_login(people[role])
    response = client.get(reverse("followup:my_work"))
    assert response.status_code == 200
    assert 'id="awaiting-answer"' not in response.content.decode()
