"""A dead worker is noticed (issue 19, item 5): jobs beat while they run, the sweep and the
job's own page fail a job with no heartbeat (or one no worker took) with the reason and a
"Run again", Cancel works on a stuck run, and /healthz reports the worker's heartbeat."""

import datetime
import time

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.utils import timezone

from nrtd import jobs
from recommendations.imports.jobs import import_jobs_sweep
from recommendations.models import ImportJob
from reporting.models import ReportRun
from reporting.services import runs as run_services
from tests.recommendations.fixtures.samples import sample

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.timedelta(seconds=200)


def ago(delta=LONG_AGO):
    return timezone.now() - delta


def import_job(**fields):
    job = ImportJob(original_name="upr.csv", created_by=None, **fields)
    job.file.save("upr.csv", ContentFile(b"Recommendation\n"), save=False)
    job.save()
    return job


# --- the sweep ------------------------------------------------------------------------


def test_sweep_fails_an_import_whose_heartbeat_stopped_and_keeps_a_live_one():
    dead = import_job(status="running", started=ago(), heartbeat_at=ago())
    live = import_job(status="running", started=ago(), heartbeat_at=timezone.now())
    assert import_jobs_sweep() == 1
    dead.refresh_from_db()
    live.refresh_from_db()
    assert dead.status == "failed"
    assert "no heartbeat for 90 seconds" in dead.errors[0]
    assert "run it again" in dead.errors[0]
    assert live.status == "running"


def test_sweep_keeps_an_import_beating_in_the_cache_while_its_transaction_holds_the_row():
    job = import_job(status="running", started=ago(), heartbeat_at=ago())
    with jobs.Heartbeat(ImportJob, job.pk) as heartbeat:
        heartbeat.beat()
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=ago())  # as if the row lagged
    assert import_jobs_sweep() == 0
    caches["jobs"].clear()
    assert import_jobs_sweep() == 1


def test_sweep_fails_an_import_no_worker_took(settings):
    stuck = import_job(status="queued")
    ImportJob.objects.filter(pk=stuck.pk).update(created=ago(datetime.timedelta(hours=1)))
    recent = import_job(status="queued")
    assert import_jobs_sweep() == 1
    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.status == "failed"
    assert "No worker took this job" in stuck.errors[0]
    assert recent.status == "queued"


def test_sweep_fails_a_report_run_whose_heartbeat_stopped_or_that_no_worker_took():
    dead = ReportRun.objects.create(
        kind="matrix", status="running", started=ago(), heartbeat_at=ago()
    )
    cancelled = ReportRun.objects.create(
        kind="matrix", status="running", started=ago(), heartbeat_at=ago(), cancel_requested=True
    )
    never = ReportRun.objects.create(
        kind="matrix", queued=ago(datetime.timedelta(hours=1)), status="queued"
    )
    live = ReportRun.objects.create(
        kind="matrix", status="running", started=ago(), heartbeat_at=timezone.now()
    )
    assert run_services.report_runs_sweep() == 3
    for run in (dead, cancelled, never, live):
        run.refresh_from_db()
    assert dead.status == "failed"
    assert "no heartbeat" in dead.error
    assert cancelled.status == "cancelled"
    assert never.status == "failed"
    assert "No worker took" in never.error
    assert live.status == "running"


def test_the_sweep_tasks_are_scheduled_every_minute(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["reporting-sweep-stale-runs"]["schedule"] == 60.0
    assert schedule["imports-sweep-stale-jobs"]["schedule"] == 60.0
    from recommendations.imports.tasks import sweep_stale_imports

    assert sweep_stale_imports.delay().get() == 0


# --- noticed on the page even with no worker left to sweep ----------------------------


def test_the_report_page_and_api_show_a_dead_run_failed_with_run_again(client, people):
    run = ReportRun.objects.create(
        kind="matrix", status="running", started=ago(), heartbeat_at=ago()
    )
    client.force_login(people["secretariat_admin"])
    page = client.get(f"/workspace/reports/runs/{run.pk}/").content.decode()
    assert 'data-status="failed"' in page
    assert "no heartbeat" in page
    assert "Run again" in page
    run.refresh_from_db()
    assert run.status == "failed"
    api = client.get(f"/api/v1/reports/{run.pk}/").json()
    assert api["status"] == "failed"


def test_the_import_page_and_api_show_a_dead_import_failed_with_run_again(client, people):
    job = import_job(status="running", started=ago(), heartbeat_at=ago())
    client.force_login(people["secretariat_admin"])
    page = client.get(f"/workspace/imports/{job.pk}/").content.decode()
    assert 'data-status="failed"' in page
    assert "no heartbeat" in page
    assert "Run again" in page
    assert client.get(f"/api/v1/imports/{job.pk}/").json()["status"] == "failed"


# --- heartbeats -----------------------------------------------------------------------


def test_a_report_run_beats_while_it_works(people, monkeypatch):
    from reporting.selectors import report as selectors

    seen = []
    original = selectors.report_data

    def read(run, **kwargs):
        seen.append(ReportRun.objects.get(pk=run.pk).heartbeat_at)
        return original(run, **kwargs)

    monkeypatch.setattr(selectors, "report_data", read)
    run = ReportRun.objects.create(kind="matrix", formats=["xlsx"])
    run_services.report_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == "done", run.error
    assert seen[0] is not None
    assert run.heartbeat_at >= seen[0]


def test_an_import_beats_with_its_progress(people, reference_data, monkeypatch):
    from recommendations.imports.jobs import import_job_run

    beats = []
    original = jobs.Heartbeat.beat

    def beat(self):
        beats.append(self.progress)
        original(self)

    monkeypatch.setattr(jobs.Heartbeat, "beat", beat)
    path = sample("upr-info/upr-info-voluntary-pledges.csv")  # 946 rows: two batches
    job = ImportJob(original_name=path.name, created_by=people["secretariat_admin"])
    job.file.save(path.name, ContentFile(path.read_bytes()), save=False)
    job.save()
    import_job_run(job.pk)
    job.refresh_from_db()
    assert job.heartbeat_at is not None
    assert job.status == "done", job.errors
    assert beats[0] is None  # the first beat, before any row
    assert len([b for b in beats if b]) >= 2  # and one per batch written, with its progress


def test_a_threaded_heartbeat_writes_from_its_own_connection(transactional_db):
    job = import_job(status="running", started=ago(), heartbeat_at=ago())
    beat = jobs.Heartbeat(ImportJob, job.pk)
    beat.threaded = True
    with beat:
        beat.set_progress(40)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.progress == 40:
                break
            time.sleep(0.1)
    assert job.progress == 40
    assert job.heartbeat_at > ago(datetime.timedelta(seconds=30))
    assert jobs.live_progress(job) == 40


# --- cancel a stuck run, run again ------------------------------------------------------


def test_cancel_on_a_stuck_run_cancels_it_at_once(client, people):
    run = ReportRun.objects.create(
        kind="matrix", status="running", started=ago(), heartbeat_at=ago()
    )
    client.force_login(people["secretariat_admin"])
    response = client.post(f"/workspace/reports/runs/{run.pk}/cancel/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == "cancelled"
    assert run.finished


def test_cancel_over_the_api_on_a_stuck_run_cancels_it(client, people):
    run = ReportRun.objects.create(
        kind="matrix", status="running", started=ago(), heartbeat_at=ago()
    )
    client.force_login(people["secretariat_admin"])
    response = client.post(f"/api/v1/reports/{run.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_cancel_on_a_live_run_asks_its_worker(client, people):
    run = ReportRun.objects.create(
        kind="matrix", status="running", started=ago(), heartbeat_at=timezone.now()
    )
    client.force_login(people["secretariat_admin"])
    client.post(f"/workspace/reports/runs/{run.pk}/cancel/")
    run.refresh_from_db()
    assert run.status == "running"
    assert run.cancel_requested


def test_run_again_over_the_api_queues_a_failed_report(
    client, people, django_capture_on_commit_callbacks
):
    run = ReportRun.objects.create(kind="matrix", formats=["xlsx"], status="failed", error="x")
    client.force_login(people["secretariat_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/reports/{run.pk}/retry/")
    assert response.status_code == 202
    run.refresh_from_db()
    assert run.status == "done"


def test_run_again_of_a_failed_import_in_html_and_api(
    client, people, django_capture_on_commit_callbacks
):
    job = import_job(status="failed", errors=["worker died"])
    client.force_login(people["secretariat_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/workspace/imports/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status in ("done", "failed")
    assert job.errors != ["worker died"]  # it ran again
    ImportJob.objects.filter(pk=job.pk).update(status="failed", errors=["worker died"])
    response = client.post(f"/api/v1/imports/{job.pk}/retry/")
    assert response.status_code == 202
    assert response.json()["status"] == "queued"


@pytest.mark.parametrize("role", ["viewer", "focal_own", "nhri", "cso"])
def test_only_the_secretariat_may_run_an_import_again(client, people, role):
    job = import_job(status="failed", errors=["worker died"])
    client.force_login(people[role])
    assert client.post(f"/workspace/imports/{job.pk}/retry/").status_code == 403
    assert client.post(f"/api/v1/imports/{job.pk}/retry/").status_code == 403
    job.refresh_from_db()
    assert job.status == "failed"


def test_run_again_of_an_import_refuses_anonymous_wrong_method_and_a_done_job(client, people):
    job = import_job(status="done")
    response = client.post(f"/workspace/imports/{job.pk}/retry/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(f"/api/v1/imports/{job.pk}/retry/").status_code == 401
    client.force_login(people["secretariat_admin"])
    assert client.get(f"/workspace/imports/{job.pk}/retry/").status_code == 405
    assert client.get(f"/api/v1/imports/{job.pk}/retry/").status_code == 405
    assert client.post(f"/api/v1/imports/{job.pk}/retry/").status_code == 400
    assert client.post("/workspace/imports/999/retry/").status_code == 404


# --- /healthz and the worker's heartbeat ----------------------------------------------


@pytest.fixture
def real_broker_settings(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "filesystem://"
    return settings


def test_healthz_reports_a_live_worker(client, real_broker_settings, tmp_path):
    real_broker_settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path)}
    jobs.worker_beat("vm:1")
    body = client.get("/healthz").json()
    assert body["worker"] == "ok"
    assert client.get("/healthz?strict=1").status_code == 200


def test_healthz_warns_of_a_late_worker_and_strict_fails_a_dead_one(
    client, real_broker_settings, tmp_path
):
    real_broker_settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path)}
    caches["jobs"].set(jobs.WORKER_KEY, {"at": time.time() - 60, "worker": "vm:1"})
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] == "late"
    assert client.get("/healthz?strict=1").status_code == 200
    caches["jobs"].set(jobs.WORKER_KEY, {"at": time.time() - 600, "worker": "vm:1"})
    assert client.get("/healthz").status_code == 200
    strict = client.get("/healthz?strict=1")
    assert strict.status_code == 503
    assert strict.json()["down"] == ["worker"]


def test_healthz_strict_fails_when_no_worker_ever_beat(client, real_broker_settings, tmp_path):
    real_broker_settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path)}
    caches["jobs"].clear()
    assert client.get("/healthz").json()["worker"] == "down"
    assert client.get("/healthz?strict=1").status_code == 503
