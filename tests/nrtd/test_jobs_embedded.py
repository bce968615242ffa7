"""The embedded default (no REDIS_URL): a real worker on Kombu's filesystem broker runs the
jobs, `make run` (manage.py serve) starts it beside the web server and Ctrl-C stops both, and
the runtime settings never run a task inside a request (issue 15, item 3)."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import ImportJob, Recommendation
from tests.factories import make_user
from tests.recommendations.fixtures.samples import sample

REPO = Path(__file__).resolve().parents[2]


def settings_in_a_fresh_process(tmp_path, **env_overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update({"NRTD_QUEUE_DIR": str(tmp_path / "queue"), **env_overrides})
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'eager': getattr(s, 'CELERY_TASK_ALWAYS_EAGER', 'unset'), "
        "'broker': s.CELERY_BROKER_URL, 'results': s.CELERY_RESULT_BACKEND, "
        "'jobs_cache': s.CACHES['jobs']['BACKEND']}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**env, "DJANGO_SETTINGS_MODULE": "nrtd.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_redis_jobs_go_to_a_filesystem_queue_and_never_run_eagerly(tmp_path):
    conf = settings_in_a_fresh_process(tmp_path)
    assert conf["eager"] == "unset"
    assert conf["broker"] == "filesystem://"
    assert conf["results"] == f"file://{tmp_path / 'queue' / 'results'}"
    assert conf["jobs_cache"].endswith("FileBasedCache")
    assert (tmp_path / "queue" / "messages").is_dir()


def test_with_redis_jobs_go_to_redis_and_never_run_eagerly(tmp_path):
    conf = settings_in_a_fresh_process(tmp_path, REDIS_URL="redis://127.0.0.1:6379/15")
    assert conf["eager"] == "unset"
    assert conf["broker"] == conf["results"] == "redis://127.0.0.1:6379/15"
    assert conf["jobs_cache"] == "nrtd.cache.FallbackRedisCache"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_upload_is_imported_by_a_worker_on_the_filesystem_broker(
    client, filesystem_worker_process, reference_data
):
    proc, queue = filesystem_worker_process
    client.force_login(make_user("secretariat_admin"))
    path = sample("ohchr-matrices/slovenia-upr-cycle2-session20.docx")
    file = SimpleUploadedFile(path.name, path.read_bytes())
    start = time.monotonic()
    response = client.post("/workspace/imports/", {"file": file})
    answered = time.monotonic() - start
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert answered < 5  # the request only queued the job
    _wait_for(job, "previewed")
    assert job.preview["default_states"] == ["SVN"]
    response = client.post(f"/workspace/imports/{job.pk}/import/", {"states_under_review": ["SVN"]})
    assert response.status_code == 302
    _wait_for(job, "done")
    assert job.result["created"] == 163
    assert job.heartbeat_at is not None
    assert Recommendation.objects.count() == 163
    assert proc.poll() is None


def _wait_for(job: ImportJob, status: str) -> None:
    """Wait for the worker to bring the job to `status` (or to fail)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (status, "done", "failed"):
            break
        time.sleep(0.2)
    assert job.status == status, job.errors


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = subprocess.run(  # noqa: S603
        ["pgrep", "-P", str(pid)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return [int(child) for child in found.stdout.split()]


def _process_group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.worker
def test_serve_runs_the_web_server_and_a_worker_restarts_it_and_ctrl_c_stops_both(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "NRTD_QUEUE_DIR": str(tmp_path / "queue"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "DEBUG": "on",
        }
    )
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        health = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:  # noqa: S310
                    health = json.load(r)
                if health["worker"] == "ok":
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert health is not None, (tmp_path / "serve.log").read_text()
        assert health["worker"] == "ok", (tmp_path / "serve.log").read_text()
        assert health["broker"] == "ok"
        children = _children(serve.pid)
        assert len(children) == 2  # runserver and the worker, each leading its group
        worker = next(
            pid for pid in children if b"celery" in Path(f"/proc/{pid}/cmdline").read_bytes()
        )
        os.killpg(worker, signal.SIGKILL)  # the worker dies: serve starts another
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            now = _children(serve.pid)
            if len(now) == 2 and worker not in now:
                break
            time.sleep(0.2)
        assert len(now) == 2
        assert worker not in now
        children = now
        serve.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert serve.wait(timeout=30) == 0
        deadline = time.monotonic() + 10  # killed processes linger until they are reaped
        while time.monotonic() < deadline and any(_process_group_alive(p) for p in children):
            time.sleep(0.2)
        assert not [pid for pid in children if _process_group_alive(pid)]
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
            serve.wait()
        log.close()
