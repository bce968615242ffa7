"""The shared FilterSet, the facet counts and the read selectors."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from mechanisms.models import Profile
from recommendations.filtering.facets import facet_counts
from recommendations.filtering.filters import RecommendationFilter
from recommendations.models import (
    AffectedGroup,
    Assignment,
    Body,
    Mechanism,
    SdgGoal,
    SdgTarget,
    Theme,
)
from recommendations.publishing.selectors import recommendations_visible_to
from recommendations.registry.selectors import recommendation_detail, recommendation_rows_visible_to
from tests.factories import (
    ClusterFactory,
    InstitutionFactory,
    RecommendationFactory,
    ReviewFactory,
    StateFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    """A small registry: two UPR reviews and a treaty body, classified."""
    slovenia = StateFactory()
    france = StateFactory(iso2="FR", iso3="FRA", name="France")
    kenya = StateFactory(iso2="KE", iso3="KEN", name="Kenya")
    review3 = ReviewFactory(state_under_review=slovenia, cycle=3, session=34)
    review4 = ReviewFactory(state_under_review=slovenia, cycle=4, session=48)
    cedaw = Body.objects.create(code="CEDAW", name="CEDAW", mechanism=Mechanism.TREATY_BODY)
    d2 = Theme.objects.create(code="D2", name="Right to physical and moral integrity")
    d25 = Theme.objects.create(code="D25", name="Prohibition of torture", parent=d2)
    f13 = Theme.objects.create(code="F13", name="Violence against women")
    women = AffectedGroup.objects.create(code="women", name="Women")
    children = AffectedGroup.objects.create(code="children", name="Children")
    goal5 = SdgGoal.objects.create(number=5, titles={"en": "Gender equality"})
    goal16 = SdgGoal.objects.create(number=16, titles={"en": "Peace and justice"})
    t52 = SdgTarget.objects.create(code="5.2", goal=goal5, sort_key="05.02")
    t163 = SdgTarget.objects.create(code="16.3", goal=goal16, sort_key="16.03")
    health = InstitutionFactory(name="Ministry of Health", acronym="MOH")
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MOJ")
    cluster = ClusterFactory(name="Justice")

    torture = RecommendationFactory(
        text="Prevent torture in places of detention",
        review=review3,
        response="supported",
        status="in_progress",
        date=datetime.date(2019, 5, 1),
    )
    torture.themes.set([d25])
    torture.sdg_targets.set([t163])
    torture.sdg_goals.set([goal16])
    torture.recommending_states.set([france])
    torture.clusters.set([cluster])
    Assignment.objects.create(recommendation=torture, institution=justice, role="lead")

    violence = RecommendationFactory(
        text="Combat violence against women and girls",
        review=review4,
        response="noted",
        status="not_started",
        date=datetime.date(2024, 11, 1),
    )
    violence.themes.set([f13, d25])
    violence.groups.set([women])
    violence.sdg_targets.set([t52])
    violence.sdg_goals.set([goal5])
    violence.recommending_states.set([france, kenya])
    Assignment.objects.create(recommendation=violence, institution=health, role="lead")
    Assignment.objects.create(recommendation=violence, institution=justice, role="supporting")

    treaty = RecommendationFactory(
        text="Protect children from violence",
        mechanism=Mechanism.TREATY_BODY,
        body=cedaw,
        response="",
        status="in_progress",
        date=datetime.date(2024, 2, 1),
    )
    treaty.groups.set([children])
    hidden = RecommendationFactory(text="Internal draft item", review=review4, is_published=False)
    return {
        "torture": torture,
        "violence": violence,
        "treaty": treaty,
        "hidden": hidden,
        "health": health,
        "justice": justice,
        "cluster": cluster,
    }


def pks(data, queryset=None):
    from recommendations.models import Recommendation

    qs = queryset if queryset is not None else Recommendation.objects.all()
    return sorted(RecommendationFilter(data, queryset=qs).qs.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"body": "CEDAW"}, ["treaty"]),
        ({"mechanism": "upr"}, ["torture", "violence", "hidden"]),
        ({"cycle": "3"}, ["torture"]),
        ({"cycle": ["3", "4"]}, ["torture", "violence", "hidden"]),
        ({"session": "48"}, ["violence", "hidden"]),
        # The treaty body's item has a State under review too: its review's.
        ({"state_under_review": "SVN"}, ["torture", "violence", "hidden", "treaty"]),
        ({"recommending_state": "KEN"}, ["violence"]),
        ({"recommending_state": ["KEN", "FRA"]}, ["torture", "violence"]),
        ({"response": "noted"}, ["violence"]),
        ({"theme": "F13"}, ["violence"]),
        ({"theme": ["F13", "D25"]}, ["torture", "violence"]),
        ({"group": "children"}, ["treaty"]),
        ({"sdg_goal": "5"}, ["violence"]),
        ({"sdg_target": "16.3"}, ["torture"]),
        ({"status": "in_progress"}, ["torture", "treaty"]),
        ({"year": "2024"}, ["violence", "treaty"]),
        ({"search": "violence"}, ["violence", "treaty"]),
        ({"response": "noted", "theme": "D25"}, ["violence"]),
        ({"status": "in_progress", "mechanism": "treaty_body"}, ["treaty"]),
    ],
)
def test_each_filter_narrows_the_list(registry, data, expected):
    assert pks(data) == sorted(registry[name].pk for name in expected)


def test_a_level_one_theme_includes_its_sub_themes(registry):
    assert pks({"theme": "D2"}) == sorted([registry["torture"].pk, registry["violence"].pk])


def test_two_values_of_one_facet_do_not_duplicate_rows(registry):
    qs = RecommendationFilter(
        {"theme": ["F13", "D25"], "recommending_state": ["FRA", "KEN"]},
        queryset=recommendation_rows_visible_to(make_user(Profile.Role.SECRETARIAT_ADMIN)),
    ).qs
    assert qs.count() == 2
    assert len(list(qs)) == 2


def test_institution_filter_covers_lead_and_supporting(registry):
    justice = str(registry["justice"].pk)
    assert pks({"institution": justice}) == sorted(
        [registry["torture"].pk, registry["violence"].pk]
    )
    assert pks({"institution": str(registry["health"].pk)}) == [registry["violence"].pk]


def test_cluster_filter(registry):
    assert pks({"cluster": str(registry["cluster"].pk)}) == [registry["torture"].pk]


def test_unknown_filter_value_is_reported_not_silently_empty(registry):
    filterset = RecommendationFilter(
        {"theme": "NOPE"}, queryset=recommendation_rows_visible_to(AnonymousUser())
    )
    assert "theme" in filterset.errors


def test_facet_counts_are_per_value_with_labels(registry):
    counts = facet_counts(
        recommendations_visible_to(AnonymousUser()), ["response", "theme", "body"]
    )
    assert {e["value"]: e["count"] for e in counts["response"]} == {"supported": 1, "noted": 1}
    assert {e["value"]: e["count"] for e in counts["theme"]} == {"D25": 2, "F13": 1}
    assert {e["value"]: e["count"] for e in counts["body"]} == {"UPR": 2, "CEDAW": 1}
    labels = {e["value"]: e["label"] for e in counts["response"]}
    assert labels["noted"] == "Noted"
    # Largest first.
    assert counts["theme"][0]["value"] == "D25"


def test_facet_counts_leave_out_the_facets_own_filter(registry):
    counts = facet_counts(
        recommendations_visible_to(AnonymousUser()),
        ["response", "theme", "mechanism"],
        {"response": "noted", "mechanism": "upr"},
    )
    # Choosing "noted" still shows how many are "supported" ...
    assert {e["value"]: e["count"] for e in counts["response"]} == {"supported": 1, "noted": 1}
    # ... while the other facets are counted within "noted".
    assert {e["value"]: e["count"] for e in counts["theme"]} == {"D25": 1, "F13": 1}
    assert {e["value"]: e["count"] for e in counts["mechanism"]} == {"upr": 1}


def test_facet_counts_cover_every_facet(registry):
    from recommendations.filtering.facets import FACETS

    user = make_user(Profile.Role.SECRETARIAT_ADMIN)
    counts = facet_counts(recommendation_rows_visible_to(user), list(FACETS))
    assert set(counts) == set(FACETS)
    assert {e["value"] for e in counts["institution"]} == {
        str(registry["health"].pk),
        str(registry["justice"].pk),
    }
    assert {e["value"]: e["count"] for e in counts["year"]}["2024"] == 2
    assert {e["value"] for e in counts["cycle"]} == {"3", "4"}
    assert counts["sdg_goal"][0]["label"].startswith(("5.", "16."))
    assert counts["cluster"][0]["label"].endswith(": Justice")


def test_anonymous_and_stakeholders_see_only_published(registry):
    cso = make_user(Profile.Role.CSO)
    for user in (AnonymousUser(), cso):
        visible = set(recommendations_visible_to(user).values_list("pk", flat=True))
        assert registry["hidden"].pk not in visible
        assert registry["torture"].pk in visible


@pytest.mark.parametrize(
    "role", [Profile.Role.SECRETARIAT_ADMIN, Profile.Role.FOCAL_POINT, Profile.Role.VIEWER]
)
def test_government_roles_see_unpublished(registry, role):
    user = make_user(role)
    assert recommendations_visible_to(user).filter(pk=registry["hidden"].pk).exists()


def test_detail_is_404_for_what_the_user_may_not_see(registry):
    with pytest.raises(Http404):
        recommendation_detail(make_user(Profile.Role.CSO), registry["hidden"].pk)
    assert (
        recommendation_detail(make_user(Profile.Role.SECRETARIAT_STAFF), registry["hidden"].pk)
        == registry["hidden"]
    )


def _touch_list(user):
    for rec in recommendation_rows_visible_to(user)[:25]:
        _ = (rec.body.code, rec.review and rec.review.state_under_review.name)
        _ = (list(rec.themes.all()), list(rec.recommending_states.all()))
        _ = [a.institution.name for a in rec.assignments.all()]


def test_list_selector_uses_a_fixed_number_of_queries(registry, django_assert_num_queries):
    user = make_user(Profile.Role.SECRETARIAT_ADMIN)
    user.has_perm("recommendations.view_internal")  # role cached, as in a request
    with django_assert_num_queries(4):
        _touch_list(user)
    RecommendationFactory.create_batch(10)
    with django_assert_num_queries(4):
        _touch_list(user)


def test_detail_selector_uses_a_fixed_number_of_queries(registry, django_assert_num_queries):
    user = make_user(Profile.Role.SECRETARIAT_ADMIN)
    user.has_perm("recommendations.view_internal")
    with django_assert_num_queries(13):
        rec = recommendation_detail(user, registry["violence"].pk)
        [t.parent for t in rec.themes.all()]
        [t.goal for t in rec.sdg_targets.all()]
        [c.cluster_set for c in rec.clusters.all()]
        [a.institution for a in rec.assignments.all()]
        list(rec.links_out.all()), list(rec.links_in.all()), list(rec.responses.all())


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"response": "noted", "mechanism": "upr"},
        {"theme": "D25", "institution": "__justice__"},
        {"search": "torture", "response": "noted"},
        {"search": "zqxjkvwq"},  # nothing matches, typo correction included
    ],
)
def test_workspace_facet_counts_equal_the_per_facet_counts(registry, query):
    """The workspace's one-statement counts (PostgreSQL; per facet elsewhere) give the
    figures facet_counts gives, and the total of the filtered list."""
    from django.core.cache import cache

    from recommendations.filtering.facets import (
        FACETS,
        cached_facet_counts,
        facet_counts_with_total,
    )
    from recommendations.filtering.filters import as_querydict

    cache.clear()
    user = make_user(Profile.Role.SECRETARIAT_ADMIN)
    justice = str(registry["justice"].pk)
    data = {k: (justice if v == "__justice__" else v) for k, v in query.items()}
    base = recommendation_rows_visible_to(user)
    expected = facet_counts(base, list(FACETS), data)
    counts, total = facet_counts_with_total(base, list(FACETS), data)
    assert counts == expected
    assert total == RecommendationFilter(data, queryset=base).qs.count()
    assert cached_facet_counts(base, list(FACETS), as_querydict(data), scope="t") == expected
