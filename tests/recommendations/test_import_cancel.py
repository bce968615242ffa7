"""Cancelling an import (issue 19): a waiting one at once, a running one at its next batch,
rolled back so that nothing of it is written; "Run again" after a cancel; who may cancel."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from nrtd import jobs
from recommendations.imports import jobs as import_jobs
from recommendations.imports.writer import Writer
from recommendations.models import ImportJob, Recommendation
from tests.recommendations.fixtures.samples import sample

pytestmark = pytest.mark.django_db

CYCLE2 = "ohchr-matrices/slovenia-upr-cycle2-session20.docx"


def import_job(name="upr.csv", content=b"Recommendation\n", **fields):
    job = ImportJob(original_name=name, created_by=None, **fields)
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    return job


def matrix_job(**fields):
    return import_job(name="slovenia.docx", content=sample(CYCLE2).read_bytes(), **fields)


def test_a_queued_import_is_cancelled_at_once_and_its_worker_then_does_nothing(
    client, people, reference_data
):
    job = matrix_job()
    client.force_login(people["secretariat_staff"])
    response = client.post(f"/workspace/imports/{job.pk}/cancel/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert job.finished
    assert job.result == {"cancelled_by": people["secretariat_staff"].username}
    import_jobs.import_job_run(job.pk)  # the message the queue still delivers
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert Recommendation.objects.count() == 0
    page = client.get(f"/workspace/imports/{job.pk}/").content.decode()
    assert "nothing of it was written" in page
    assert f"/workspace/imports/{job.pk}/retry/" in page


def test_a_preview_waiting_for_choices_is_cancelled_over_the_api(client, people):
    job = import_job(status="previewed", preview={"states": [], "default_states": []})
    client.force_login(people["secretariat_admin"])
    response = client.post(f"/api/v1/imports/{job.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_a_running_import_is_asked_to_stop_and_stops_before_writing(client, people, reference_data):
    job = matrix_job(status="running", started=timezone.now(), heartbeat_at=timezone.now())
    client.force_login(people["secretariat_admin"])
    response = client.post(f"/api/v1/imports/{job.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "running"  # until its worker reads the flag
    assert jobs.cancel_asked(ImportJob, job.pk) == {"by": people["secretariat_admin"].username}
    import_jobs.import_job_run(job.pk)  # the worker, at its next step
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert job.result["cancelled_by"] == people["secretariat_admin"].username
    assert Recommendation.objects.count() == 0
    assert jobs.cancel_asked(ImportJob, job.pk) is None  # the flag does not outlive the run


def test_a_cancel_in_the_middle_of_the_import_rolls_back_the_rows_already_written(
    monkeypatch, people, reference_data
):
    """The preview is done and the import has written its first batch when the cancel is
    read: the import's one transaction rolls back."""
    job = matrix_job(dry_run=True)
    import_jobs.import_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "previewed"
    ImportJob.objects.filter(pk=job.pk).update(status="queued", dry_run=False)
    writes = []
    real_write = Writer.write

    def write(self, batch):
        real_write(self, batch)
        writes.append(Recommendation.objects.count())

    asked = iter([None, None])  # the checks before each pass; then the batch's

    def cancel_asked(model, pk):
        return next(asked, {"by": "secretariat.admin"})

    monkeypatch.setattr(Writer, "write", write)
    monkeypatch.setattr(import_jobs, "cancel_asked", cancel_asked)
    import_jobs.import_job_run(job.pk)
    job.refresh_from_db()
    assert writes
    assert writes[0] > 0  # rows were written inside the transaction
    assert job.status == "cancelled"
    assert Recommendation.objects.count() == 0


def test_an_import_whose_worker_died_is_cancelled_at_once(client, people):
    long_ago = timezone.now() - datetime.timedelta(seconds=600)
    job = import_job(status="running", started=long_ago, heartbeat_at=long_ago)
    client.force_login(people["secretariat_admin"])
    client.post(f"/workspace/imports/{job.pk}/cancel/")
    job.refresh_from_db()
    assert job.status == "cancelled"


def test_a_cancelled_import_runs_again(client, people, django_capture_on_commit_callbacks):
    job = import_job(status="cancelled", result={"cancelled_by": "x"})
    client.force_login(people["secretariat_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/imports/{job.pk}/retry/")
    assert response.status_code == 202
    job.refresh_from_db()
    assert job.status in ("failed", "previewed", "done")  # it ran: this file is not a matrix


@pytest.mark.parametrize("status", ["done", "failed", "cancelled"])
def test_a_finished_import_cannot_be_cancelled(client, people, status):
    job = import_job(status=status)
    client.force_login(people["secretariat_admin"])
    response = client.post(f"/api/v1/imports/{job.pk}/cancel/")
    assert response.status_code == 400
    assert "can be cancelled" in str(response.json())
    response = client.post(f"/workspace/imports/{job.pk}/cancel/", follow=True)
    assert "can be cancelled" in response.content.decode()
    job.refresh_from_db()
    assert job.status == status


@pytest.mark.parametrize("role", ["viewer", "focal_own", "focal_other", "nhri", "cso"])
def test_only_the_secretariat_may_cancel_an_import(client, people, role):
    job = import_job()
    client.force_login(people[role])
    assert client.post(f"/workspace/imports/{job.pk}/cancel/").status_code == 403
    assert client.post(f"/api/v1/imports/{job.pk}/cancel/").status_code == 403
    job.refresh_from_db()
    assert job.status == "queued"


def test_cancel_refuses_anonymous_users_wrong_methods_and_missing_jobs(client, people):
    job = import_job()
    response = client.post(f"/workspace/imports/{job.pk}/cancel/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(f"/api/v1/imports/{job.pk}/cancel/").status_code == 401
    client.force_login(people["secretariat_admin"])
    assert client.get(f"/workspace/imports/{job.pk}/cancel/").status_code == 405
    assert client.get(f"/api/v1/imports/{job.pk}/cancel/").status_code == 405
    assert client.post("/workspace/imports/999/cancel/").status_code == 404
    assert client.post("/api/v1/imports/999/cancel/").status_code == 404
    job.refresh_from_db()
    assert job.status == "queued"
