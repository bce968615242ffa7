"""Outage checks (issue 19, items 4 and 5): what the app does when its worker dies in the
middle of a job and when its broker (Redis) stops. Not collected by pytest; prints what it
observed and exits non-zero if something was not as it should be.

    .venv/bin/python tests/outage/check_outages.py

By default it starts its own instance the way `make run` does (migrate, seed_demo,
`manage.py serve`) in a temporary folder, with a private redis-server on a free port as
its broker and cache (the shared Redis on 6379 is never touched), or with --embedded on the
filesystem queue of `make run` without Redis (its folder moved away plays the broker down),
and runs:

1. worker killed mid-run: upload the UPR Info sample, SIGKILL the worker while the import
   runs; the job must turn "failed" (no heartbeat) within 2 minutes, /healthz must say the
   worker is late or down meanwhile, `serve` must start a new worker, and "Run again" must
   finish the import;
2. broker down: stop Redis; asking for a report (API and page) and uploading a file must
   answer 503 within seconds and leave the job "failed" with the reason; the anonymous API
   and the token endpoint must still answer (no 500); /healthz must answer 503 naming the
   broker; once Redis is back, "Run again" must finish the report;
3. broker hangs (a host that accepts connections and never answers: the private Redis is
   frozen with SIGSTOP, as `docker compose pause redis` does): asking for a report must
   still answer 503 within seconds, the anonymous API and the token endpoint must answer,
   and once Redis is thawed "Run again" must finish the report. Not with --embedded.

Against an instance already running (docker-compose, say), give its address and the
commands that stop and start its broker and kill its worker:

    .venv/bin/python tests/outage/check_outages.py --url https://nrtd.example.org \\
        --username secretariat --password ... \\
        --kill-worker "docker compose kill worker" --restart-worker "docker compose start worker" \\
        --stop-broker "docker compose stop redis" --start-broker "docker compose start redis" \\
        --hang-broker "docker compose pause redis" --resume-broker "docker compose unpause redis"
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
SAMPLE = (
    Path(os.environ.get("NRTD_SHARED_DATA", REPO.parent / "shared" / "data"))
    / "upr-info"
    / "upr-info-sessions-01-05.csv"
)
DETECT_WITHIN = 120  # seconds: "a dead worker is noticed within 2 minutes"

problems: list[str] = []


def say(message: str) -> None:
    print(message, flush=True)


def check(ok: bool, message: str) -> None:
    say(f"  [{'ok' if ok else 'FAIL'}] {message}")
    if not ok:
        problems.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalInstance:
    """A throw-away instance as `make run` starts it, on a private Redis (or, embedded, on
    the filesystem queue, which is "down" while its folder is moved away)."""

    def __init__(self, *, embedded: bool = False):
        self.embedded = embedded
        self.folder = Path(tempfile.mkdtemp(prefix="nrtd-outage-"))
        self.redis_port = free_port()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        self.env.update(
            {
                "DATABASE_URL": f"sqlite:///{self.folder / 'nrtd.sqlite3'}",
                "NRTD_QUEUE_DIR": str(self.folder / "queue"),
                "MEDIA_ROOT": str(self.folder / "media"),
                "DEBUG": "on",
            }
        )
        if not embedded:
            self.env["REDIS_URL"] = f"redis://127.0.0.1:{self.redis_port}/0"
        self.redis = None
        self.serve = None

    def start(self) -> None:
        self.start_broker()
        say(f"set-up in {self.folder} (migrate, seed_demo)…")
        for args in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
            subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *args],
                cwd=REPO,
                env=self.env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self.log = (self.folder / "serve.log").open("wb")
        self.serve = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "serve", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def start_broker(self) -> None:
        if self.embedded:
            away = self.folder / "queue" / "messages-away"
            if away.exists():
                away.rename(self.folder / "queue" / "messages")
            return
        redis_server = shutil.which("redis-server")
        if not redis_server:
            raise SystemExit("redis-server is not installed")
        self.redis = subprocess.Popen(  # noqa: S603
            [redis_server, "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def stop_broker(self) -> None:
        if self.embedded:
            (self.folder / "queue" / "messages").rename(self.folder / "queue" / "messages-away")
            return
        self.redis.terminate()
        self.redis.wait()

    def hang_broker(self) -> None:
        self.redis.send_signal(signal.SIGSTOP)  # the port still accepts; nothing answers

    def resume_broker(self) -> None:
        self.redis.send_signal(signal.SIGCONT)

    def worker_pid(self) -> int | None:
        found = subprocess.run(  # noqa: S603
            ["pgrep", "-P", str(self.serve.pid)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        for pid in found.stdout.split():
            if b"celery" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return int(pid)
        return None

    def kill_worker(self) -> None:
        os.killpg(self.worker_pid(), signal.SIGKILL)  # the worker and its pool, at once

    def restart_worker(self) -> None:
        pass  # serve starts a new worker by itself

    def stop(self) -> None:
        if self.serve and self.serve.poll() is None:
            self.serve.send_signal(signal.SIGINT)
            self.serve.wait(timeout=60)
        if self.redis and self.redis.poll() is None:
            self.redis.send_signal(signal.SIGCONT)
            self.redis.terminate()
            self.redis.wait()
        say(f"instance stopped; its log: {self.folder / 'serve.log'}")


class RemoteInstance:
    def __init__(self, options):
        self.url = options.url.rstrip("/")
        self.options = options

    def _run(self, command: str | None, what: str) -> None:
        if not command:
            raise SystemExit(f"give --{what} to run this check against {self.url}")
        subprocess.run(shlex.split(command), check=True)  # noqa: S603

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def kill_worker(self) -> None:
        self._run(self.options.kill_worker, "kill-worker")

    def restart_worker(self) -> None:
        self._run(self.options.restart_worker, "restart-worker")

    def stop_broker(self) -> None:
        self._run(self.options.stop_broker, "stop-broker")

    def start_broker(self) -> None:
        self._run(self.options.start_broker, "start-broker")

    def hang_broker(self) -> None:
        self._run(self.options.hang_broker, "hang-broker")

    def resume_broker(self) -> None:
        self._run(self.options.resume_broker, "resume-broker")


def wait_for_worker(url: str, limit: float = 180) -> dict:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            health = requests.get(f"{url}/healthz", timeout=5).json()
            if health.get("worker") == "ok" and health.get("broker") == "ok":
                return health
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"no live worker at {url} within {limit} s")


def api_session(url: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    answer = session.post(
        f"{url}/api/v1/auth/token/", data={"username": username, "password": password}
    )
    answer.raise_for_status()
    session.headers["Authorization"] = f"Token {answer.json()['token']}"
    return session


def page_session(url: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    login = session.get(f"{url}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    session.post(
        f"{url}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{url}/accounts/login/"},
    )
    return session


def csrf(session: requests.Session, url: str, page: str) -> str:
    text = session.get(f"{url}{page}").text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)


def worker_killed_mid_run(instance, api: requests.Session) -> None:
    url = instance.url
    say("\n1. The worker is killed while it imports")
    with SAMPLE.open("rb") as stream:
        job = api.post(f"{url}/api/v1/imports/", files={"file": (SAMPLE.name, stream)}).json()
    while job["status"] == "queued" or (job["status"] == "running" and job["progress"] < 2):
        time.sleep(0.2)
        job = api.get(f"{url}/api/v1/imports/{job['id']}/").json()
    say(f"  import {job['id']} is {job['status']} at {job['progress']}%: killing the worker")
    instance.kill_worker()
    killed = time.monotonic()
    healths = set()
    while time.monotonic() - killed < DETECT_WITHIN + 30:
        job = api.get(f"{url}/api/v1/imports/{job['id']}/").json()
        health = requests.get(f"{url}/healthz", timeout=10).json()
        healths.add(health["worker"])
        if job["status"] != "running":
            break
        time.sleep(1)
    noticed = time.monotonic() - killed
    say(f"  after {noticed:.0f} s: {job['status']}: {' '.join(job['errors'])[:160]}")
    say(f"  /healthz said of the worker meanwhile: {sorted(healths)}")
    check(job["status"] == "failed", "the import killed mid-run is marked failed")
    check(noticed <= DETECT_WITHIN, f"noticed within {DETECT_WITHIN} s ({noticed:.0f} s)")
    check("heartbeat" in " ".join(job["errors"]), "its message says the worker stopped beating")
    instance.restart_worker()
    health = wait_for_worker(url)
    check(True, f"a worker is back: /healthz {health}")
    start = time.monotonic()
    answer = api.post(f"{url}/api/v1/imports/{job['id']}/retry/")
    check(answer.status_code == 202, f"Run again answers {answer.status_code}")
    while True:
        job = api.get(f"{url}/api/v1/imports/{job['id']}/").json()
        if job["status"] in ("done", "failed") or time.monotonic() - start > 300:
            break
        time.sleep(1)
    check(
        job["status"] == "done",
        f"run again: {job['status']} in {time.monotonic() - start:.0f} s, "
        f"created {job['result'].get('created')}",
    )


def broker_down(instance, api: requests.Session, page: requests.Session, options) -> None:
    url = instance.url
    say("\n2. The broker stops")
    instance.stop_broker()
    time.sleep(1)
    start = time.monotonic()
    answer = api.post(f"{url}/api/v1/reports/", json={"kind": "matrix"})
    took = time.monotonic() - start
    body = answer.json()
    say(f"  POST /api/v1/reports/: {answer.status_code} in {took:.1f} s: {body['error']}")
    check(answer.status_code == 503, "asking for a report answers 503")
    check(took < 5, f"within 5 s ({took:.1f} s)")
    run = api.get(f"{url}/api/v1/reports/{body.get('job')}/").json()
    check(run["status"] == "failed", f"the report run is {run['status']}: {run['error'][:90]}")

    start = time.monotonic()
    with SAMPLE.open("rb") as stream:
        answer = api.post(f"{url}/api/v1/imports/", files={"file": (SAMPLE.name, stream)})
    took = time.monotonic() - start
    say(f"  POST /api/v1/imports/: {answer.status_code} in {took:.1f} s")
    check(answer.status_code == 503, "uploading over the API answers 503")
    job = api.get(f"{url}/api/v1/imports/{answer.json().get('job')}/").json()
    check(job["status"] == "failed", f"the import job is {job['status']}")

    token = csrf(page, url, "/workspace/imports/")
    start = time.monotonic()
    with SAMPLE.open("rb") as stream:
        answer = page.post(
            f"{url}/workspace/imports/",
            data={"csrfmiddlewaretoken": token},
            files={"file": (SAMPLE.name, stream)},
            headers={"Referer": f"{url}/workspace/imports/"},
        )
    took = time.monotonic() - start
    say(f"  POST /workspace/imports/ (the upload page): {answer.status_code} in {took:.1f} s")
    check(answer.status_code == 503, "the upload page answers 503")
    check("job queue" in answer.text, "and says the job queue is not answering")

    token = csrf(page, url, "/workspace/reports/")
    answer = page.post(
        f"{url}/workspace/reports/",
        data={"csrfmiddlewaretoken": token, "kind": "matrix", "language": "en", "formats": "xlsx"},
        headers={"Referer": f"{url}/workspace/reports/"},
    )
    say(f"  POST /workspace/reports/ (the reports page): {answer.status_code}")
    check(answer.status_code == 503, "the reports page answers 503")

    anonymous = requests.get(f"{url}/api/v1/recommendations/?page_size=5", timeout=10)
    check(anonymous.status_code == 200, f"anonymous API: {anonymous.status_code}")
    token_answer = requests.post(
        f"{url}/api/v1/auth/token/",
        data={"username": options.username, "password": options.password},
        timeout=10,
    )
    check(token_answer.status_code == 200, f"POST /api/v1/auth/token/: {token_answer.status_code}")
    health = requests.get(f"{url}/healthz", timeout=10)
    say(f"  /healthz: {health.status_code} {health.json()}")
    check(health.status_code == 503, "/healthz answers 503 naming the broker")

    say("  starting the broker again")
    instance.start_broker()
    wait_for_worker(url)
    run_report_again(api, url, run["id"])


def run_report_again(api: requests.Session, url: str, pk: int) -> None:
    answer = api.post(f"{url}/api/v1/reports/{pk}/retry/")
    check(answer.status_code == 202, f"Run again of the report answers {answer.status_code}")
    start = time.monotonic()
    while True:
        run = api.get(f"{url}/api/v1/reports/{pk}/").json()
        if run["status"] in ("done", "failed") or time.monotonic() - start > 120:
            break
        time.sleep(0.5)
    check(run["status"] == "done", f"the report run again is {run['status']}")


def broker_hangs(instance, api: requests.Session, options) -> None:
    url = instance.url
    say("\n3. The broker hangs (accepts connections, never answers)")
    instance.hang_broker()
    try:
        start = time.monotonic()
        answer = api.post(f"{url}/api/v1/reports/", json={"kind": "matrix"}, timeout=120)
        took = time.monotonic() - start
        body = answer.json()
        say(f"  POST /api/v1/reports/: {answer.status_code} in {took:.1f} s")
        check(answer.status_code == 503, "asking for a report answers 503")
        check(took < 8, f"within 8 s ({took:.1f} s)")
        run = api.get(f"{url}/api/v1/reports/{body.get('job')}/", timeout=30).json()
        check(run["status"] == "failed", f"the report run is {run['status']}")
        start = time.monotonic()
        anonymous = requests.get(f"{url}/api/v1/recommendations/?page_size=5", timeout=30)
        took = time.monotonic() - start
        say(f"  anonymous GET /api/v1/recommendations/: {anonymous.status_code} in {took:.1f} s")
        check(anonymous.status_code == 200, f"anonymous API: {anonymous.status_code}")
        start = time.monotonic()
        token_answer = requests.post(
            f"{url}/api/v1/auth/token/",
            data={"username": options.username, "password": options.password},
            timeout=30,
        )
        took = time.monotonic() - start
        say(f"  POST /api/v1/auth/token/: {token_answer.status_code} in {took:.1f} s")
        check(token_answer.status_code == 200, f"token endpoint: {token_answer.status_code}")
        start = time.monotonic()
        health = requests.get(f"{url}/healthz", timeout=30)
        took = time.monotonic() - start
        say(f"  /healthz: {health.status_code} in {took:.1f} s {health.json()}")
        check(health.status_code == 503, "/healthz answers 503 naming the broker")
    finally:
        say("  thawing the broker")
        instance.resume_broker()
    wait_for_worker(url)
    run_report_again(api, url, run["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running instance (default: start one)")
    parser.add_argument("--username", default="secretariat")
    parser.add_argument("--password", default="nrtd-demo")
    parser.add_argument("--kill-worker")
    parser.add_argument("--restart-worker")
    parser.add_argument("--stop-broker")
    parser.add_argument("--start-broker")
    parser.add_argument("--hang-broker")
    parser.add_argument("--resume-broker")
    parser.add_argument("--only", choices=["worker", "broker", "hang"])
    parser.add_argument(
        "--embedded",
        action="store_true",
        help="the instance started here uses the filesystem queue (make run without REDIS_URL)",
    )
    options = parser.parse_args()
    instance = RemoteInstance(options) if options.url else LocalInstance(embedded=options.embedded)
    try:
        instance.start()
        health = wait_for_worker(instance.url)
        say(f"instance at {instance.url}: /healthz {health}")
        api = api_session(instance.url, options.username, options.password)
        page = page_session(instance.url, options.username, options.password)
        if options.only in (None, "worker"):
            worker_killed_mid_run(instance, api)
        if options.only in (None, "broker"):
            broker_down(instance, api, page, options)
        hang_possible = not options.embedded and (not options.url or options.hang_broker)
        if options.only in (None, "hang") and hang_possible:
            broker_hangs(instance, api, options)
    finally:
        instance.stop()
    say(f"\n{len(problems)} problem(s)" + "".join(f"\n  - {p}" for p in problems))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
