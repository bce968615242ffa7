import json

import pytest
from django.urls import reverse

from mechanisms.models import Profile
from recommendations.models import (
    ClassifierModel,
    ClusterSet,
    RecommendationLink,
    SuggestionFeedback,
)
from tests.factories import (
    InstitutionFactory,
    RecommendationFactory,
    ReviewFactory,
    StateFactory,
    make_user,
)
from tests.recommendations.assistant_fixtures import *  # noqa: F403
from tests.recommendations.assistant_fixtures import TEXTS

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def users():
    own, other = (
        InstitutionFactory(name="Ministry of Health"),
        InstitutionFactory(name="Ministry of Justice"),
    )
    R = Profile.Role  # noqa: N806
    return {
        "secretariat": make_user(R.SECRETARIAT_STAFF, username="staff"),
        "focal_other": make_user(R.FOCAL_POINT, institution=other, username="focal-other"),
        "viewer": make_user(R.VIEWER, institution=own, username="viewer"),
        "nhri": make_user(R.NHRI, username="nhri"),
    }


@pytest.fixture
def rec(small_reference):
    return RecommendationFactory(text=TEXTS["women"])


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


def decide(rec, decision="accept"):
    return reverse("assistant:decide", args=[rec.pk, decision])


def test_secretariat_gets_the_fragment_with_accept_and_reject_buttons(client, users, rec):
    response = client_for(client, users["secretariat"]).get(
        reverse("assistant:suggestions", args=[rec.pk]), **HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert f'id="assistant-suggestions-{rec.pk}"' in body
    assert decide(rec, "accept") in body
    assert decide(rec, "reject") in body
    assert 'data-code="5.2"' in body


@pytest.mark.parametrize("who", ["viewer", "focal_other"])
def test_government_roles_see_suggestions_and_similar_but_no_buttons(client, users, rec, who):
    client_for(client, users[who])
    page = client.get(reverse("assistant:suggestions", args=[rec.pk]))
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    assert decide(rec) not in page.content.decode()
    assert client.get(reverse("assistant:similar", args=[rec.pk])).status_code == 200


@pytest.mark.parametrize("who", ["viewer", "focal_other"])
def test_read_only_roles_cannot_accept_reject_train_or_cluster(client, users, rec, who):
    client_for(client, users[who])
    data = {"label_kind": "themes", "code": "F13"}
    assert client.post(decide(rec, "accept"), data).status_code == 403
    assert client.post(decide(rec, "reject"), data).status_code == 403
    assert client.post(reverse("assistant:similar_store", args=[rec.pk])).status_code == 403
    assert client.get(reverse("assistant:training")).status_code == 403
    assert client.post(reverse("assistant:training")).status_code == 403
    assert (
        client.get(reverse("assistant:cluster_proposal", args=[rec.review_id])).status_code == 403
    )
    assert not SuggestionFeedback.objects.exists()
    assert not ClassifierModel.objects.exists()


def test_stakeholders_do_not_see_the_assistant_and_unpublished_is_hidden(client, users, rec):
    client_for(client, users["nhri"])
    assert client.get(reverse("assistant:suggestions", args=[rec.pk])).status_code == 403
    assert client.get(reverse("assistant:similar", args=[rec.pk])).status_code == 403
    hidden = RecommendationFactory(is_published=False)
    assert client.get(reverse("assistant:suggestions", args=[hidden.pk])).status_code == 404


def test_anonymous_is_sent_to_the_login_page(client, rec):
    for url in [
        reverse("assistant:suggestions", args=[rec.pk]),
        reverse("assistant:similar", args=[rec.pk]),
        reverse("assistant:training"),
        reverse("assistant:cluster_proposal", args=[rec.review_id]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    response = client.post(decide(rec), {"label_kind": "themes", "code": "F13"})
    assert response.status_code == 302
    assert not SuggestionFeedback.objects.exists()


def test_wrong_http_methods(client, users, rec):
    client_for(client, users["secretariat"])
    assert client.get(decide(rec)).status_code == 405
    assert client.post(reverse("assistant:suggestions", args=[rec.pk])).status_code == 405
    assert client.post(reverse("assistant:similar", args=[rec.pk])).status_code == 405
    assert client.get(reverse("assistant:similar_store", args=[rec.pk])).status_code == 405
    assert client.put(reverse("assistant:training")).status_code == 405
    assert (
        client.delete(reverse("assistant:cluster_proposal", args=[rec.review_id])).status_code
        == 405
    )
    assert client.post(decide(rec, "maybe"), {}).status_code == 404


def test_accept_without_javascript_applies_the_label_and_redirects(client, users, rec):
    client_for(client, users["secretariat"])
    back = reverse("recommendations:detail", args=[rec.pk])
    response = client.post(
        decide(rec), {"label_kind": "themes", "code": "F13", "score": "0.7", "next": back}
    )
    assert response.status_code == 302
    assert response["Location"] == back
    assert list(rec.themes.values_list("code", flat=True)) == ["F13"]
    assert rec.history.first().history_user == users["secretariat"]
    feedback = SuggestionFeedback.objects.get()
    assert feedback.accepted
    assert feedback.user == users["secretariat"]
    assert feedback.score == 0.7
    # An outside "next" is ignored.
    response = client.post(
        decide(rec, "reject"),
        {"label_kind": "groups", "code": "women", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("assistant:suggestions", args=[rec.pk])


def test_accept_with_htmx_tells_the_classify_form_the_label_and_the_new_version(client, users, rec):
    client_for(client, users["secretariat"])
    response = client.post(decide(rec), {"label_kind": "themes", "code": "F13"}, **HTMX)
    assert response.status_code == 200
    rec.refresh_from_db()
    f13 = rec.themes.get()
    trigger = json.loads(response["HX-Trigger"])["nrtd:label-accepted"]
    assert trigger == {"field": "themes", "value": f13.pk, "version": rec.version}
    # The panel now lists what the recommendation already has.
    body = response.content.decode()
    assigned = body.split('data-assigned="themes"', 1)[1].split("</p>", 1)[0]
    assert "F13" in assigned
    rejected = client.post(decide(rec, "reject"), {"label_kind": "groups", "code": "x"}, **HTMX)
    assert "HX-Trigger" not in rejected


def test_reject_with_htmx_returns_the_fragment_without_that_label(client, users, rec):
    client_for(client, users["secretariat"])
    response = client.post(
        decide(rec, "reject"), {"label_kind": "sdg_targets", "code": "5.2"}, **HTMX
    )
    assert response.status_code == 200
    assert 'data-code="5.2"' not in response.content.decode()
    assert SuggestionFeedback.objects.get().accepted is False
    bad = client.post(decide(rec), {"label_kind": "themes", "code": "nope"}, **HTMX)
    assert bad.status_code == 400


def test_similar_page_and_fragment_and_storing_links(client, users, small_reference):
    slovenia = StateFactory()
    c2 = ReviewFactory(state_under_review=slovenia, cycle=2, session=20)
    c3 = ReviewFactory(state_under_review=slovenia, cycle=3, session=34)
    RecommendationFactory(text=TEXTS["press"], review=c2, paragraph="115.5")
    new = RecommendationFactory(text=TEXTS["press"], review=c3)
    client_for(client, users["secretariat"])
    fragment = client.get(reverse("assistant:similar", args=[new.pk]), **HTMX).content.decode()
    assert "Likely repeat" in fragment
    assert "made before in cycle 2 as 115.5" in fragment
    response = client.post(reverse("assistant:similar_store", args=[new.pk]))
    assert response.status_code == 302
    assert RecommendationLink.objects.get().kind == "repeated"


def test_start_training_queues_a_job_that_trains(
    client, users, rec, small_reference, django_capture_on_commit_callbacks
):
    rec.themes.set([small_reference["themes"]["F13"]])
    client_for(client, users["secretariat"])
    assert client.get(reverse("assistant:training")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assistant:training"))
    assert response.status_code == 302
    run = ClassifierModel.objects.get()
    assert run.status == ClassifierModel.RunStatus.DONE
    assert run.created_by == users["secretariat"]
    assert run.training_size == 1
    assert "Done" in client.get(reverse("assistant:training")).content.decode()


def test_cluster_proposal_is_edited_and_saved_as_a_cluster_set(client, users, small_reference):
    review = ReviewFactory()
    women = RecommendationFactory(text=TEXTS["women"], review=review)
    press = RecommendationFactory(text=TEXTS["press"], review=review)
    client_for(client, users["secretariat"])
    url = reverse("assistant:cluster_proposal", args=[review.pk])
    page = client.get(url)
    assert page.status_code == 200
    options = {key: p.name for key, p in page.context["proposals"]}
    assert len(options) == 2
    response = client.post(
        url,
        {
            "set_name": "Cycle 3 clusters",
            "name-0": "Renamed",
            "name-1": options["1"],
            "name-2": "Brand new",
            f"rec-{women.pk}": "2",
            f"rec-{press.pk}": "0",
        },
    )
    assert response.status_code == 302
    cluster_set = ClusterSet.objects.get(name="Cycle 3 clusters")
    assert cluster_set.review == review
    assert sorted(cluster_set.clusters.values_list("name", flat=True)) == ["Brand new", "Renamed"]
    assert women.clusters.get().name == "Brand new"
    # The same name again is refused with the form shown again.
    again = client.post(
        url, {"set_name": "Cycle 3 clusters", f"rec-{women.pk}": "0", "name-0": "X"}
    )
    assert again.status_code == 400
