"""A draft opened for public comment: the portal page, moderation through the publishing
queue, the secretariat's replies published with the final text, and who may do what."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from recommendations.models.participation import Moderation
from reporting.models import Consultation, PublicComment, ReportDraft, SectionVersion
from tests.factories import ROLES, SECRETARIAT
from tests.reporting.conftest import stakeholder_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(people, own_institution):
    draft = ReportDraft.objects.create(title="National report 2026", kind="national")
    for section, text in [
        ("methodology", "We consulted widely."),
        ("developments", "A new law on shelters."),
        ("priorities", "SECRETpriorities not opened."),
    ]:
        SectionVersion.objects.create(draft=draft, section=section, number=1, text=text)
    consultation = Consultation.objects.create(
        draft=draft,
        title="National report: public comment",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        is_public=True,
        public_sections=["methodology", "developments"],
        snapshot={
            "methodology": {"version": 1, "text": "We consulted widely."},
            "developments": {"version": 1, "text": "A new law on shelters."},
            "priorities": {"version": 1, "text": "SECRETpriorities not opened."},
        },
    )
    published = PublicComment.objects.create(
        consultation=consultation,
        section="methodology",
        name="Amina Diallo",
        organisation="Rights Watch Local",
        email="amina.hidden@example.org",
        body="Hold hearings in the provinces.",
        moderation=Moderation.PUBLISHED,
        reply="Two provincial hearings were added.",
    )
    pending = PublicComment.objects.create(
        consultation=consultation,
        section="developments",
        name="Pending Person",
        email="pending@example.org",
        body="PENDINGpubliccomment",
    )
    return {"consultation": consultation, "published": published, "pending": pending}


def _page(client, consultation):
    return client.get(f"/consultations/{consultation.pk}/")


def test_anyone_reads_the_opened_sections_and_published_comments_only(client, public):
    consultation = public["consultation"]
    page = _page(client, consultation).content.decode()
    assert "We consulted widely." in page
    assert "A new law on shelters." in page
    assert "SECRETpriorities" not in page  # not opened to the public
    assert "Hold hearings in the provinces." in page
    assert "Amina Diallo" in page
    assert "Rights Watch Local" in page
    assert "amina.hidden@example.org" not in page  # the e-mail is never shown
    assert "PENDINGpubliccomment" not in page
    assert "Two provincial hearings" not in page  # replies wait for publication
    listing = client.get("/consultations/").content.decode()
    assert consultation.title in listing


def test_a_draft_not_opened_to_the_public_is_404(client, public):
    consultation = public["consultation"]
    consultation.is_public = False
    consultation.save()
    assert _page(client, consultation).status_code == 404
    assert consultation.title not in client.get("/consultations/").content.decode()


def test_anonymous_comment_waits_for_moderation(client, public):
    consultation = public["consultation"]
    response = client.post(
        f"/consultations/{consultation.pk}/",
        {
            "section": "developments",
            "name": "Jo Citizen",
            "organisation": "",
            "email": "jo@example.org",
            "body": "Shelters need funding.",
        },
    )
    assert response.status_code == 302
    comment = PublicComment.objects.get(name="Jo Citizen")
    assert comment.moderation == Moderation.PENDING
    assert comment.author is None
    assert "Shelters need funding." not in _page(client, consultation).content.decode()


def test_a_section_not_opened_is_refused_and_the_text_kept(client, public):
    consultation = public["consultation"]
    response = client.post(
        f"/consultations/{consultation.pk}/",
        {"section": "priorities", "name": "Jo", "email": "jo@example.org", "body": "Keep me."},
    )
    assert response.status_code == 400
    assert "Keep me." in response.content.decode()
    assert not PublicComment.objects.filter(body="Keep me.").exists()


def test_after_the_deadline_a_comment_is_refused_clearly_and_kept_in_the_form(client, public):
    consultation = public["consultation"]
    Consultation.objects.filter(pk=consultation.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    page = _page(client, consultation).content.decode()
    assert "comments are no longer accepted" in page
    assert 'name="body"' not in page
    response = client.post(
        f"/consultations/{consultation.pk}/",
        {"section": "methodology", "name": "Late", "email": "l@example.org", "body": "Too late."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "comments are no longer accepted" in html
    assert "Too late." in html  # nothing lost: the text is still in the form
    assert not PublicComment.objects.filter(name="Late").exists()


def test_organisations_only_refuses_anonymous_and_accepts_a_verified_cso(client, people, public):
    consultation = public["consultation"]
    consultation.organisations_only = True
    consultation.save()
    data = {"section": "methodology", "name": "X", "email": "x@example.org", "body": "Org view."}
    page = _page(client, consultation).content.decode()
    assert "Sign in with your organisation" in page
    refused = client.post(f"/consultations/{consultation.pk}/", data)
    assert refused.status_code == 400
    assert "Only registered civil society organisations" in refused.content.decode()
    assert "Org view." in refused.content.decode()
    client.force_login(people["cso"])
    assert client.post(f"/consultations/{consultation.pk}/", data).status_code == 302
    comment = PublicComment.objects.get(body="Org view.")
    assert comment.stakeholder == stakeholder_of(people["cso"])
    assert comment.author == people["cso"]


@override_settings(NRTD_POSTS_PER_HOUR=1)
def test_posting_is_rate_limited_per_address(client, public):
    consultation = public["consultation"]
    codes = []
    for n in range(4):
        response = client.post(
            f"/consultations/{consultation.pk}/",
            {"section": "methodology", "name": f"N{n}", "email": "n@example.org", "body": "Hi"},
        )
        codes.append(response.status_code)
    assert codes == [302, 302, 302, 429]  # three per address an hour when the limit is one
    assert PublicComment.objects.filter(name__startswith="N").count() == 3


def test_pending_comments_wait_in_the_publishing_queue(client, people, public):
    client.force_login(people["secretariat_staff"])
    queue = client.get("/workspace/publishing/").content.decode()
    assert "PENDINGpubliccomment" in queue
    assert "Public comments on drafts and plans awaiting moderation" in queue
    pending = public["pending"]
    response = client.post(
        f"/workspace/reports/public-comments/{pending.pk}/moderate/",
        {"action": "publish", "next": "/workspace/publishing/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/workspace/publishing/"
    pending.refresh_from_db()
    assert pending.moderation == Moderation.PUBLISHED
    assert pending.moderated_by == people["secretariat_staff"]
    client.logout()
    assert "PENDINGpubliccomment" in _page(client, public["consultation"]).content.decode()


def test_rejected_comment_is_kept_and_never_public(client, people, public):
    client.force_login(people["secretariat_admin"])
    pending = public["pending"]
    client.post(f"/workspace/reports/public-comments/{pending.pk}/moderate/", {"action": "reject"})
    pending.refresh_from_db()
    assert pending.moderation == Moderation.REJECTED
    client.logout()
    assert "PENDINGpubliccomment" not in _page(client, public["consultation"]).content.decode()


def test_replies_are_published_only_after_closing(client, people, public):
    consultation = public["consultation"]
    client.force_login(people["secretariat_staff"])
    comment = public["published"]
    response = client.post(
        f"/workspace/reports/public-comments/{comment.pk}/reply/",
        {"reply": "Hearings in three provinces."},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.reply == "Hearings in three provinces."
    publish = f"/workspace/reports/consultations/{consultation.pk}/publish-replies/"
    client.post(publish)
    consultation.refresh_from_db()
    assert consultation.replies_published is None  # still open: refused
    client.post(f"/workspace/reports/consultations/{consultation.pk}/close/")
    client.post(publish)
    consultation.refresh_from_db()
    assert consultation.replies_published is not None
    client.logout()
    page = _page(client, consultation).content.decode()
    assert "Hearings in three provinces." in page
    assert "comments are no longer accepted" in page


def _open_on_the_form(client, people, draft, **fields):
    """The secretariat opens a public consultation on ``draft``, due in 30 days."""
    client.force_login(people["secretariat_admin"])
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    return client.post(
        f"/workspace/reports/drafts/{draft.pk}/consultations/new/",
        {"deadline": deadline.isoformat(), "is_public": "on", **fields},
    )


def test_secretariat_opens_a_public_consultation_from_the_form(client, people, public):
    response = _open_on_the_form(
        client,
        people,
        public["consultation"].draft,
        title="Open to all",
        public_sections=["developments"],
        organisations_only="on",
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get(title="Open to all")
    assert consultation.is_public
    assert consultation.organisations_only
    assert consultation.public_sections == ["developments"]
    assert consultation.institutions.count() == 0


def test_a_public_consultation_needs_sections(client, people, public):
    response = _open_on_the_form(client, people, public["consultation"].draft, title="No sections")
    assert response.status_code == 400
    assert "Choose the sections" in response.content.decode()
    assert 'value="No sections"' in response.content.decode()


# --- per role -------------------------------------------------------------------------------


def _cases(public):
    consultation, comment = public["consultation"], public["published"]
    return {
        "moderate": (
            f"/workspace/reports/public-comments/{comment.pk}/moderate/",
            {"action": "reject"},
        ),
        "reply": (f"/workspace/reports/public-comments/{comment.pk}/reply/", {"reply": "Ok."}),
        "publish": (f"/workspace/reports/consultations/{consultation.pk}/publish-replies/", {}),
    }


# Non-secretariat: a public comment is not theirs to see (404); the consultation is seen by
# the government side (403) and not by uninvited organisations (404).
EXPECTED = {
    "moderate": {"focal_own": 404, "focal_other": 404, "viewer": 404, "nhri": 404, "cso": 404},
    "reply": {"focal_own": 404, "focal_other": 404, "viewer": 404, "nhri": 404, "cso": 404},
    "publish": {"focal_own": 403, "focal_other": 403, "viewer": 403, "nhri": 404, "cso": 404},
}


@pytest.mark.parametrize("action", ["moderate", "reply", "publish"])
@pytest.mark.parametrize("role", ROLES)
def test_secretariat_endpoints_per_role(client, people, public, action, role):
    path, data = _cases(public)[action]
    client.force_login(people[role])
    response = client.post(path, data)
    expected = 302 if role in SECRETARIAT else EXPECTED[action][role]
    assert response.status_code == expected
    comment = public["published"]
    comment.refresh_from_db()
    if role not in SECRETARIAT:
        assert comment.moderation == Moderation.PUBLISHED
        assert comment.reply.startswith("Two")


@pytest.mark.parametrize("action", ["moderate", "reply", "publish"])
def test_secretariat_endpoints_anonymous_and_wrong_method(client, people, public, action):
    path, data = _cases(public)[action]
    response = client.post(path, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(people["secretariat_admin"])
    assert client.get(path).status_code == 405


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_public_pages_are_the_same_for_every_role(client, people, public, role):
    if role != "anonymous":
        client.force_login(people[role])
    page = _page(client, public["consultation"])
    assert page.status_code == 200
    assert "PENDINGpubliccomment" not in page.content.decode()
    assert client.get("/consultations/").status_code == 200


def test_public_pages_refuse_other_methods(client, public):
    assert client.put(f"/consultations/{public['consultation'].pk}/").status_code == 405
    assert client.post("/consultations/").status_code == 405


def test_the_dashboard_counts_public_comments_awaiting_moderation(client, people, public):
    client.force_login(people["secretariat_admin"])
    moderation = client.get("/workspace/reports/dashboard/").context["moderation"]
    assert moderation["public_comments"] == 1  # the pending one; the published one is done
