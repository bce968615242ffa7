"""The job queue (broker) down: the request that queues a job answers 503 within seconds,
the job is marked failed with the reason, and the pages that only use the cache still
answer (issue 19, item 4). The broker is a port nothing listens on."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import ImportJob
from reporting.models import ReportRun
from tests.recommendations.fixtures.builders import build_uhri_xlsx, uhri_rows

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1

CSV = (
    "Recommendation,Recommending State,State under review,Session,Cycle,Response,Action\n"
    "Ratify the Convention,France,Slovenia,20,2,Supported,3\n"
)


@pytest.fixture
def broker_down(settings):
    from nrtd.celery import app
    from tests.conftest import _use_broker

    previous = _use_broker(
        app,
        broker_url=DEAD_REDIS,
        result_backend=DEAD_REDIS,
        broker_transport_options={"socket_connect_timeout": 1, "socket_timeout": 1},
    )
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield
    _use_broker(app, **previous)
    app.conf.task_always_eager = True


def upload():
    return SimpleUploadedFile("upr.csv", CSV.encode(), content_type="text/csv")


@pytest.mark.django_db(transaction=True)
def test_an_upload_with_the_broker_down_answers_503_at_once_and_fails_the_job(
    client, people, broker_down
):
    client.force_login(people["secretariat_admin"])
    start = time.monotonic()
    response = client.post("/workspace/imports/", {"file": upload()})
    elapsed = time.monotonic() - start
    assert response.status_code == 503
    assert elapsed < 8
    assert "job queue" in response.content.decode()
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert "job queue" in job.errors[0]
    assert job.finished


@pytest.mark.django_db(transaction=True)
def test_an_api_upload_with_the_broker_down_answers_503_naming_the_failed_job(
    client, people, broker_down
):
    client.force_login(people["secretariat_admin"])
    response = client.post("/api/v1/imports/", {"file": upload()})
    assert response.status_code == 503
    body = response.json()
    assert body["error"]["code"] == "queue_unavailable"
    assert body["job"] == ImportJob.objects.get().pk
    assert response["Retry-After"] == "60"
    assert ImportJob.objects.get().status == "failed"


@pytest.mark.django_db(transaction=True)
def test_a_report_request_with_the_broker_down_answers_503_in_html_and_api(
    client, people, broker_down
):
    client.force_login(people["secretariat_admin"])
    page = client.post(
        "/workspace/reports/", {"kind": "matrix", "formats": ["xlsx"], "language": "en"}
    )
    assert page.status_code == 503
    assert "job queue" in page.content.decode()
    api = client.post("/api/v1/reports/", {"kind": "matrix"}, content_type="application/json")
    assert api.status_code == 503
    assert api.json()["error"]["code"] == "queue_unavailable"
    runs = ReportRun.objects.all()
    assert [r.status for r in runs] == ["failed", "failed"]
    assert all("job queue" in r.error for r in runs)


@pytest.mark.django_db(transaction=True)
def test_run_again_with_the_broker_still_down_answers_503(client, people, broker_down):
    run = ReportRun.objects.create(kind="matrix", formats=["xlsx"], status="failed", error="x")
    client.force_login(people["secretariat_admin"])
    response = client.post(f"/workspace/reports/runs/{run.pk}/retry/")
    assert response.status_code == 503
    run.refresh_from_db()
    assert run.status == "failed"
    assert "job queue" in run.error


@pytest.fixture
def redis_cache_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "nrtd.cache.FallbackRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }


@pytest.mark.django_db
def test_the_anonymous_api_answers_while_the_cache_redis_is_down(client, redis_cache_down):
    assert client.get("/api/v1/").status_code == 200
    assert client.get("/api/v1/recommendations/").status_code == 200


@pytest.mark.django_db
def test_the_token_endpoint_answers_and_still_throttles_while_redis_is_down(
    client, settings, redis_cache_down
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "600/hour", "token": "3/hour"},
    }
    answers = [
        client.post("/api/v1/auth/token/", {"username": "nobody", "password": "x"}).status_code
        for _ in range(4)
    ]
    assert answers == [400, 400, 400, 429]  # throttled from this process's memory


def test_the_fallback_cache_tries_redis_again_after_a_pause(monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    from nrtd import cache as fallback

    backend = fallback.FallbackRedisCache(
        DEAD_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    )
    backend.set("k", 1)
    assert backend.redis_down
    tries = []
    original = RedisCache.get
    monkeypatch.setattr(
        RedisCache, "get", lambda self, *a, **kw: tries.append(1) or original(self, *a, **kw)
    )
    assert backend.get("k") == 1  # from memory, without trying Redis
    assert tries == []
    backend._down_until = 0  # the pause is over
    assert backend.get("k") == 1
    assert tries == [1]


@pytest.mark.django_db(transaction=True)
def test_a_ministry_sheet_upload_with_the_broker_down_answers_503_and_fails_the_job(
    client, people, broker_down
):
    from recommendations.models import SheetUpload

    client.force_login(people["focal_own"])
    sheet = SimpleUploadedFile("sheet.xlsx", b"PK\x03\x04" + b"\x00" * 64)
    response = client.post("/workspace/my-work/sheet/upload/", {"file": sheet})
    assert response.status_code == 503
    assert "job queue" in response.content.decode()
    upload = SheetUpload.objects.get()
    assert upload.status == "failed"
    assert "job queue" in upload.errors[0]


@pytest.mark.django_db(transaction=True)
def test_an_import_run_again_with_the_broker_still_down_answers_503_on_its_page(
    client, people, broker_down
):
    client.force_login(people["secretariat_admin"])
    client.post("/workspace/imports/", {"file": upload()})
    job = ImportJob.objects.get()
    response = client.post(f"/workspace/imports/{job.pk}/retry/")
    assert response.status_code == 503
    assert "job queue" in response.content.decode()
    job.refresh_from_db()
    assert job.status == "failed"


@pytest.mark.django_db(transaction=True)
def test_the_choice_after_a_preview_with_the_broker_down_answers_503_and_fails_the_job(
    client, people, request, reference_data, tmp_path
):
    client.force_login(people["secretariat_admin"])
    path = build_uhri_xlsx(tmp_path / "uhri.xlsx", rows=uhri_rows()[:3])
    file = SimpleUploadedFile(path.name, path.read_bytes())
    client.post("/workspace/imports/", {"file": file})  # previewed by the eager worker
    job = ImportJob.objects.get()
    assert job.status == "previewed", job.errors
    request.getfixturevalue("broker_down")
    response = client.post(f"/workspace/imports/{job.pk}/import/", {"states_under_review": "TLS"})
    assert response.status_code == 503
    page = response.content.decode()
    assert "job queue" in page
    job.refresh_from_db()
    assert job.status == "failed"
