"""A national action plan opened for public comment: the same consultation as a draft's
(open, closed, replies published with the final text), its items as sections, listed on the
portal next to the drafts, and who may open one."""

import datetime

import pytest
from django.utils import timezone

from recommendations.models import ActionPlan, ActionPlanItem
from recommendations.models.participation import Moderation
from reporting.models import Consultation, PublicComment
from tests.factories import ROLES, SECRETARIAT
from tests.reporting.conftest import stakeholder_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    plan = ActionPlan.objects.create(
        title="National human rights action plan 2027-2030",
        description="Four years of commitments on rights.",
    )
    first = ActionPlanItem.objects.create(
        plan=plan, code="1.1", title="Shelters in every province", description="Ten shelters."
    )
    second = ActionPlanItem.objects.create(plan=plan, code="1.2", title="Legal aid offices")
    return {"plan": plan, "first": first, "second": second}


def _open_data(plan=None, **extra):
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    sections = ["general"]
    if plan is not None:
        sections += [f"item-{pk}" for pk in plan.items.values_list("pk", flat=True)]
    return {
        "title": "The plan: public comment",
        "deadline": deadline.isoformat(),
        "public_sections": sections,
        **extra,
    }


def _open(client, people, plan, **extra):
    client.force_login(people["secretariat_admin"])
    response = client.post(
        f"/workspace/reports/plans/{plan.pk}/consultations/new/", _open_data(plan, **extra)
    )
    client.logout()
    assert response.status_code == 302
    return Consultation.objects.get(plan=plan)


def test_secretariat_opens_a_plan_with_its_items_as_sections(client, people, plan):
    consultation = _open(client, people, plan["plan"])
    first, second = plan["first"], plan["second"]
    assert consultation.is_public
    assert consultation.draft is None
    assert consultation.public_sections == ["general", f"item-{first.pk}", f"item-{second.pk}"]
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "The plan as a whole" in page
    assert "Four years of commitments on rights." in page
    assert "1.1 Shelters in every province" in page
    assert "Ten shelters." in page
    assert "Comment on this plan" in page
    listing = client.get("/consultations/").content.decode()
    assert "The plan: public comment" in listing
    assert "National action plan" in listing


def test_an_item_not_chosen_stays_off_the_portal(client, people, plan):
    client.force_login(people["secretariat_admin"])
    path = f"/workspace/reports/plans/{plan['plan'].pk}/consultations/new/"
    form = client.get(path).content.decode()
    assert "1.2 Legal aid offices" in form  # offered
    data = _open_data(public_sections=["general", f"item-{plan['first'].pk}"])
    assert client.post(path, data).status_code == 302
    client.logout()
    consultation = Consultation.objects.get()
    assert f"item-{plan['second'].pk}" not in consultation.snapshot
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "1.1 Shelters in every province" in page
    assert "Legal aid offices" not in page


def test_opening_needs_a_section_and_refuses_an_unknown_one(client, people, plan):
    client.force_login(people["secretariat_admin"])
    path = f"/workspace/reports/plans/{plan['plan'].pk}/consultations/new/"
    none = client.post(path, _open_data(public_sections=[]))
    assert none.status_code == 400
    assert "Choose the sections" in none.content.decode()
    assert client.post(path, _open_data(public_sections=["item-999999"])).status_code == 400
    assert not Consultation.objects.exists()


def test_an_item_renamed_after_opening_keeps_the_label_the_public_read(client, people, plan):
    consultation = _open(client, people, plan["plan"])
    ActionPlanItem.objects.filter(pk=plan["first"].pk).update(title="Renamed later")
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "1.1 Shelters in every province" in page
    assert "Renamed later" not in page


def test_a_plan_already_open_is_not_opened_twice(client, people, plan):
    _open(client, people, plan["plan"])
    client.force_login(people["secretariat_admin"])
    response = client.post(
        f"/workspace/reports/plans/{plan['plan'].pk}/consultations/new/", _open_data()
    )
    assert response.status_code == 400
    assert "already open for public comment" in response.content.decode()
    assert Consultation.objects.filter(plan=plan["plan"]).count() == 1


def test_a_deadline_in_the_past_is_refused(client, people, plan):
    client.force_login(people["secretariat_admin"])
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        f"/workspace/reports/plans/{plan['plan'].pk}/consultations/new/",
        _open_data(deadline=past),
    )
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_comment_on_an_item_is_moderated_then_answered_and_published(client, people, plan):
    consultation = _open(client, people, plan["plan"])
    section = f"item-{plan['first'].pk}"
    response = client.post(
        f"/consultations/{consultation.pk}/",
        {"section": section, "name": "Jo", "email": "jo@example.org", "body": "Add two more."},
    )
    assert response.status_code == 302
    comment = PublicComment.objects.get(body="Add two more.")
    assert comment.section == section
    assert "Add two more." not in client.get(f"/consultations/{consultation.pk}/").content.decode()
    client.force_login(people["secretariat_staff"])
    queue = client.get("/workspace/publishing/").content.decode()
    assert "1.1 Shelters in every province" in queue  # the section's label in the queue
    base = f"/workspace/reports/public-comments/{comment.pk}"
    client.post(f"{base}/moderate/", {"action": "publish"})
    client.post(f"{base}/reply/", {"reply": "Two more are planned."})
    detail = client.get(f"/workspace/reports/consultations/{consultation.pk}/").content.decode()
    assert "Add two more." in detail
    assert "jo@example.org" in detail
    client.post(f"/workspace/reports/consultations/{consultation.pk}/close/")
    client.post(f"/workspace/reports/consultations/{consultation.pk}/publish-replies/")
    client.logout()
    page = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert "Add two more." in page
    assert "Two more are planned." in page
    assert "jo@example.org" not in page
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED


def test_an_unknown_section_is_refused(client, people, plan):
    consultation = _open(client, people, plan["plan"])
    response = client.post(
        f"/consultations/{consultation.pk}/",
        {"section": "item-999999", "name": "Jo", "email": "jo@example.org", "body": "Lost?"},
    )
    assert response.status_code == 400
    assert not PublicComment.objects.exists()


def test_organisations_only_plan_needs_a_verified_organisation(client, people, plan):
    consultation = _open(client, people, plan["plan"], organisations_only="on")
    data = {"section": "general", "name": "X", "email": "x@example.org", "body": "Org view."}
    refused = client.post(f"/consultations/{consultation.pk}/", data)
    assert refused.status_code == 400
    assert not PublicComment.objects.exists()
    client.force_login(people["cso"])
    assert client.post(f"/consultations/{consultation.pk}/", data).status_code == 302
    assert PublicComment.objects.get().stakeholder == stakeholder_of(people["cso"])


@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_opens_a_plan_for_comment(client, people, plan, role):
    client.force_login(people[role])
    path = f"/workspace/reports/plans/{plan['plan'].pk}/consultations/new/"
    response = client.post(path, _open_data())
    if role in SECRETARIAT:
        assert response.status_code == 302
        assert client.get(path).status_code == 200
    else:
        # The government side sees the (unpublished) plan: 403; organisations do not: 404.
        assert response.status_code == (404 if role in ("nhri", "cso") else 403)
        assert not Consultation.objects.exists()


def test_opening_a_plan_anonymous_and_wrong_method(client, people, plan):
    path = f"/workspace/reports/plans/{plan['plan'].pk}/consultations/new/"
    response = client.post(path, _open_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(people["secretariat_admin"])
    assert client.put(path).status_code == 405
    assert not Consultation.objects.exists()


def test_the_plan_page_offers_the_secretariat_to_open_it(client, people, plan):
    client.force_login(people["secretariat_admin"])
    page = client.get(f"/workspace/plans/{plan['plan'].pk}/").content.decode()
    assert "consultations/new/" in page
    client.force_login(people["focal_own"])
    page = client.get(f"/workspace/plans/{plan['plan'].pk}/").content.decode()
    assert "consultations/new/" not in page
