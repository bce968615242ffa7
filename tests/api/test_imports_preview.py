"""The upload API takes the page's choices: states_under_review, publish, dry_run; a
previewed job is imported with POST /api/v1/imports/<id>/run/."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import ImportJob, Recommendation
from tests.recommendations.test_import_preview import TWO_STATES

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports/"


def _file():
    return SimpleUploadedFile("two-states.csv", TWO_STATES.encode(), content_type="text/csv")


@pytest.fixture
def post(client_for, reference_data, django_capture_on_commit_callbacks):
    """POST as a role, running the job queued on commit (eager Celery)."""

    def send(role, url=URL, data=None, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(role).post(url, data, **kwargs)

    return send


def test_a_dry_run_records_the_preview_only(post, client_for):
    response = post("secretariat_staff", data={"file": _file(), "dry_run": True})
    assert response.status_code == 202, response.content
    job = client_for("secretariat_staff").get(response["Location"]).json()
    assert job["status"] == "previewed"
    assert [s["code"] for s in job["preview"]["states"]] == ["SVN", "AUT"]
    assert job["preview"]["totals"]["pledges"] == 1
    assert job["preview"]["unresolved"][0]["name"] == "Narnia"
    assert Recommendation.objects.count() == 0
    # Then the choice: Slovenia only, unpublished.
    run = post(
        "secretariat_admin",
        f"{URL}{job['id']}/run/",
        {"states_under_review": ["SVN"], "publish": False},
        format="json",
    )
    assert run.status_code == 202, run.content
    done = client_for("secretariat_admin").get(run["Location"]).json()
    assert done["status"] == "done", done["errors"]
    assert done["result"]["created"] == 3
    assert done["states_under_review"] == ["SVN"]
    assert done["publish"] is False
    assert Recommendation.objects.filter(is_published=False).count() == 3


def test_an_upload_with_choices_imports_those_states_at_once(post):
    response = post(
        "secretariat_admin",
        data={"file": _file(), "states_under_review": ["SVN"], "publish": "false"},
    )
    assert response.status_code == 202, response.content
    job = ImportJob.objects.get()
    assert job.status == "done", job.errors
    assert job.preview["totals"]["recommendations"] == 4  # recorded on the way
    assert set(
        Recommendation.objects.values_list("review__state_under_review__iso3", flat=True)
    ) == {"SVN"}
    assert Recommendation.objects.filter(kind="voluntary_pledge").count() == 1
    assert not Recommendation.objects.filter(is_published=True).exists()


def test_unknown_state_codes_answer_400(post):
    response = post("secretariat_admin", data={"file": _file(), "states_under_review": ["XXX"]})
    assert response.status_code == 400
    assert "states_under_review" in response.json()["error"]["fields"]
    assert not ImportJob.objects.exists()


def test_running_a_job_not_waiting_for_a_choice_answers_400(post):
    post("secretariat_admin", data={"file": _file(), "states_under_review": ["SVN"]})
    job = ImportJob.objects.get()
    response = post(
        "secretariat_admin", f"{URL}{job.pk}/run/", {"states_under_review": ["SVN"]}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("focal_other", 403), ("focal_own", 403), ("viewer", 403), ("cso", 403)],
)
def test_only_the_secretariat_may_upload_or_run(post, role, status):
    assert post(role, data={"file": _file(), "dry_run": True}).status_code == status
    job = ImportJob.objects.create(
        original_name="x.csv",
        file="imports/x.csv",
        status=ImportJob.JobStatus.PREVIEWED,
        preview={"states": [{"code": "SVN"}]},
    )
    response = post(role, f"{URL}{job.pk}/run/", {"states_under_review": ["SVN"]}, format="json")
    assert response.status_code == status
    job.refresh_from_db()
    assert job.status == ImportJob.JobStatus.PREVIEWED


def test_wrong_methods_answer_405(client_for):
    client = client_for("secretariat_admin")
    job = ImportJob.objects.create(original_name="x.csv", file="imports/x.csv")
    assert client.get(f"{URL}{job.pk}/run/").status_code == 405
    assert client.put(f"{URL}{job.pk}/", {}).status_code == 405
    assert client.delete(f"{URL}{job.pk}/").status_code == 405
