"""Workspace screens of the registry: for every view, the allowed role, an anonymous user,
another institution's focal point, a read-only viewer, and the wrong HTTP method."""

import pytest
from django.urls import reverse

from mechanisms.models import Profile
from recommendations.models import Assignment, ClusterSet, Recommendation, Theme
from recommendations.registry.services import recommendation_classify
from tests.factories import (
    ClusterFactory,
    ClusterSetFactory,
    InstitutionFactory,
    RecommendationFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


LIST = reverse("recommendations:list")
BULK = reverse("recommendations:bulk")
CLUSTER_SETS = reverse("recommendations:cluster_sets")


def detail(rec):
    return reverse("recommendations:detail", args=[rec.pk])


def classify(rec):
    return reverse("recommendations:classify", args=[rec.pk])


@pytest.fixture
def health():
    return InstitutionFactory(name="Ministry of Health", acronym="MOH")


@pytest.fixture
def rec(health):
    theme = Theme.objects.create(code="F13", name="Violence against women")
    rec = RecommendationFactory(text="Combat violence against women", paragraph="115.1")
    rec.themes.set([theme])
    Assignment.objects.create(recommendation=rec, institution=health, role="lead")
    return rec


@pytest.fixture
def hidden():
    return RecommendationFactory(text="Unpublished internal item", is_published=False)


@pytest.fixture
def login(client):
    def as_role(role, **kwargs):
        user = make_user(role, **kwargs)
        client.force_login(user)
        return user

    return as_role


def other_focal_point(login):
    return login(
        Profile.Role.FOCAL_POINT, institution=InstitutionFactory(name="Ministry of Defence")
    )


# --- list -------------------------------------------------------------------------------


def test_list_shows_recommendations_and_facet_counts_to_the_secretariat(client, login, rec, hidden):
    login(Profile.Role.SECRETARIAT_ADMIN)
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Combat violence against women" in body
    assert "Unpublished internal item" in body
    assert 'name="theme" value="F13"' in body
    assert 'id="bulk-form"' in body


def test_list_redirects_anonymous_users_to_login(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_focal_point_of_another_institution_reads_the_list_without_bulk_actions(client, login, rec):
    other_focal_point(login)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "Combat violence against women" in response.content.decode()
    assert 'id="bulk-form"' not in response.content.decode()


def test_viewer_reads_the_list(client, login, rec):
    login(Profile.Role.VIEWER)
    assert client.get(LIST).status_code == 200


def test_stakeholders_see_only_published_recommendations(client, login, rec, hidden):
    login(Profile.Role.CSO)
    body = client.get(LIST).content.decode()
    assert "Combat violence against women" in body
    assert "Unpublished internal item" not in body


def test_list_refuses_post(client, login):
    login(Profile.Role.SECRETARIAT_ADMIN)
    assert client.post(LIST).status_code == 405


def test_list_filters_by_theme_and_search_and_keeps_them_in_the_page(client, login, rec):
    RecommendationFactory(text="Abolish the death penalty")
    login(Profile.Role.SECRETARIAT_ADMIN)
    response = client.get(LIST, {"theme": "F13", "search": "women"})
    body = response.content.decode()
    assert "Combat violence against women" in body
    assert "Abolish the death penalty" not in body
    assert 'value="F13" id="f-theme-f13" checked' in body
    assert 'value="women"' in body
    assert "1 recommendation" in body


def test_list_paginates_and_the_links_keep_the_filters(client, login):
    RecommendationFactory.create_batch(30, response="noted")
    login(Profile.Role.SECRETARIAT_ADMIN)
    response = client.get(LIST, {"response": "noted"})
    assert len(response.context["page"].object_list) == 25
    assert "response=noted&amp;page=2" in response.content.decode()
    second = client.get(LIST, {"response": "noted", "page": 2})
    assert len(second.context["page"].object_list) == 5


def test_list_sorts(client, login):
    old = RecommendationFactory(text="Old one", date="2010-01-01")
    new = RecommendationFactory(text="New one", date="2024-01-01")
    login(Profile.Role.SECRETARIAT_ADMIN)
    rows = client.get(LIST, {"sort": "newest"}).context["page"].object_list
    assert [r.pk for r in rows] == [new.pk, old.pk]


def test_htmx_request_gets_only_the_registry_fragment(client, login, rec):
    login(Profile.Role.SECRETARIAT_ADMIN)
    response = client.get(LIST, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="registry")
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="filter-form"' in body


def test_unknown_filter_value_is_shown_not_an_error(client, login, rec):
    login(Profile.Role.SECRETARIAT_ADMIN)
    response = client.get(LIST, {"theme": "NOPE"})
    assert response.status_code == 200
    assert "were not understood" in response.content.decode()


# --- detail -----------------------------------------------------------------------------


def test_detail_shows_the_recommendation_and_its_history_to_the_secretariat(client, login, rec):
    login(Profile.Role.SECRETARIAT_ADMIN)
    body = client.get(detail(rec)).content.decode()
    assert "Combat violence against women" in body
    assert "F13 <bdi>Violence against women</bdi>" in body
    assert "Ministry of Health" in body
    assert "Edit classification" in body
    assert "History" in body


def test_detail_redirects_anonymous_users(client, rec):
    assert client.get(detail(rec)).status_code == 302


def test_detail_for_another_institutions_focal_point_is_read_only(client, login, rec):
    other_focal_point(login)
    response = client.get(detail(rec))
    assert response.status_code == 200
    assert "Edit classification" not in response.content.decode()


def test_detail_for_viewer(client, login, rec):
    login(Profile.Role.VIEWER)
    assert client.get(detail(rec)).status_code == 200


def test_unpublished_detail_is_404_for_stakeholders(client, login, hidden):
    login(Profile.Role.NHRI)
    assert client.get(detail(hidden)).status_code == 404


def test_detail_refuses_post(client, login, rec):
    login(Profile.Role.SECRETARIAT_ADMIN)
    assert client.post(detail(rec)).status_code == 405


# --- classification ---------------------------------------------------------------------


def test_secretariat_opens_the_classification_form_with_current_values(client, login, rec):
    login(Profile.Role.SECRETARIAT_STAFF)
    response = client.get(classify(rec))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["version"] == 1
    assert [t.code for t in form.initial["themes"]] == ["F13"]


def test_secretariat_saves_a_classification(client, login, rec):
    login(Profile.Role.SECRETARIAT_STAFF)
    cluster = ClusterFactory(name="Women")
    theme = Theme.objects.create(code="D28", name="Gender-based violence")
    response = client.post(
        classify(rec),
        {
            "version": 1,
            "themes": [theme.pk],
            "clusters": [cluster.pk],
            "priority": "high",
            "needs_parliament": "on",
        },
    )
    assert response.status_code == 302
    assert response.url == detail(rec)
    rec.refresh_from_db()
    assert [t.code for t in rec.themes.all()] == ["D28"]
    assert list(rec.clusters.all()) == [cluster]
    assert (rec.priority, rec.needs_parliament, rec.budget_implications) == ("high", True, False)
    assert rec.version == 2


def test_conflicting_save_keeps_the_users_input_and_says_what_changed(client, login, rec):
    login(Profile.Role.SECRETARIAT_STAFF)
    someone = make_user(Profile.Role.SECRETARIAT_ADMIN, username="amina")
    recommendation_classify(actor=someone, recommendation=rec, expected_version=1, priority="low")
    theme = Theme.objects.create(code="D28", name="Gender-based violence")
    response = client.post(classify(rec), {"version": 1, "themes": [theme.pk], "priority": "high"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this recommendation" in body
    assert "priority" in body
    # The user's choices are still selected; the form now carries the current version.
    assert f'<option value="{theme.pk}" selected>' in body
    assert '<option value="high" selected>' in body
    assert response.context["form"].data["version"] == 2
    rec.refresh_from_db()
    assert rec.priority == "low"
    assert [t.code for t in rec.themes.all()] == ["F13"]
    # Saving again applies the user's choices on top of the newer version.
    response = client.post(classify(rec), {"version": 2, "themes": [theme.pk], "priority": "high"})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.priority == "high"


def test_invalid_classification_keeps_what_the_user_typed(client, login, rec):
    login(Profile.Role.SECRETARIAT_STAFF)
    response = client.post(classify(rec), {"version": 1, "priority": "urgent", "themes": ["999"]})
    assert response.status_code == 400  # refused, as on every edit page
    assert response.context["form"].errors
    assert Recommendation.objects.get(pk=rec.pk).version == 1


def test_classification_redirects_anonymous_users(client, rec):
    assert client.get(classify(rec)).status_code == 302
    assert client.post(classify(rec), {"version": 1}).status_code == 302


def test_classification_is_403_for_another_institutions_focal_point(client, login, rec):
    other_focal_point(login)
    assert client.get(classify(rec)).status_code == 403
    assert client.post(classify(rec), {"version": 1, "priority": "high"}).status_code == 403
    assert Recommendation.objects.get(pk=rec.pk).priority == ""


def test_classification_is_403_for_the_lead_institutions_focal_point_too(
    client, login, rec, health
):
    login(Profile.Role.FOCAL_POINT, institution=health)
    assert client.get(classify(rec)).status_code == 403


def test_classification_is_403_for_a_viewer(client, login, rec):
    login(Profile.Role.VIEWER)
    assert client.post(classify(rec), {"version": 1, "priority": "high"}).status_code == 403


def test_classification_of_an_unpublished_item_is_404_for_stakeholders(client, login, hidden):
    login(Profile.Role.CSO)
    assert client.get(classify(hidden)).status_code == 404


def test_classification_refuses_put(client, login, rec):
    login(Profile.Role.SECRETARIAT_STAFF)
    assert client.put(classify(rec)).status_code == 405


# --- bulk actions -----------------------------------------------------------------------


def test_secretariat_adds_a_selection_to_a_cluster(client, login, rec, hidden):
    login(Profile.Role.SECRETARIAT_ADMIN)
    cluster = ClusterFactory(name="Justice")
    other = RecommendationFactory()
    response = client.post(
        BULK,
        {
            "action": "add_to_cluster",
            "ids": [rec.pk, other.pk],
            "cluster": cluster.pk,
            "priority": "",
            "next": LIST + "?theme=F13",
        },
    )
    assert response.status_code == 302
    assert response.url == LIST + "?theme=F13"
    assert set(cluster.recommendations.values_list("pk", flat=True)) == {rec.pk, other.pk}


def test_secretariat_sets_priority_on_a_selection(client, login, rec):
    login(Profile.Role.SECRETARIAT_ADMIN)
    client.post(BULK, {"action": "set_priority", "ids": [rec.pk], "priority": "high"})
    rec.refresh_from_db()
    assert rec.priority == "high"


def test_bulk_ignores_what_the_user_may_not_see(client, login, hidden):
    # Bulk actions are for the secretariat, who sees everything; the selection is still
    # limited by the selector, so an unknown id changes nothing.
    login(Profile.Role.SECRETARIAT_ADMIN)
    client.post(BULK, {"action": "set_priority", "ids": [hidden.pk + 1000], "priority": "high"})
    assert not Recommendation.objects.filter(priority="high").exists()


def test_bulk_without_cluster_says_so(client, login, rec):
    login(Profile.Role.SECRETARIAT_ADMIN)
    response = client.post(BULK, {"action": "add_to_cluster", "ids": [rec.pk]}, follow=True)
    assert "Choose a cluster." in response.content.decode()


def test_bulk_redirects_anonymous_users(client, rec):
    response = client.post(BULK, {"action": "set_priority", "ids": [rec.pk], "priority": "high"})
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=rec.pk).priority == ""


@pytest.mark.parametrize("role", [Profile.Role.VIEWER, Profile.Role.CSO])
def test_bulk_is_403_for_read_only_roles(client, login, rec, role):
    login(role)
    response = client.post(BULK, {"action": "set_priority", "ids": [rec.pk], "priority": "high"})
    assert response.status_code == 403


def test_bulk_is_403_for_another_institutions_focal_point(client, login, rec):
    other_focal_point(login)
    response = client.post(BULK, {"action": "set_priority", "ids": [rec.pk], "priority": "high"})
    assert response.status_code == 403


def test_bulk_refuses_get(client, login):
    login(Profile.Role.SECRETARIAT_ADMIN)
    assert client.get(BULK).status_code == 405


def test_bulk_ignores_an_offsite_next(client, login, rec):
    login(Profile.Role.SECRETARIAT_ADMIN)
    response = client.post(
        BULK,
        {
            "action": "set_priority",
            "ids": [rec.pk],
            "priority": "low",
            "next": "https://evil.example/",
        },
    )
    assert response.url == LIST


# --- cluster sets -----------------------------------------------------------------------


def test_secretariat_creates_a_cluster_set_and_a_cluster(client, login):
    login(Profile.Role.SECRETARIAT_STAFF)
    response = client.post(CLUSTER_SETS, {"name": "Mid-term 2027", "description": ""})
    cluster_set = ClusterSet.objects.get(name="Mid-term 2027")
    assert response.status_code == 302
    url = reverse("recommendations:cluster_set", args=[cluster_set.pk])
    assert response.url == url
    response = client.post(url, {"name": "Justice"})
    assert response.status_code == 302
    assert [c.name for c in cluster_set.clusters.all()] == ["Justice"]
    assert "Justice" in client.get(url).content.decode()


def test_duplicate_cluster_set_keeps_what_the_user_typed(client, login):
    ClusterSetFactory(name="Mid-term 2027")
    login(Profile.Role.SECRETARIAT_STAFF)
    response = client.post(CLUSTER_SETS, {"name": "Mid-term 2027", "description": "my notes"})
    assert response.status_code == 200
    assert "my notes" in response.content.decode()
    assert ClusterSet.objects.count() == 1


def test_cluster_sets_redirect_anonymous_users(client):
    assert client.get(CLUSTER_SETS).status_code == 302


def test_viewer_reads_cluster_sets_but_cannot_create(client, login):
    cluster_set = ClusterSetFactory(name="Existing")
    login(Profile.Role.VIEWER)
    assert client.get(CLUSTER_SETS).status_code == 200
    assert client.post(CLUSTER_SETS, {"name": "New"}).status_code == 403
    url = reverse("recommendations:cluster_set", args=[cluster_set.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "New"}).status_code == 403


def test_another_institutions_focal_point_cannot_create_cluster_sets(client, login):
    other_focal_point(login)
    assert client.post(CLUSTER_SETS, {"name": "New"}).status_code == 403
    assert not ClusterSet.objects.exists()


def test_cluster_sets_are_403_for_stakeholders(client, login):
    login(Profile.Role.CSO)
    assert client.get(CLUSTER_SETS).status_code == 403


def test_cluster_sets_refuse_delete(client, login):
    login(Profile.Role.SECRETARIAT_STAFF)
    assert client.delete(CLUSTER_SETS).status_code == 405


def test_unknown_cluster_set_is_404(client, login):
    login(Profile.Role.SECRETARIAT_STAFF)
    assert client.get(reverse("recommendations:cluster_set", args=[999])).status_code == 404


def test_facet_counts_are_refreshed_after_a_classification(
    client, login, rec, django_capture_on_commit_callbacks
):
    login(Profile.Role.SECRETARIAT_ADMIN)
    before = client.get(LIST).context["facets"]
    assert not [f for f in before if f["name"] == "cluster"]
    cluster = ClusterFactory(name="Justice")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(BULK, {"action": "add_to_cluster", "ids": [rec.pk], "cluster": cluster.pk})
    after = {f["name"]: f for f in client.get(LIST).context["facets"]}
    assert after["cluster"]["top"][0]["count"] == 1


def test_detail_names_each_link_from_this_recommendations_side(client, login):
    """A repeat links the later recommendation (source) to the earlier one (target): the
    later one was repeated from an earlier cycle, the earlier one was made again later."""
    from recommendations.models import RecommendationLink

    earlier = RecommendationFactory(text="Ratify the OP-CAT (cycle 2)")
    later = RecommendationFactory(text="Ratify the OP-CAT (cycle 3)")
    RecommendationLink.objects.create(source=later, target=earlier, kind="repeated", score=0.9)
    login(Profile.Role.SECRETARIAT_STAFF)
    page = client.get(detail(later)).content.decode()
    assert "Repeated from an earlier cycle" in page
    page = client.get(detail(earlier)).content.decode()
    assert "Made again later" in page
    assert "Repeated from an earlier cycle" not in page
