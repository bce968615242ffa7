"""Benchmark: an upload on the embedded default (`make run`: SQLite, the filesystem queue, a
worker beside the web server) answers at once, and the job's progress moves.

    .venv/bin/python tests/benchmarks/bench_upload_embedded.py [--database-url URL]

Sets up a throw-away copy the way `make run` does (migrate, seed_demo, then
`manage.py serve`) in a temporary folder, with no REDIS_URL; uploads the UPR Info sample
(6,094 rows) through the API as the demo secretariat; prints how long the request took
(goal: 1 s or less), each progress value the job showed and when, and how long until the job
was done. Then stops the server with SIGINT, as Ctrl-C does.
"""

from __future__ import annotations

import argparse
import os
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True)  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", help="default: a new SQLite file, as make run")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="nrtd-bench-embedded-"))
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        {
            "DATABASE_URL": options.database_url or f"sqlite:///{folder / 'nrtd.sqlite3'}",
            "NRTD_QUEUE_DIR": str(folder / "queue"),
            "MEDIA_ROOT": str(folder / "media"),
            "DEBUG": "on",
        }
    )
    print(f"set-up in {folder} (migrate, seed_demo)…", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed_demo")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (folder / "serve.log").open("wb")
    started = time.perf_counter()
    serve = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}", "--noreload"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        run(base, started)
    finally:
        serve.send_signal(signal.SIGINT)
        stop = time.perf_counter()
        code = serve.wait(timeout=60)
        print(
            f"SIGINT: web server and worker stopped in {time.perf_counter() - stop:.1f} s "
            f"(exit {code}); log: {folder / 'serve.log'}"
        )
        log.close()


def run(base: str, started: float) -> None:
    while True:
        try:
            health = requests.get(f"{base}/healthz", timeout=5).json()
            if health.get("worker") == "ok":
                break
        except requests.RequestException:
            pass
        if time.perf_counter() - started > 180:
            raise SystemExit("the server or its worker did not start within 180 s")
        time.sleep(0.5)
    print(f"web server and worker ready in {time.perf_counter() - started:.1f} s: {health}")
    session = requests.Session()
    token = session.post(
        f"{base}/api/v1/auth/token/", data={"username": "secretariat", "password": "nrtd-demo"}
    ).json()["token"]
    session.headers["Authorization"] = f"Token {token}"
    with SAMPLE.open("rb") as stream:
        start = time.perf_counter()
        answer = session.post(f"{base}/api/v1/imports/", files={"file": (SAMPLE.name, stream)})
        answered = time.perf_counter() - start
    assert answer.status_code == 202, answer.text
    job = answer.json()
    print(
        f"upload of {SAMPLE.name}: answered {answer.status_code} in {answered:.2f} s "
        f"(goal <= 1 s), job {job['id']} {job['status']}"
    )
    seen: list[tuple[float, str, int]] = []
    slowest_poll = 0.0
    while True:
        poll_start = time.perf_counter()
        job = session.get(f"{base}/api/v1/imports/{job['id']}/", timeout=60).json()
        slowest_poll = max(slowest_poll, time.perf_counter() - poll_start)
        state = (job["status"], job["progress"])
        if not seen or seen[-1][1:] != state:
            seen.append((time.perf_counter() - start, *state))
            print(f"  {seen[-1][0]:6.1f} s  {state[0]:8} {state[1]:3}%", flush=True)
        if job["status"] in ("done", "failed"):
            break
        if time.perf_counter() - start > 900:
            raise SystemExit("the job did not finish within 15 minutes")
        time.sleep(0.25)
    total = time.perf_counter() - start
    progress_values = sorted({p for _, status, p in seen if status == "running"})
    print(
        f"job {job['status']} {total:.1f} s after the upload; created "
        f"{job['result'].get('created')}, rows {job['result'].get('rows')}"
    )
    print(
        f"progress values seen while running: {progress_values} "
        f"({'moves' if len(progress_values) > 1 else 'DID NOT MOVE'})"
    )
    print(f"slowest status poll while the job ran: {slowest_poll:.2f} s")


if __name__ == "__main__":
    main()
