"""Assigning institutions on screen: on the recommendation page (lead or supporting, with a
note) and in bulk from the filtered registry list. Every path goes through the assignment
service; each view is tried as the secretariat, anonymous, another institution's focal
point, a read-only viewer, and with the wrong method."""

import pytest
from django.urls import reverse

from recommendations.models import Assignment, Recommendation, Theme
from tests.factories import InstitutionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

LEAD, SUPPORTING = Assignment.Role.LEAD, Assignment.Role.SUPPORTING
BULK = reverse("recommendations:bulk")
LIST = reverse("recommendations:list")


@pytest.fixture
def rec(own_institution):
    rec = RecommendationFactory(text="Ratify the Optional Protocol", is_published=False)
    Assignment.objects.create(recommendation=rec, institution=own_institution, role=LEAD)
    return rec


def assign_url(rec):
    return reverse("recommendations:assign", args=[rec.pk])


def unassign_url(rec, institution):
    return reverse("recommendations:unassign", args=[rec.pk, institution.pk])


def _roles(rec):
    return dict(rec.assignments.values_list("institution__name", "role"))


# --- the recommendation page -----------------------------------------------------------


def test_secretariat_sees_the_assign_form_with_active_institutions_only(client, people, rec):
    InstitutionFactory(name="Closed Office", is_active=False)
    client.force_login(people["secretariat_staff"])
    page = client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert 'id="assign-form"' in page
    assert "Ministry of Justice" in page
    assert "Closed Office" not in page
    assert 'id="assign_id_institution"' not in page  # the form's ids are its own
    assert 'id="assign_institution"' in page


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer"])
def test_others_see_no_assign_form_and_no_remove_button(client, people, rec, role):
    client.force_login(people[role])
    page = client.get(reverse("recommendations:detail", args=[rec.pk])).content.decode()
    assert 'id="assign-form"' not in page
    assert "Remove" not in page


def test_secretariat_assigns_a_supporting_institution_with_a_note(
    client, people, rec, other_institution
):
    client.force_login(people["secretariat_staff"])
    response = client.post(
        assign_url(rec),
        {"institution": other_institution.pk, "role": SUPPORTING, "note": "Draft the bill"},
    )
    assert response.status_code == 302
    assert response.url.endswith(f"/{rec.pk}/#institutions")
    assert _roles(rec) == {"Ministry of Health": LEAD, "Ministry of Justice": SUPPORTING}
    assignment = rec.assignments.get(institution=other_institution)
    assert assignment.note == "Draft the bill"
    record = assignment.history.first()
    assert (record.history_user, record.history_change_reason) == (
        people["secretariat_staff"],
        "assigned",
    )


def test_a_new_lead_on_screen_demotes_the_old_one(client, people, rec, other_institution):
    client.force_login(people["secretariat_admin"])
    client.post(assign_url(rec), {"institution": other_institution.pk, "role": LEAD})
    assert _roles(rec) == {"Ministry of Health": SUPPORTING, "Ministry of Justice": LEAD}


def test_a_form_error_keeps_what_was_typed(client, people, rec):
    client.force_login(people["secretariat_staff"])
    response = client.post(assign_url(rec), {"institution": "", "role": LEAD, "note": "Keep me"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Keep me" in page
    assert "This field is required." in page
    assert rec.assignments.count() == 1


def test_an_inactive_institution_is_refused(client, people, rec):
    closed = InstitutionFactory(name="Closed Office", is_active=False)
    client.force_login(people["secretariat_staff"])
    response = client.post(assign_url(rec), {"institution": closed.pk, "role": LEAD})
    assert response.status_code == 400
    assert not rec.assignments.filter(institution=closed).exists()


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer"])
def test_only_the_secretariat_assigns(client, people, rec, other_institution, role):
    client.force_login(people[role])
    response = client.post(assign_url(rec), {"institution": other_institution.pk, "role": LEAD})
    assert response.status_code == 403
    assert _roles(rec) == {"Ministry of Health": LEAD}


@pytest.mark.parametrize("role", ["nhri", "cso"])
def test_an_unpublished_recommendation_is_not_found_for_outsiders(
    client, people, rec, other_institution, role
):
    client.force_login(people[role])
    response = client.post(assign_url(rec), {"institution": other_institution.pk, "role": LEAD})
    assert response.status_code == 404


def test_anonymous_is_sent_to_log_in(client, rec, other_institution):
    response = client.post(assign_url(rec), {"institution": other_institution.pk, "role": LEAD})
    assert response.status_code == 302
    assert "/login" in response.url
    assert rec.assignments.count() == 1


def test_assign_and_remove_refuse_get(client, people, rec, own_institution):
    client.force_login(people["secretariat_staff"])
    assert client.get(assign_url(rec)).status_code == 405
    assert client.get(unassign_url(rec, own_institution)).status_code == 405


def test_secretariat_removes_an_institution(client, people, rec, own_institution):
    client.force_login(people["secretariat_staff"])
    response = client.post(unassign_url(rec, own_institution))
    assert response.status_code == 302
    assert _roles(rec) == {}
    removed = Assignment.history.filter(history_type="-").get()
    assert (removed.history_user, removed.history_change_reason) == (
        people["secretariat_staff"],
        "unassigned",
    )


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer"])
def test_only_the_secretariat_removes(client, people, rec, own_institution, role):
    client.force_login(people[role])
    assert client.post(unassign_url(rec, own_institution)).status_code == 403
    assert _roles(rec) == {"Ministry of Health": LEAD}


def test_anonymous_cannot_remove(client, rec, own_institution):
    assert client.post(unassign_url(rec, own_institution)).status_code == 302
    assert _roles(rec) == {"Ministry of Health": LEAD}


# --- bulk, on the filtered list ---------------------------------------------------------


@pytest.fixture
def torture_and_other():
    theme = Theme.objects.create(code="D25", name="Prohibition of torture")
    torture = [RecommendationFactory(text=f"Prevent torture, item {n}") for n in range(3)]
    for rec in torture:
        rec.themes.add(theme)
    return torture, RecommendationFactory(text="Unrelated item on housing")


def test_bulk_assign_every_recommendation_the_filters_match(
    client, people, torture_and_other, other_institution
):
    torture, unrelated = torture_and_other
    client.force_login(people["secretariat_staff"])
    response = client.post(
        BULK,
        {
            "action": "assign",
            "scope": "filtered",
            "filters": "theme=D25",
            "institution": other_institution.pk,
            "role": LEAD,
            "next": LIST + "?theme=D25",
        },
    )
    assert response.status_code == 302
    led = set(
        other_institution.assignments.filter(role=LEAD).values_list("recommendation_id", flat=True)
    )
    assert led == {rec.pk for rec in torture}
    assert not unrelated.assignments.exists()
    history = Assignment.history.filter(institution=other_institution)
    assert {(h.history_user_id, h.history_change_reason) for h in history} == {
        (people["secretariat_staff"].pk, "assigned")
    }


def test_bulk_assign_the_ticked_ones(client, people, torture_and_other, own_institution):
    torture, _unrelated = torture_and_other
    client.force_login(people["secretariat_staff"])
    client.post(
        BULK,
        {
            "action": "assign",
            "ids": [torture[0].pk],
            "institution": own_institution.pk,
            "role": SUPPORTING,
        },
    )
    assert list(own_institution.assignments.values_list("recommendation_id", "role")) == [
        (torture[0].pk, SUPPORTING)
    ]


def test_bulk_assign_needs_an_institution_and_writes_nothing_without_one(
    client, people, torture_and_other
):
    client.force_login(people["secretariat_staff"])
    response = client.post(
        BULK, {"action": "assign", "scope": "filtered", "filters": "", "role": LEAD}, follow=True
    )
    assert "Choose an institution." in response.content.decode()
    assert not Assignment.objects.exists()


def test_bulk_publish_and_withdraw_the_filtered_set(client, people, torture_and_other):
    torture, unrelated = torture_and_other
    Recommendation.objects.update(is_published=False)
    client.force_login(people["secretariat_admin"])
    client.post(BULK, {"action": "publish", "scope": "filtered", "filters": "theme=D25"})
    published = set(Recommendation.objects.filter(is_published=True).values_list("pk", flat=True))
    assert published == {rec.pk for rec in torture}
    record = torture[0].history.first()
    assert (record.history_user, record.history_change_reason) == (
        people["secretariat_admin"],
        "published",
    )
    client.post(BULK, {"action": "unpublish", "ids": [torture[1].pk]})
    assert set(Recommendation.objects.filter(is_published=True).values_list("pk", flat=True)) == {
        torture[0].pk,
        torture[2].pk,
    }
    unrelated.refresh_from_db()
    assert not unrelated.is_published


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
@pytest.mark.parametrize("action", ["assign", "publish", "add_to_cluster"])
def test_bulk_actions_are_the_secretariats(
    client, people, torture_and_other, own_institution, role, action
):
    client.force_login(people[role])
    response = client.post(
        BULK,
        {
            "action": action,
            "scope": "filtered",
            "filters": "",
            "institution": own_institution.pk,
            "role": LEAD,
        },
    )
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_bulk_anonymous_and_get(client, people):
    assert client.post(BULK, {"action": "publish", "scope": "filtered"}).status_code == 302
    client.force_login(people["secretariat_staff"])
    assert client.get(BULK).status_code == 405


def test_the_list_offers_bulk_actions_by_permission(client, people, torture_and_other):
    client.force_login(people["secretariat_staff"])
    page = client.get(LIST + "?theme=D25").content.decode()
    assert 'value="assign"' in page
    assert 'value="publish"' in page
    assert 'name="filters" value="theme=D25"' in page
    assert "All 3 recommendations that match the filters" in page
    client.force_login(people["focal_own"])
    page = client.get(LIST).content.decode()
    assert 'id="bulk-actions"' not in page
