"""Parliament: "needs parliament" and "has budget implications" as filters and facets (the
one FilterSet: registry, portal, API), columns of the open data and the API, and the
read-only parliament view for the parliamentary committee and the secretariat."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from mechanisms.models import Institution, Profile
from recommendations.filtering.facets import facet_counts_with_total
from recommendations.filtering.filters import RecommendationFilter
from recommendations.models import Activity, Assignment, ProgressUpdate
from recommendations.publishing.selectors import public_recommendations
from tests.factories import InstitutionFactory, RecommendationFactory, make_user

pytestmark = pytest.mark.django_db

PARLIAMENT = reverse("recommendations:parliament")


@pytest.fixture
def flagged(db):
    """Five published recommendations: three need parliament (two of them with budget
    implications), one has budget implications only, one neither; and an unpublished one
    needing parliament."""
    recs = {
        "law": RecommendationFactory(
            text="Adopt a law on torture", needs_parliament=True, budget_implications=True
        ),
        "ratify": RecommendationFactory(text="Ratify OP-CAT", needs_parliament=True),
        "fund": RecommendationFactory(
            text="Fund the ombudsman", needs_parliament=True, budget_implications=True
        ),
        "budget": RecommendationFactory(text="Raise the health budget", budget_implications=True),
        "plain": RecommendationFactory(text="Train the police"),
        "hidden": RecommendationFactory(
            text="Internal parliament item", needs_parliament=True, is_published=False
        ),
    }
    return recs


def _ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_flag_filters_narrow_and_combine(flagged):
    base = public_recommendations()
    parliament = RecommendationFilter({"needs_parliament": "true"}, queryset=base).qs
    assert _ids(parliament) == {flagged[k].pk for k in ("law", "ratify", "fund")}
    not_parliament = RecommendationFilter({"needs_parliament": "false"}, queryset=base).qs
    assert _ids(not_parliament) == {flagged[k].pk for k in ("budget", "plain")}
    both = RecommendationFilter(
        {"needs_parliament": "true", "budget_implications": "true"}, queryset=base
    ).qs
    assert _ids(both) == {flagged["law"].pk, flagged["fund"].pk}
    # Both values of one flag are no choice at all.
    either = RecommendationFilter({"needs_parliament": ["true", "false"]}, queryset=base).qs
    assert either.count() == 5


def test_an_unknown_flag_value_is_an_error_not_a_silent_filter(flagged):
    filterset = RecommendationFilter(
        {"needs_parliament": "maybe"}, queryset=public_recommendations()
    )
    assert "needs_parliament" in filterset.errors


def test_flag_facets_count_what_the_database_counts(flagged):
    counts, total = facet_counts_with_total(
        public_recommendations(),
        ["needs_parliament", "budget_implications"],
        {"budget_implications": "true"},
    )
    assert total == 3  # law, fund, budget
    # Its own choice is left out of a facet's count; the other facet's choice narrows it.
    assert {e["value"]: e["count"] for e in counts["budget_implications"]} == {
        "true": 3,
        "false": 2,
    }
    assert {e["value"]: e["count"] for e in counts["needs_parliament"]} == {
        "true": 2,
        "false": 1,
    }
    labels = {e["value"]: e["label"] for e in counts["needs_parliament"]}
    assert labels == {"true": "Yes", "false": "No"}


def test_portal_search_filters_and_shows_the_parliament_facet(client, flagged):
    response = client.get("/recommendations/?needs_parliament=true")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3
    panels = {p["name"]: p for p in response.context["facets"]}
    assert {e["value"]: e["count"] for e in panels["needs_parliament"]["entries"]} == {
        "true": 3,
        "false": 2,
    }
    assert "budget_implications" in panels
    assert "Internal parliament item" not in response.content.decode()


def test_registry_filters_by_the_flags(client, flagged):
    client.force_login(make_user(Profile.Role.SECRETARIAT_STAFF))
    response = client.get(reverse("recommendations:list"), {"budget_implications": "true"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3
    panels = {p["name"] for p in response.context["facets"]}
    assert {"needs_parliament", "budget_implications"} <= panels
    # The government side sees the unpublished one too.
    response = client.get(reverse("recommendations:list"), {"needs_parliament": "true"})
    assert response.context["page"].paginator.count == 4


def test_open_data_carries_the_flags(client, flagged):
    response = client.get("/recommendations/download.csv?needs_parliament=true")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["text"] for r in rows} == {
        "Adopt a law on torture",
        "Ratify OP-CAT",
        "Fund the ombudsman",
    }
    by_text = {r["text"]: r for r in rows}
    assert by_text["Ratify OP-CAT"]["needs_parliament"] == "true"
    assert by_text["Ratify OP-CAT"]["budget_implications"] == "false"
    assert by_text["Adopt a law on torture"]["budget_implications"] == "true"
    data = json.loads(b"".join(client.get("/recommendations/download.json").streaming_content))
    at = data["fields"].index("clusters")
    assert data["fields"][at + 1 : at + 3] == ["needs_parliament", "budget_implications"]
    plain = next(r for r in data["recommendations"] if r["text"] == "Train the police")
    assert plain["needs_parliament"] is False
    assert plain["budget_implications"] is False


def test_api_lists_and_filters_the_flags(client, flagged):
    response = client.get("/api/v1/recommendations/", {"needs_parliament": "true"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["text"] for r in results} == {
        "Adopt a law on torture",
        "Ratify OP-CAT",
        "Fund the ombudsman",
    }
    assert all(r["needs_parliament"] is True for r in results)
    law = next(r for r in results if r["text"] == "Adopt a law on torture")
    assert law["budget_implications"] is True


# --- The parliament view -------------------------------------------------------------


@pytest.fixture
def committee(db):
    parliament = InstitutionFactory(
        name="Parliament", acronym="PARL", kind=Institution.Kind.PARLIAMENT
    )
    return InstitutionFactory(
        name="Committee on Human Rights",
        acronym="CHR",
        kind=Institution.Kind.PARLIAMENT,
        parent=parliament,
    )


@pytest.fixture
def followed(flagged, committee):
    """The law: led by Justice, with an accepted update (older), a newer draft one, and an
    activity (the bill)."""
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MOJ")
    law = flagged["law"]
    Assignment.objects.create(recommendation=law, institution=justice, role="lead")
    author = make_user(Profile.Role.FOCAL_POINT, institution=justice)

    # (status, narrative, date, state): an accepted update, a newer draft, an older one.
    for status, narrative, date, state in [
        ("in_progress", "Bill tabled in March", datetime.date(2025, 3, 1), "accepted"),
        ("partially_implemented", "Draft not yet reviewed", datetime.date(2025, 6, 1), "draft"),
        ("not_started", "First accepted note", datetime.date(2024, 1, 1), "accepted"),
    ]:
        ProgressUpdate.objects.create(
            recommendation=law,
            institution=justice,
            author=author,
            status=status,
            narrative=narrative,
            date=date,
            state=ProgressUpdate.State(state),
        )
    bill = Activity.objects.create(
        title="Anti-torture bill",
        description="Second reading",
        lead_institution=justice,
        start_date=datetime.date(2025, 1, 10),
    )
    bill.recommendations.set([law])
    law.status = "in_progress"
    law.save()
    return law


def test_committee_member_sees_what_needs_parliament_with_status_lead_and_progress(
    client, flagged, followed, committee
):
    member = make_user(Profile.Role.FOCAL_POINT, institution=committee)
    client.force_login(member)
    response = client.get(PARLIAMENT)
    assert response.status_code == 200
    rows = {r.pk: r for r in response.context["page"].object_list}
    # The government side sees the unpublished one; never those not needing parliament.
    assert set(rows) == {flagged[k].pk for k in ("law", "ratify", "fund", "hidden")}
    law = rows[followed.pk]
    assert [a.institution.name for a in law.leads] == ["Ministry of Justice"]
    assert law.latest_update.narrative == "Bill tabled in March"  # accepted, latest
    assert [a.title for a in law.recorded_activities] == ["Anti-torture bill"]
    html = response.content.decode()
    assert "Bill tabled in March" in html
    assert "Draft not yet reviewed" not in html
    assert "Anti-torture bill" in html
    assert "Train the police" not in html
    assert "Raise the health budget" not in html


def test_parliament_view_filters_with_the_one_filterset(client, followed, committee):
    client.force_login(make_user(Profile.Role.SECRETARIAT_STAFF))
    response = client.get(PARLIAMENT, {"budget_implications": "true"})
    assert response.status_code == 200
    texts = {r.text for r in response.context["page"].object_list}
    assert texts == {"Adopt a law on torture", "Fund the ombudsman"}
    response = client.get(PARLIAMENT, {"institution": followed.assignments.get().institution_id})
    assert [r.pk for r in response.context["page"].object_list] == [followed.pk]
    panels = {p["name"]: p for p in response.context["facets"]}
    statuses = {e["value"]: e["count"] for e in panels["status"]["top"]}
    assert statuses == {"in_progress": 1}


def test_parliament_viewer_reads_the_view(client, followed, committee):
    viewer = make_user(Profile.Role.VIEWER, institution=committee)
    client.force_login(viewer)
    assert client.get(PARLIAMENT).status_code == 200


def test_parliament_view_in_the_workspace_menu_for_the_committee_only(client, committee):
    client.force_login(make_user(Profile.Role.FOCAL_POINT, institution=committee))
    assert PARLIAMENT in client.get(reverse("recommendations:list")).content.decode()
    client.force_login(make_user(Profile.Role.FOCAL_POINT))
    assert PARLIAMENT not in client.get(reverse("recommendations:list")).content.decode()


def test_anonymous_is_sent_to_log_in(client, followed):
    response = client.get(PARLIAMENT)
    assert response.status_code == 302
    assert "/login" in response["Location"]


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_other_roles_are_refused(client, people, followed, role):
    """A ministry's focal point or viewer, the NHRI and CSOs: not the committee."""
    client.force_login(people[role])
    assert client.get(PARLIAMENT).status_code == 403


def test_parliament_view_refuses_post(client, committee):
    client.force_login(make_user(Profile.Role.FOCAL_POINT, institution=committee))
    assert client.post(PARLIAMENT).status_code == 405


def test_parliament_view_in_french(client, followed, committee):
    client.force_login(make_user(Profile.Role.FOCAL_POINT, institution=committee))
    response = client.get(PARLIAMENT, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"


def test_flag_labels_follow_the_language_though_counts_are_cached(client, flagged):
    """Counts are cached whatever the language; the labels of choices are not."""
    client.force_login(make_user(Profile.Role.SECRETARIAT_STAFF))
    english = client.get(reverse("recommendations:list"), HTTP_ACCEPT_LANGUAGE="en")
    french = client.get(reverse("recommendations:list"), HTTP_ACCEPT_LANGUAGE="fr")

    def labels(response):
        panel = next(p for p in response.context["facets"] if p["name"] == "needs_parliament")
        return {e["value"]: e["label"] for e in panel["top"]}

    assert labels(english) == {"true": "Yes", "false": "No"}
    assert labels(french) == {"true": "Oui", "false": "Non"}
