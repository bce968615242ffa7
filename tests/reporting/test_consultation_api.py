"""The public consultation API: anyone reads the published consultations (draft or plan)
with their sections, published comments and, once published, replies; comments go through
the portal's service and rules; the secretariat moderates, answers, closes and publishes.
Every endpoint per role, anonymous and wrong method."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from recommendations.models import ActionPlan, ActionPlanItem
from recommendations.models.participation import Moderation
from reporting.models import Consultation, PublicComment, ReportDraft
from reporting.services.public_consultation import plan_snapshot
from tests.factories import ROLES, SECRETARIAT
from tests.reporting.conftest import stakeholder_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(db):
    plan = ActionPlan.objects.create(title="Plan 2027", description="Plan as a whole text.")
    item = ActionPlanItem.objects.create(plan=plan, code="2.1", title="Legal aid", description="D")
    snapshot = plan_snapshot(plan)
    consultation = Consultation.objects.create(
        plan=plan,
        title="Plan 2027: public comment",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        is_public=True,
        public_sections=list(snapshot),
        snapshot=snapshot,
    )
    draft = ReportDraft.objects.create(title="National report", kind="national")
    hidden = Consultation.objects.create(
        draft=draft,
        title="INTERNALonly consultation",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        snapshot={"methodology": {"text": "SECRETtext"}},
    )
    published = PublicComment.objects.create(
        consultation=consultation,
        section=f"item-{item.pk}",
        name="Amina",
        organisation="Rights Watch",
        email="amina.hidden@example.org",
        body="More offices.",
        moderation=Moderation.PUBLISHED,
        reply="REPLYnotyetpublished",
    )
    pending = PublicComment.objects.create(
        consultation=consultation,
        section="general",
        name="P",
        email="p@example.org",
        body="PENDINGcomment",
    )
    return {
        "consultation": consultation,
        "hidden": hidden,
        "item": item,
        "published": published,
        "pending": pending,
    }


def _login(api, people, role):
    if role != "anonymous":
        api.force_authenticate(people[role])


# --- public reading -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_everyone_reads_published_consultations_and_nothing_internal(api, people, public, role):
    _login(api, people, role)
    listing = api.get("/api/v1/consultations/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Plan 2027: public comment" in text
    assert "INTERNALonly" not in text
    detail = api.get(f"/api/v1/consultations/{public['consultation'].pk}/")
    assert detail.status_code == 200
    data = detail.json()
    assert data["kind"] == "plan"
    keys = [s["key"] for s in data["sections"]]
    assert keys == ["general", f"item-{public['item'].pk}"]
    item = data["sections"][1]
    assert item["label"] == "2.1 Legal aid"
    assert [c["body"] for c in item["comments"]] == ["More offices."]
    assert item["comments"][0]["reply"] == ""  # replies not yet published
    body = detail.content.decode()
    assert "amina.hidden@example.org" not in body
    assert "PENDINGcomment" not in body
    assert "REPLYnotyetpublished" not in body
    assert api.get(f"/api/v1/consultations/{public['hidden'].pk}/").status_code == 404


def test_replies_appear_once_published(api, public):
    Consultation.objects.filter(pk=public["consultation"].pk).update(
        status="closed", replies_published=timezone.now()
    )
    data = api.get(f"/api/v1/consultations/{public['consultation'].pk}/").json()
    assert data["sections"][1]["comments"][0]["reply"] == "REPLYnotyetpublished"


def test_reading_with_a_wrong_method_is_refused(api, people, public):
    api.force_authenticate(people["secretariat_admin"])
    assert api.delete(f"/api/v1/consultations/{public['consultation'].pk}/").status_code == 405
    assert api.post("/api/v1/consultations/", {}).status_code == 405


# --- commenting -----------------------------------------------------------------------------


def _comment(api, public, **extra):
    data = {"section": "general", "name": "Jo", "email": "jo@example.org", "body": "Yes."}
    return api.post(
        f"/api/v1/consultations/{public['consultation'].pk}/comments/",
        {**data, **extra},
        format="json",
    )


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_anyone_comments_and_the_comment_waits(api, people, public, role):
    _login(api, people, role)
    response = _comment(api, public, body=f"From {role}.")
    assert response.status_code == 201
    assert response.json()["moderation"] == "pending"
    assert "email" not in response.json()
    comment = PublicComment.objects.get(body=f"From {role}.")
    assert comment.moderation == Moderation.PENDING


def test_comment_rules_are_the_portals(api, people, public):
    assert _comment(api, public, section="priorities").status_code == 400
    assert _comment(api, public, body="  ").status_code == 400
    Consultation.objects.filter(pk=public["consultation"].pk).update(organisations_only=True)
    refused = _comment(api, public)
    assert refused.status_code == 400
    assert "Only registered civil society organisations" in refused.content.decode()
    api.force_authenticate(people["cso"])
    assert _comment(api, public, body="Org.").status_code == 201
    assert PublicComment.objects.get(body="Org.").stakeholder == stakeholder_of(people["cso"])
    Consultation.objects.filter(pk=public["consultation"].pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    late = _comment(api, public, body="Late.")
    assert late.status_code == 400
    assert "no longer accepted" in late.content.decode()
    assert not PublicComment.objects.filter(body="Late.").exists()


def test_a_consultation_not_public_takes_no_comment(api, public):
    response = api.post(
        f"/api/v1/consultations/{public['hidden'].pk}/comments/",
        {"section": "methodology", "name": "J", "email": "j@example.org", "body": "X"},
        format="json",
    )
    assert response.status_code == 404


@override_settings(NRTD_POSTS_PER_HOUR=1)
def test_commenting_is_rate_limited_like_the_portal(api, public):
    codes = [_comment(api, public, body=f"N{n}").status_code for n in range(4)]
    assert codes == [201, 201, 201, 429]


def test_commenting_with_a_wrong_method_is_refused(api, public):
    path = f"/api/v1/consultations/{public['consultation'].pk}/comments/"
    assert api.get(path).status_code == 405


# --- the secretariat ------------------------------------------------------------------------


def _secretariat_cases(public):
    consultation, comment = public["consultation"], public["pending"]
    return {
        "list": ("get", "/api/v1/public-comments/", None),
        "retrieve": ("get", f"/api/v1/public-comments/{comment.pk}/", None),
        "moderate": (
            "post",
            f"/api/v1/public-comments/{comment.pk}/moderate/",
            {"decision": "published"},
        ),
        "reply": ("post", f"/api/v1/public-comments/{comment.pk}/reply/", {"reply": "Noted."}),
        "close": ("post", f"/api/v1/consultations/{consultation.pk}/close/", {}),
    }


@pytest.mark.parametrize("case", ["list", "retrieve", "moderate", "reply", "close"])
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_secretariat_endpoints_per_role(api, people, public, case, role):
    method, path, data = _secretariat_cases(public)[case]
    _login(api, people, role)
    response = getattr(api, method)(path, data, format="json")
    pending = public["pending"]
    pending.refresh_from_db()
    consultation = public["consultation"]
    consultation.refresh_from_db()
    if role in SECRETARIAT:
        assert response.status_code == 200
        if case == "list":
            assert "p@example.org" in response.content.decode()  # the secretariat's only
    else:
        assert response.status_code == (401 if role == "anonymous" else 403)
        assert pending.moderation == Moderation.PENDING
        assert pending.reply == ""
        assert consultation.status == "open"


def test_secretariat_moderates_answers_closes_and_publishes_the_replies(api, people, public):
    api.force_authenticate(people["secretariat_staff"])
    pending, consultation = public["pending"], public["consultation"]
    moderated = api.post(
        f"/api/v1/public-comments/{pending.pk}/moderate/", {"decision": "published"}, format="json"
    )
    assert moderated.json()["moderation"] == "published"
    api.post(f"/api/v1/public-comments/{pending.pk}/reply/", {"reply": "Thanks."}, format="json")
    publish = f"/api/v1/consultations/{consultation.pk}/publish-replies/"
    assert api.post(publish).status_code == 400  # still open
    assert api.post(f"/api/v1/consultations/{consultation.pk}/close/").status_code == 200
    assert api.post(publish).json()["replies_published"]
    api.force_authenticate(None)
    data = api.get(f"/api/v1/consultations/{consultation.pk}/").json()
    general = data["sections"][0]
    assert [(c["body"], c["reply"]) for c in general["comments"]] == [("PENDINGcomment", "Thanks.")]


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_publishing_the_replies_per_role(api, people, public, role):
    Consultation.objects.filter(pk=public["consultation"].pk).update(status="closed")
    _login(api, people, role)
    response = api.post(f"/api/v1/consultations/{public['consultation'].pk}/publish-replies/")
    expected = 200 if role in SECRETARIAT else (401 if role == "anonymous" else 403)
    assert response.status_code == expected
    public["consultation"].refresh_from_db()
    assert (public["consultation"].replies_published is not None) == (role in SECRETARIAT)


def test_secretariat_actions_with_a_wrong_method(api, people, public):
    api.force_authenticate(people["secretariat_admin"])
    pending = public["pending"]
    assert api.get(f"/api/v1/public-comments/{pending.pk}/moderate/").status_code == 405
    assert api.get(f"/api/v1/public-comments/{pending.pk}/reply/").status_code == 405
    assert api.delete(f"/api/v1/public-comments/{pending.pk}/").status_code == 405
    assert api.get(f"/api/v1/consultations/{public['consultation'].pk}/close/").status_code == 405
