"""A change of the State's response after the review: one service for the HTML screen and
the API, each change a record of the response history (listed on the recommendation's page,
the public one too once published), the current response following the latest change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mechanisms.models import Profile
from nrtd.concurrency import RecordChanged
from recommendations.models import Assignment, Recommendation, ResponseEntry
from recommendations.registry.responses import recommendation_change_response
from tests.factories import AssignmentFactory, RecommendationFactory, make_user

pytestmark = pytest.mark.django_db

REVIEW_DAY = datetime.date(2024, 5, 10)
MIDTERM_DAY = datetime.date(2026, 3, 2)


def _change(actor, recommendation, version: int, **fields):
    """A change of response through the service: at mid-term, to supported, unless said."""
    values = {"stage": "midterm", "date": MIDTERM_DAY, "value": "supported", **fields}
    return recommendation_change_response(
        actor=actor, recommendation=recommendation, expected_version=version, **values
    )


@pytest.fixture
def noted(own_institution):
    rec = RecommendationFactory(text="Ratify OP-CAT", response="noted")
    ResponseEntry.objects.create(
        recommendation=rec, stage="adoption", date=REVIEW_DAY, value="noted", source="UPR Info"
    )
    AssignmentFactory(recommendation=rec, institution=own_institution, role=Assignment.Role.LEAD)
    return rec


@pytest.fixture
def secretariat():
    return make_user(Profile.Role.SECRETARIAT_STAFF)


def url(rec):
    return reverse("recommendations:response_change", args=[rec.pk])


def api(rec):
    return f"/api/v1/recommendations/{rec.pk}/response-changes/"


FORM = {
    "version": 1,
    "stage": "midterm",
    "date": MIDTERM_DAY.isoformat(),
    "value": "supported",
    "label": "Accepted",
    "justification": "The law on the national preventive mechanism passed in 2025.",
}


def test_the_secretariat_records_a_change_and_the_response_follows(client, noted, secretariat):
    client.force_login(secretariat)
    page = client.get(url(noted))
    assert page.status_code == 200
    assert 'name="justification"' in page.content.decode()
    response = client.post(url(noted), FORM)
    assert response.status_code == 302
    noted.refresh_from_db()
    assert (noted.response, noted.response_label, noted.version) == ("supported", "Accepted", 2)
    entries = list(noted.responses.order_by("date"))
    assert [(e.stage, e.value) for e in entries] == [
        ("adoption", "noted"),
        ("midterm", "supported"),
    ]
    assert entries[1].recorded_by == secretariat
    assert entries[1].justification.startswith("The law on the national preventive")
    detail = client.get(reverse("recommendations:detail", args=[noted.pk])).content.decode()
    assert "The law on the national preventive mechanism passed in 2025." in detail
    assert "Record a change of response" in detail


def test_the_public_page_lists_the_change_with_its_justification(client, noted, secretariat):
    _change(
        secretariat,
        noted,
        1,
        stage="oral_statement",
        justification="Announced at the Human Rights Council.",
    )
    page = client.get(reverse("portal:recommendation", args=[noted.pk])).content.decode()
    assert "In an oral statement" in page
    assert "Announced at the Human Rights Council." in page
    assert "Record a change of response" not in page
    assert secretariat.username not in page


def test_an_earlier_dated_change_does_not_override_the_latest(noted, secretariat):
    _change(secretariat, noted, 1, justification="Accepted at mid-term.")
    _change(
        secretariat,
        noted,
        2,
        stage="other",
        date=MIDTERM_DAY - datetime.timedelta(days=300),
        value="partially_supported",
        justification="A letter found later, older than the mid-term report.",
    )
    noted.refresh_from_db()
    assert noted.response == "supported"
    assert noted.responses.count() == 3


def test_bad_input_is_refused_and_the_form_keeps_it(client, noted, secretariat):
    client.force_login(secretariat)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(url(noted), {**FORM, "date": future, "justification": "  "})
    assert response.status_code == 400
    form = response.context["form"]
    assert "justification" in form.errors
    assert form["label"].value() == "Accepted"
    response = client.post(url(noted), {**FORM, "date": future})
    assert response.status_code == 400
    assert "date" in response.context["form"].errors
    noted.refresh_from_db()
    assert (noted.response, noted.version, noted.responses.count()) == ("noted", 1, 1)


def test_the_service_refuses_a_stage_of_the_review_itself(noted, secretariat):
    with pytest.raises(ValidationError) as info:
        _change(secretariat, noted, 1, stage="adoption", justification="x")
    assert "stage" in info.value.message_dict


def test_a_concurrent_change_is_a_conflict_and_keeps_the_input(client, noted, secretariat):
    _change(
        make_user(Profile.Role.SECRETARIAT_ADMIN),
        noted,
        1,
        value="partially_supported",
        justification="Someone else's change.",
    )
    client.force_login(secretariat)
    response = client.post(url(noted), FORM)
    assert response.status_code == 409
    assert response.context["form"]["justification"].value() == FORM["justification"]
    assert response.context["form"]["version"].value() == 2
    assert Recommendation.objects.get(pk=noted.pk).response == "partially_supported"
    with pytest.raises(RecordChanged):
        _change(secretariat, noted, 1, justification="stale")


def test_anonymous_is_sent_to_log_in(client, noted):
    response = client.get(url(noted))
    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert client.post(url(noted), FORM).status_code == 302
    assert client.post(api(noted), {**FORM}, content_type="application/json").status_code == 401


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer"])
def test_the_government_side_outside_the_secretariat_is_refused(client, people, noted, role):
    client.force_login(people[role])
    assert client.get(url(noted)).status_code == 403
    assert client.post(url(noted), FORM).status_code == 403
    assert client.post(api(noted), FORM, content_type="application/json").status_code == 403
    with pytest.raises(PermissionDenied):
        _change(people[role], noted, 1, justification="x")
    assert Recommendation.objects.get(pk=noted.pk).response == "noted"


@pytest.mark.parametrize("role", ["nhri", "cso"])
def test_stakeholders_get_404_on_unpublished_and_403_on_published(client, people, noted, role):
    client.force_login(people[role])
    assert client.get(url(noted)).status_code == 403  # published: they see it
    Recommendation.objects.filter(pk=noted.pk).update(is_published=False)
    assert client.get(url(noted)).status_code == 404
    assert client.post(api(noted), FORM, content_type="application/json").status_code == 404


def test_the_screen_refuses_other_methods(client, noted, secretariat):
    client.force_login(secretariat)
    assert client.put(url(noted)).status_code == 405
    assert client.delete(api(noted)).status_code == 405


def test_the_api_records_a_change_through_the_same_service(client, noted, secretariat):
    client.force_login(secretariat)
    response = client.post(api(noted), FORM, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["justification"] == FORM["justification"]
    noted.refresh_from_db()
    assert noted.response == "supported"
    # A stale version answers 409 and writes nothing.
    response = client.post(api(noted), FORM, content_type="application/json")
    assert response.status_code == 409
    bad = client.post(api(noted), {**FORM, "version": 2, "value": "maybe"}, "application/json")
    assert bad.status_code == 400
    assert noted.responses.count() == 2
    client.logout()
    history = client.get(api(noted)).json()
    assert [e["stage"] for e in history] == ["adoption", "midterm"]
