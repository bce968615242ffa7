"""Civil society and NHRI participation: comments and assessments, moderated, rate limited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import Assessment, Comment
from recommendations.portal.services import (
    assessment_submit,
    comment_submit,
)
from tests.factories import PDF

pytestmark = pytest.mark.django_db


def _url(p, kind):
    return f"/recommendations/{p.torture.pk}/{kind}/"


def test_cso_member_submits_an_assessment_with_evidence_that_waits_for_moderation(
    client, portal_data
):
    p = portal_data
    client.force_login(p.cso)
    assert client.get(_url(p, "assess")).status_code == 200
    response = client.post(
        _url(p, "assess"),
        {
            "status": "partially_implemented",
            "traffic_light": "orange",
            "narrative": "Our monitoring found progress in three prisons out of five.",
            "evidence": SimpleUploadedFile("monitoring.pdf", PDF, "application/pdf"),
            "organisation_only": "on",
        },
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(narrative__startswith="Our monitoring")
    assert assessment.moderation == "pending"
    assert assessment.stakeholder == p.cso_org
    assert assessment.organisation_only
    assert assessment.evidence.name.endswith(".pdf")
    assert "monitoring" not in assessment.evidence.name
    # The author sees it, marked as waiting; the public does not.
    own = client.get(f"/recommendations/{p.torture.pk}/").content.decode()
    assert "Our monitoring found" in own.split('id="own-unpublished"')[1]
    client.logout()
    public = client.get(f"/recommendations/{p.torture.pk}/").content.decode()
    assert "Our monitoring found" not in public


def test_assessment_rejects_a_file_that_is_not_evidence(client, portal_data):
    client.force_login(portal_data.cso)
    response = client.post(
        _url(portal_data, "assess"),
        {
            "status": "in_progress",
            "narrative": "x",
            "evidence": SimpleUploadedFile("run.exe", b"MZ\x90\x00binary", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "not accepted" in response.content.decode()


def test_cso_comment_waits_for_moderation_then_shows_the_organisation(client, portal_data):
    p = portal_data
    client.force_login(p.commenter)
    client.post(_url(p, "comment"), {"body": "Detainees still wait months for a lawyer."})
    comment = Comment.objects.get(body__startswith="Detainees still")
    assert not comment.is_internal
    assert comment.moderation == Comment.Moderation.PENDING
    client.logout()
    html = client.get(f"/recommendations/{p.torture.pk}/").content.decode()
    assert "Detainees still wait months" not in html
    client.force_login(p.secretariat)
    client.post(f"/workspace/publishing/comments/{comment.pk}/", {"action": "publish"})
    client.logout()
    html = client.get(f"/recommendations/{p.torture.pk}/").content.decode()
    assert "Detainees still wait months" in html
    assert "Legal Aid Network" in html
    assert "Pendercast" not in html


def test_organisation_can_publish_with_names(client, portal_data):
    p = portal_data
    assessment = assessment_submit(
        actor=p.cso,
        recommendation=p.violence,
        status="in_progress",
        narrative="Named view.",
        organisation_only=False,
    )
    assessment.moderation = "published"
    assessment.save()
    html = client.get(f"/recommendations/{p.violence.pk}/").content.decode()
    assert "Legal Aid Network (Olga Quillonymous)" in html


@pytest.mark.parametrize("who", ["anonymous", "focal", "viewer", "secretariat"])
def test_only_stakeholders_may_take_part(client, portal_data, who):
    p = portal_data
    if who != "anonymous":
        client.force_login(getattr(p, who))
    for kind in ("comment", "assess"):
        response = client.get(_url(p, kind))
        if who == "anonymous":
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403


def test_nhri_may_assess(client, portal_data):
    client.force_login(portal_data.nhri)
    response = client.post(
        _url(portal_data, "assess"), {"status": "in_progress", "narrative": "NHRI view."}
    )
    assert response.status_code == 302
    assert Assessment.objects.get(narrative="NHRI view.").stakeholder == portal_data.nhri_org


def test_participation_on_an_unpublished_recommendation_is_not_found(client, portal_data):
    client.force_login(portal_data.cso)
    assert client.get(f"/recommendations/{portal_data.hidden.pk}/comment/").status_code == 404


def test_participation_refuses_other_methods(client, portal_data):
    client.force_login(portal_data.cso)
    assert client.put(_url(portal_data, "comment")).status_code == 405
    assert client.delete(_url(portal_data, "assess")).status_code == 405


def test_posting_is_rate_limited_per_account(client, portal_data, settings):
    settings.NRTD_POSTS_PER_HOUR = 3
    client.force_login(portal_data.cso)
    codes = [
        client.post(_url(portal_data, "comment"), {"body": f"Comment {i}"}).status_code
        for i in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert Comment.objects.filter(body__startswith="Comment ").count() == 3


def test_posting_is_rate_limited_per_address(client, portal_data, settings):
    """Several accounts from one address share a larger budget (three times the per-account
    limit)."""
    settings.NRTD_POSTS_PER_HOUR = 1
    codes = []
    for user in (portal_data.cso, portal_data.commenter, portal_data.nhri, portal_data.cso):
        client.force_login(user)
        codes.append(client.post(_url(portal_data, "comment"), {"body": "x"}).status_code)
    assert codes == [302, 302, 302, 429]


def test_services_refuse_government_users(portal_data):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        comment_submit(actor=portal_data.focal, recommendation=portal_data.torture, body="x")
