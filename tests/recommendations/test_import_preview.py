"""Import preview: a dry run records what a file holds per State under review; the
secretariat keeps some States, publishes or not; voluntary pledges become commitments."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.filtering.facets import facet_counts
from recommendations.filtering.filters import RecommendationFilter
from recommendations.imports.jobs import (
    import_job_confirm,
    import_job_create,
)
from recommendations.imports.services import (
    default_states,
    import_recommendations,
)
from recommendations.models import ImportJob, Recommendation, Review, State
from recommendations.portal.selectors import statistics
from tests.recommendations.fixtures.samples import sample

pytestmark = pytest.mark.django_db

HEADER = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session\n"
# Two States under review; one recommendation made by two States (rows 2 and 3), one noted,
# one voluntary pledge; Austria's row 7 names a recommending State that does not exist.
TWO_STATES = HEADER + (
    "Slovenia,EEG,EU,Ratify the Optional Protocol to the Convention against Torture.,"
    "France,WEOG,EU,Accepted,5,Torture and other CID treatment,34\n"
    "Slovenia,EEG,EU,Ratify the Optional Protocol to the Convention against Torture,"
    "Chile,GRULAC,,Accepted,5,Torture and other CID treatment,34\n"
    "Slovenia,EEG,EU,Recognise the Roma community as a national minority.,"
    "Austria,WEOG,EU,Noted,4,Minorities,34\n"
    "Slovenia,EEG,EU,Slovenia pledges to adopt a national action plan on business and "
    "human rights.,Slovenia,EEG,EU,Voluntary Pledge,5,Business and human rights,34\n"
    "Austria,WEOG,EU,Strengthen the mandate of the Austrian Ombudsman Board.,"
    "Slovenia,EEG,EU,Accepted,4,National Human Rights Institution,37\n"
    "Austria,WEOG,EU,Adopt a comprehensive anti-discrimination law.,"
    "Narnia,WEOG,,Noted,5,Racial discrimination,37\n"
)


@pytest.fixture
def two_states(tmp_path):
    path = tmp_path / "upr-info-two-states.csv"
    path.write_text(TWO_STATES, encoding="utf-8")
    return path


def _upload(path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


@pytest.fixture
def previewed(people, reference_data, two_states, django_capture_on_commit_callbacks):
    """A job of the two-State file after its preview (eager Celery)."""
    with django_capture_on_commit_callbacks(execute=True):
        job = import_job_create(
            actor=people["secretariat_staff"], uploaded_file=_upload(two_states), dry_run=True
        )
    job.refresh_from_db()
    return job


def test_the_preview_counts_each_state_pledges_and_unresolved_names(reference_data, two_states):
    summary = import_recommendations(two_states, preview=True)
    preview = summary.preview()
    states = {e["code"]: e for e in preview["states"]}
    assert list(states) == ["SVN", "AUT"]  # largest first
    svn, aut = states["SVN"], states["AUT"]
    assert (svn["rows"], svn["recommendations"], svn["pledges"]) == (4, 2, 1)
    assert (svn["new"], svn["changed"], svn["unchanged"], svn["problems"]) == (3, 0, 0, 0)
    assert svn["by_response"] == {
        "supported": 1, "noted": 1, "partially_supported": 0, "pending": 0, "none": 1,
    }  # fmt: skip
    assert (aut["recommendations"], aut["pledges"], aut["new"], aut["problems"]) == (2, 0, 1, 1)
    assert preview["unresolved"] == [
        {"what": "recommending State", "name": "Narnia", "rows": [7], "count": 1}
    ]
    assert preview["totals"]["recommendations"] == 4
    assert preview["totals"]["pledges"] == 1
    assert preview["problems"] == 1
    # A preview writes nothing.
    assert Recommendation.objects.count() == 0
    assert Review.objects.count() == 0


def test_the_upload_records_the_preview_on_the_job(previewed):
    assert previewed.status == ImportJob.JobStatus.PREVIEWED
    assert previewed.progress == 100
    assert [e["code"] for e in previewed.preview["states"]] == ["SVN", "AUT"]
    # An empty registry and no NRTD_OWN_STATE: every State is kept unless chosen otherwise.
    assert previewed.preview["default_states"] == ["SVN", "AUT"]
    assert previewed.preview["publish_default"] is True
    assert "row 7" in previewed.errors[0]
    assert Recommendation.objects.count() == 0


def test_keeping_one_state_writes_only_that_state_and_its_pledge_as_a_commitment(
    people, previewed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_job_confirm(
            actor=people["secretariat_admin"],
            job=previewed,
            states_under_review=["svn"],
            publish=False,
        )
    job = ImportJob.objects.get(pk=previewed.pk)
    # Austria's unresolved row does not stop Slovenia's import: it was not kept.
    assert job.status == ImportJob.JobStatus.DONE, job.errors
    assert job.states_under_review == ["SVN"]
    assert (job.result["created"], job.result["left_out"]) == (3, 2)
    assert set(
        Recommendation.objects.values_list("review__state_under_review__iso3", flat=True)
    ) == {"SVN"}
    pledge = Recommendation.objects.get(kind=Recommendation.Kind.VOLUNTARY_PLEDGE)
    assert pledge.text.startswith("Slovenia pledges")
    assert Recommendation.objects.filter(kind=Recommendation.Kind.RECOMMENDATION).count() == 2
    # publish=False: nothing of it is on the portal.
    assert not Recommendation.objects.filter(is_published=True).exists()


def test_keeping_a_state_with_a_problem_refuses_the_whole_import(
    people, previewed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_job_confirm(
            actor=people["secretariat_admin"], job=previewed, states_under_review=["SVN", "AUT"]
        )
    job = ImportJob.objects.get(pk=previewed.pk)
    assert job.status == ImportJob.JobStatus.FAILED
    assert "unknown State 'Narnia'" in job.errors[0]
    assert Recommendation.objects.count() == 0


def test_publishing_follows_the_setting_unless_chosen(
    people, previewed, settings, django_capture_on_commit_callbacks
):
    settings.NRTD_PUBLISH_ON_IMPORT = True
    with django_capture_on_commit_callbacks(execute=True):
        import_job_confirm(
            actor=people["secretariat_admin"], job=previewed, states_under_review=["SVN"]
        )
    assert Recommendation.objects.filter(is_published=True).count() == 3


def test_a_job_is_confirmed_once_and_only_with_states_of_its_file(people, previewed):
    admin = people["secretariat_admin"]
    with pytest.raises(ValidationError) as refused:
        import_job_confirm(actor=admin, job=previewed, states_under_review=["FRA"])
    assert "FRA" in str(refused.value)
    with pytest.raises(ValidationError):
        import_job_confirm(actor=admin, job=previewed, states_under_review=[])
    import_job_confirm(actor=admin, job=previewed, states_under_review=["SVN"])
    with pytest.raises(ValidationError):
        import_job_confirm(actor=admin, job=previewed, states_under_review=["SVN"])


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_only_the_secretariat_may_confirm(people, previewed, role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_job_confirm(actor=people[role], job=previewed, states_under_review=["SVN"])
    assert ImportJob.objects.get(pk=previewed.pk).status == ImportJob.JobStatus.PREVIEWED


def test_the_default_states_are_the_own_state_else_those_held(reference_data, settings):
    settings.NRTD_OWN_STATE = ""
    assert default_states(["SVN", "AUT", "?Narnia", ""]) == ["SVN", "AUT"]  # empty registry
    Review.objects.create(state_under_review=State.objects.get(iso3="SVN"), cycle=3, session=34)
    assert default_states(["SVN", "AUT"]) == ["SVN"]
    assert default_states(["VNM", "AUT"]) == []  # a file of other States: none by default
    settings.NRTD_OWN_STATE = "AUT"
    assert default_states(["SVN", "AUT"]) == ["AUT"]


def test_pledges_are_left_out_of_lists_and_counts_unless_asked_for(reference_data, two_states):
    import_recommendations(two_states, states_under_review=["SVN"])
    everything = Recommendation.objects.all()
    assert RecommendationFilter({}, queryset=everything).qs.count() == 2
    pledges = RecommendationFilter({"kind": ["voluntary_pledge"]}, queryset=everything).qs
    assert [r.kind for r in pledges] == ["voluntary_pledge"]
    both = RecommendationFilter(
        {"kind": ["recommendation", "voluntary_pledge"]}, queryset=everything
    )
    assert both.qs.count() == 3
    counts = facet_counts(everything, ["kind", "response"])
    assert {e["value"]: e["count"] for e in counts["kind"]} == {
        "recommendation": 2,
        "voluntary_pledge": 1,
    }
    assert sum(e["count"] for e in counts["response"]) == 2
    assert statistics(everything)["total"] == 2


def test_the_state_under_review_facet_counts_each_state(reference_data, two_states, tmp_path):
    path = tmp_path / "fine.csv"
    path.write_text("\n".join(TWO_STATES.splitlines()[:-1]) + "\n", encoding="utf-8")
    import_recommendations(path)
    counts = facet_counts(Recommendation.objects.all(), ["state_under_review"])
    assert counts["state_under_review"] == [
        {"value": "SVN", "label": "Slovenia", "count": 2},
        {"value": "AUT", "label": "Austria", "count": 1},
    ]
    only = RecommendationFilter({"state_under_review": ["AUT"]}, queryset=Recommendation.objects)
    assert only.qs.count() == 1


def test_reimporting_pledges_stored_as_recommendations_makes_them_commitments(
    reference_data, two_states
):
    import_recommendations(two_states, states_under_review=["SVN"])
    Recommendation.objects.update(kind=Recommendation.Kind.RECOMMENDATION)  # as before
    summary = import_recommendations(two_states, states_under_review=["SVN"])
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    assert Recommendation.objects.filter(kind="voluntary_pledge").count() == 1


# --- the real UPR Info exports (skipped when /work/shared/data is absent) -----------------


def test_real_pledges_file_keeping_slovenia_writes_its_three_pledges_only(reference_data):
    path = sample("upr-info/upr-info-voluntary-pledges.csv")
    preview = import_recommendations(path, preview=True).preview()
    assert len(preview["states"]) == 149
    assert preview["totals"]["pledges"] == 944
    assert preview["totals"]["recommendations"] == 0
    svn = next(e for e in preview["states"] if e["code"] == "SVN")
    assert (svn["pledges"], svn["new"]) == (3, 3)
    summary = import_recommendations(path, states_under_review=["SVN"], publish=False)
    assert summary.errors == []
    assert (summary.created, summary.left_out) == (3, 941)
    assert Recommendation.objects.filter(kind="voluntary_pledge", is_published=False).count() == 3
    assert Recommendation.objects.count() == 3


def test_real_sessions_file_keeping_one_state_writes_that_state_only(reference_data):
    path = sample("upr-info/upr-info-sessions-01-05.csv")
    preview = import_recommendations(path, preview=True).preview()
    assert len(preview["states"]) == 80
    assert preview["totals"]["recommendations"] == 5626
    assert preview["totals"]["pledges"] == 0
    assert not any(e["code"] == "SVN" for e in preview["states"])  # reviewed in session 7
    top = preview["states"][0]
    assert (top["code"], top["recommendations"], top["rows"]) == ("VNM", 163, 172)
    summary = import_recommendations(path, states_under_review=["VNM"])
    assert summary.errors == []
    assert (summary.created, summary.left_out) == (163, 5626 - 163)
    assert summary.by_response["supported"] == 112
    assert summary.by_response["noted"] == 51
    assert Recommendation.objects.count() == 163


# --- names mapped to a State in the preview -------------------------------------------


def test_the_secretariat_maps_an_unresolved_name_once_and_the_preview_is_redone(
    client, people, previewed, django_capture_on_commit_callbacks
):
    from recommendations.models import StateAlias

    assert previewed.status == ImportJob.JobStatus.PREVIEWED
    norway = State.objects.get(name="Norway")
    client.force_login(people["secretariat_staff"])
    page = client.get(f"/workspace/imports/{previewed.pk}/")
    assert 'data-preview="map-state"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/workspace/imports/{previewed.pk}/map-state/", {"name": "Narnia", "state": norway.pk}
        )
    assert response.status_code == 302
    alias = StateAlias.objects.get()
    assert (alias.name, alias.state, alias.created_by) == (
        "Narnia",
        norway,
        people["secretariat_staff"],
    )
    previewed.refresh_from_db()
    assert previewed.status == ImportJob.JobStatus.PREVIEWED
    assert previewed.preview["unresolved"] == []
    assert previewed.preview["problems"] == 0
    assert not Recommendation.objects.exists()  # a preview writes nothing
    # The next file with that spelling resolves without asking.
    summary = import_recommendations(previewed.file.path, dry_run=True)
    assert summary.errors == []


def test_only_a_name_the_preview_could_not_read_may_be_mapped(client, people, previewed):
    from recommendations.models import StateAlias

    client.force_login(people["secretariat_staff"])
    norway = State.objects.get(name="Norway")
    response = client.post(
        f"/workspace/imports/{previewed.pk}/map-state/", {"name": "France", "state": norway.pk}
    )
    assert response.status_code == 400
    assert not StateAlias.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("focal_own", 403), ("focal_other", 403), ("viewer", 403)],
)
def test_mapping_a_name_is_for_the_secretariat_only(client, people, previewed, role, status):
    from recommendations.models import StateAlias

    if role != "anonymous":
        client.force_login(people[role])
    norway = State.objects.get(name="Norway")
    response = client.post(
        f"/workspace/imports/{previewed.pk}/map-state/", {"name": "Narnia", "state": norway.pk}
    )
    assert response.status_code == status
    assert not StateAlias.objects.exists()


def test_mapping_a_name_answers_post_only(client, people, previewed):
    client.force_login(people["secretariat_staff"])
    assert client.get(f"/workspace/imports/{previewed.pk}/map-state/").status_code == 405
