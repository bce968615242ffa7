"""Shared fixtures.

Celery runs eagerly in tests (here, and only here: the settings never do) unless a test asks
for a real worker: ``celery_worker_process`` on Redis (REDIS_URL), or
``filesystem_worker_process`` on the embedded filesystem broker that `make run` uses.

Browser tests (marked ``e2e``) need Debian's Chromium at /usr/bin/chromium; without it they
are skipped, and the run says so, except on CI where a missing browser is an error.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NRTD_CHROMIUM", "/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def pytest_collection_modifyitems(config, items):
    if chromium_available():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run the browser tests but {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason=f"browser tests skipped: {CHROMIUM} not installed")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not chromium_available():
        terminalreporter.write_line(
            f"NOTE: browser tests were skipped because {CHROMIUM} is not installed "
            "(apt-get install chromium to run them).",
            yellow=True,
        )


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    from nrtd.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request for a page in French or Arabic
    leaves that language active in the test's thread (the locale middleware activates it and
    nothing deactivates it), and labels translated later in another test would follow it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """The test settings, set once for every test: uploads in a temporary folder, and a fast
    password hasher (a test creates up to seven users; PBKDF2 at full strength crawls)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Heartbeats in this process's memory, not in files shared with a running `make run`.
    settings.CACHES = {
        **settings.CACHES,
        "jobs": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jobs"},
    }
    from django.core.cache import caches

    caches["jobs"].clear()  # ids come back between tests; their beats must not
    # Anonymous pages are cached under the public data generation, which starts again with
    # every test's empty cache: a page cached by one test (or a throttle count, or facet
    # counts) must not answer the next. Cleared after the test too, so none outlives it.
    caches["default"].clear()
    from recommendations.filtering import facets

    facets._LABEL_MEMOS.clear()  # ids come back between tests (SQLite), labels must not
    yield
    caches["default"].clear()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """A ``replica`` alias in every test run, as DATABASE_REPLICA_URL configures it: Django's
    test mirror of ``default`` (no second database), so tests can tell which alias a query
    used. The router only uses it when NRTD_PUBLIC_READS_ON_REPLICA is on."""
    from django.conf import settings
    from django.db import connections

    if "replica" not in settings.DATABASES:
        replica = {**settings.DATABASES["default"], "TEST": {"MIRROR": "default"}}
        settings.DATABASES["replica"] = replica
        configured = connections.configure_settings(
            {"default": settings.DATABASES["default"], "replica": replica}
        )
        connections.settings["replica"] = configured["replica"]


# --- people and institutions, defined once --------------------------------------------


@pytest.fixture
def own_institution(db):
    from tests.factories import InstitutionFactory

    return InstitutionFactory(name="Ministry of Health", acronym="MoH")


@pytest.fixture
def other_institution(db):
    from tests.factories import InstitutionFactory

    return InstitutionFactory(name="Ministry of Justice", acronym="MoJ")


@pytest.fixture
def people(own_institution, other_institution):
    """One user per role (keys: tests.factories.ROLES). focal_own holds a seat in
    own_institution, focal_other in the other one; the viewer reads for own_institution; the
    NHRI and the CSO speak for verified organisations."""
    from mechanisms.models import Profile
    from tests.factories import make_user

    R = Profile.Role  # noqa: N806
    return {
        "secretariat_admin": make_user(R.SECRETARIAT_ADMIN, username="admin"),
        "secretariat_staff": make_user(R.SECRETARIAT_STAFF, username="staff"),
        "focal_own": make_user(R.FOCAL_POINT, institution=own_institution, username="focal-own"),
        "focal_other": make_user(
            R.FOCAL_POINT, institution=other_institution, username="focal-other"
        ),
        "viewer": make_user(R.VIEWER, institution=own_institution, username="viewer"),
        "nhri": make_user(R.NHRI, username="nhri"),
        "cso": make_user(R.CSO, username="cso"),
    }


@pytest.fixture
def admin(people):
    return people["secretariat_admin"]


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def client_for(people):
    """client_for("focal_own") → an APIClient signed in as that role ("anonymous": none)."""
    from rest_framework.test import APIClient

    def make(role: str) -> APIClient:
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(people[role])
        return client

    return make


@pytest.fixture
def celery_worker_process(transactional_db, settings):
    """A real Celery worker process on Redis, using the test database.

    Tasks sent during the test go through the broker and run in that process. Needs
    REDIS_URL (with it, settings already point the broker and result backend at Redis) and a
    database another process can open (PostgreSQL, or SQLite on disk).
    """
    from nrtd.celery import app

    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("real-worker test skipped: REDIS_URL is not set")
    database_url = _database_url_for_worker()
    name = f"nrtd-test-{os.getpid()}@localhost"
    env = {**os.environ, "REDIS_URL": redis_url, "DATABASE_URL": database_url, "DEBUG": "on"}
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    log = REPO / "test-output" / f"worker-{os.getpid()}.log"
    proc = _start_worker(env, log, "-n", name)
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        _wait_for_worker(app, name, proc, log)
        yield proc
    finally:
        _stop_worker(proc)


def _start_worker(env: dict, log: Path, *options: str) -> subprocess.Popen:
    """A Celery worker process of this project (solo pool), its output in ``log``."""
    from nrtd.celery import worker_command

    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as log_file:
        return subprocess.Popen(  # noqa: S603 - fixed argument list
            worker_command("--pool=solo", "--loglevel=INFO", *options),
            cwd=REPO,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )


def _stop_worker(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _database_url_for_worker() -> str:
    """The test database as a DATABASE_URL another process can open (skips when it cannot)."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3") and (
        db["NAME"] in ("", ":memory:") or "mode=memory" in str(db["NAME"])
    ):
        pytest.skip("real-worker test skipped: the test database is in memory (use PostgreSQL)")
    if db["ENGINE"].endswith("postgresql"):
        return (
            f"postgres://{db['USER'] or ''}:{db['PASSWORD'] or ''}@{db['HOST'] or ''}:"
            f"{db['PORT'] or ''}/{db['NAME']}"
        )
    return f"sqlite:///{db['NAME']}"


def _use_broker(app, **conf) -> dict:
    """Point this process's Celery app at another broker; returns what it was."""
    previous = {key: app.conf[key] for key in conf}
    app.conf.update(conf)
    app._pool = None
    if "amqp" in app.__dict__:
        app.__dict__["amqp"]._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    return previous


@pytest.fixture
def filesystem_worker_process(transactional_db, settings, tmp_path):
    """A real Celery worker process on the filesystem broker (the embedded default of
    `make run`), its queue in a temporary folder, using the test database. Yields the process
    and the queue folder."""
    from django.core.cache.backends.filebased import FileBasedCache

    from nrtd.celery import app

    database_url = _database_url_for_worker()
    queue = tmp_path / "queue"
    for part in ("messages", "control", "results", "cache"):
        (queue / part).mkdir(parents=True)
    previous = _use_broker(
        app,
        broker_url="filesystem://",
        broker_transport_options={
            "data_folder_in": str(queue / "messages"),
            "data_folder_out": str(queue / "messages"),
            "control_folder": str(queue / "control"),
            "polling_interval": 0.2,
        },
        result_backend=f"file://{queue / 'results'}",
    )
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "on"}
    env.pop("REDIS_URL", None)
    env["NRTD_QUEUE_DIR"] = str(queue)
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    log = REPO / "test-output" / f"fs-worker-{os.getpid()}.log"
    proc = _start_worker(env, log)
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    heartbeats = FileBasedCache(str(queue / "cache"), {})
    try:
        deadline = time.monotonic() + 60
        while not heartbeats.get("worker:heartbeat"):
            if proc.poll() is not None:
                raise RuntimeError(f"the Celery worker exited early:\n{log.read_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not start within 60 s; see {log}")
            time.sleep(0.2)
        yield proc, queue
    finally:
        _stop_worker(proc)
        _use_broker(app, **previous)


def _wait_for_worker(app, name, proc, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the Celery worker exited early; see {log}:\n{log.read_text()}")
        replies = app.control.ping(destination=[name], timeout=1.0)
        if any(replies):
            return
    raise RuntimeError(f"no Celery worker answered within {timeout}s; see {log}")


@pytest.fixture
def reference_data(db):
    """The shipped reference data (States, bodies, themes, groups, SDGs) in the test database."""
    from recommendations.reference.services import load_reference

    return load_reference()
