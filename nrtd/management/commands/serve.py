"""`make run`: the development web server and a Celery worker (with beat) side by side.

Each runs in its own process group (runserver's reloader and the worker's pool processes
with it). Ctrl-C (or SIGTERM) here is passed on to both groups as SIGINT; the worker gets
WORKER_GRACE seconds to finish the job in hand (a job it drops is noticed by its heartbeat and
can be run again), then both groups are killed. A worker that dies is started again (after a
pause if it keeps dying); if the web server stops, the worker is stopped too, so no worker
is left behind.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from nrtd.celery import worker_command

WORKER_GRACE = 10
MAX_RESTARTS = 3
RESTART_WINDOW = 60
RESTART_PAUSE = 15


class Command(BaseCommand):
    help = "Serve the app (runserver) and run a Celery worker with beat beside it."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true", help="runserver's --noreload")
        parser.add_argument(
            "--concurrency",
            type=int,
            help="worker processes (default: 1 on SQLite, which has one writer at a time; 2)",
        )

    def handle(self, *args, addrport, noreload, concurrency, **options):
        if concurrency is None:
            sqlite = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
            concurrency = 1 if sqlite else 2
        schedule = settings.VAR_DIR / "celerybeat-schedule"
        schedule.parent.mkdir(parents=True, exist_ok=True)
        worker_cmd = worker_command(
            "--beat", f"--schedule={schedule}", f"--concurrency={concurrency}", "--loglevel=INFO"
        )
        web_cmd = [sys.executable, "manage.py", "runserver", addrport]
        if noreload:
            web_cmd.append("--noreload")
        broker = "Redis" if settings.REDIS_URL else f"files under {settings.NRTD_QUEUE_DIR}"
        self.stdout.write(
            f"Starting a Celery worker with beat (queue: {broker}) and the web server."
        )
        # Handlers, not the SIGINT-ignored state a background shell may give us: the children
        # start with the default actions, and Ctrl-C or SIGTERM here stops both.
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
        web = subprocess.Popen(web_cmd, cwd=settings.BASE_DIR, start_new_session=True)  # noqa: S603
        worker = subprocess.Popen(worker_cmd, cwd=settings.BASE_DIR, start_new_session=True)  # noqa: S603
        restarts: list[float] = []
        try:
            while web.poll() is None:
                if worker.poll() is not None:
                    worker = self._restart(worker, worker_cmd, restarts)
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("Stopping the web server and the worker…")
            _stop([web, worker])
            return
        _stop([web, worker])
        self.stderr.write("The web server stopped; the worker was stopped too.")
        sys.exit(1)

    def _restart(self, worker, worker_cmd, restarts: list[float]):
        """A worker that died (killed, out of memory, its broker gone) is started again, as
        docker-compose's restart policy does; the job it had in hand is failed by the
        heartbeat sweep, with "Run again". One that keeps dying waits RESTART_PAUSE seconds
        between starts, and the web server goes on answering (/healthz says so)."""
        _signal_group(worker, signal.SIGKILL)  # what is left of its pool and beat
        now = time.monotonic()
        restarts[:] = [t for t in restarts if now - t < RESTART_WINDOW] + [now]
        pause = RESTART_PAUSE if len(restarts) > MAX_RESTARTS else 0
        self.stderr.write(
            f"The worker stopped (exit status {worker.returncode}); starting it again"
            + (f" in {pause} s (it keeps stopping: see its messages above)." if pause else ".")
        )
        time.sleep(pause)
        return subprocess.Popen(worker_cmd, cwd=settings.BASE_DIR, start_new_session=True)  # noqa: S603


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop(children) -> None:
    for child in children:
        _signal_group(child, signal.SIGINT)
    deadline = time.monotonic() + WORKER_GRACE
    for child in children:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
    for child in children:
        _signal_group(child, signal.SIGKILL)  # whatever is left of the group
        child.wait()


def _signal_group(child, sig) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group is gone
        os.killpg(child.pid, sig)
