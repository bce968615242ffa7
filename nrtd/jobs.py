"""What every background job shares (imports, report runs): queueing once the transaction
commits, with an honest answer when the queue is down; the job's heartbeat while it runs;
finding the jobs whose worker died; and the worker's own heartbeat for /healthz.

A job is a row with ``status`` (queued, running, then done, failed or cancelled) and
``heartbeat_at``. The row is the truth the pages read; the "jobs" cache (Redis, or files
beside the embedded queue) holds the same beats too, because an import writes its one
transaction for up to a minute and SQLite lets no other connection write meanwhile.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import logging
import os
import socket
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)

RUNNING = "running"
QUEUED = "queued"
WORKER_KEY = "worker:heartbeat"


class QueueUnavailable(Exception):  # noqa: N818 - a state, as Django's Http404
    """The job was saved but the job queue (the broker) refused it; the job is marked failed
    with the reason. Views answer 503."""

    def __init__(self, message: str, *, pk: int):
        super().__init__(message)
        self.message = message
        self.pk = pk


def queue_refused_message() -> str:
    return _(
        "The job could not be queued: the job queue (broker) is not answering. Nothing was "
        "done; try again in a few minutes, or ask the administrator to check the queue."
    )


def enqueue_on_commit(task, pk: int, *, refused: Callable[[str], None]) -> None:
    """Send ``task(pk)`` once the transaction commits. If the broker refuses or does not
    answer within its short timeouts, call ``refused(message)`` (which marks the row failed)
    and raise QueueUnavailable to the caller, whose view answers 503.

    Failing at once (rather than leaving the row queued for a sweep to send again) tells the
    person who asked while they are still there, and does not pile up work for a queue that
    is down; "Run again" sends it when the queue is back."""

    def send() -> None:
        if task.app.conf.task_always_eager:
            task.delay(pk)  # tests: an error is the task's own, not the queue's
            return
        try:
            task.delay(pk)  # the job tasks keep no result: no result backend to reach
        except (KombuError, OSError) as exc:
            logger.error("could not queue %s(%s): %s", task.name, pk, exc)
            message = queue_refused_message()
            refused(message)
            raise QueueUnavailable(message, pk=pk) from exc

    transaction.on_commit(send)


# --- a job's heartbeat --------------------------------------------------------------------


def _beat_key(model, pk: int) -> str:
    return f"beat:{model._meta.label_lower}:{pk}"


def last_beat(model, pk: int) -> dict | None:
    """The job's latest beat from the jobs cache: {"at": epoch seconds, "progress": n}."""
    try:
        return caches["jobs"].get(_beat_key(model, pk))
    except Exception:  # a cache that is down knows nothing
        logger.debug("jobs cache unreadable", exc_info=True)
        return None


@contextlib.contextmanager
def cycle_collector_paused():
    """Python's cycle collector off while a job builds its rows. Each collection walks
    every object alive, and a report holds tens of thousands of rows: on the 10,000-row
    matrix the collector took a third of the CPU time reading them (issue 18). The rows make
    no cycles; what a job leaves in cycles is collected after, when the collector resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Heartbeat:
    """While a job runs, write ``heartbeat_at`` (and the progress it was given) on its row
    every NRTD_JOB_HEARTBEAT_SECONDS and whenever the progress moves, from a thread with its
    own database connection: it beats through long steps (a PDF, one big transaction) and
    stops when the worker process dies, which is what the sweep looks for.

    Run eagerly (tests), it writes from the caller's thread when the progress moves."""

    def __init__(self, model, pk: int):
        self.model, self.pk = model, pk
        self.progress: int | None = None
        self.threaded = not _eager()
        self._stop = threading.Event()
        self._moved = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Heartbeat:
        if self.threaded:
            self._thread = threading.Thread(
                target=self._run, name=f"heartbeat-{self.pk}", daemon=True
            )
            self._thread.start()
        else:
            self.beat()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._moved.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def set_progress(self, percent: int) -> None:
        if percent == self.progress:
            return
        self.progress = percent
        if self.threaded:
            self._moved.set()
        else:
            self.beat()

    def _run(self) -> None:
        try:
            if connection.vendor == "sqlite":
                # Another connection may hold SQLite's one write lock (the import's own
                # transaction): give up on this beat quickly; the cache has it.
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA busy_timeout = 500")
            while not self._stop.is_set():
                self.beat()
                self._moved.wait(settings.NRTD_JOB_HEARTBEAT_SECONDS)
                self._moved.clear()
                # At most two writes a second however fast progress moves; a job that ends
                # does not wait for it (a sleep here added up to 0.5 s to every job).
                self._stop.wait(0.5)
        except Exception:
            logger.exception("heartbeat of %s %s stopped", self.model.__name__, self.pk)
        finally:
            connection.close()

    def beat(self) -> None:
        now = timezone.now()
        try:
            caches["jobs"].set(
                _beat_key(self.model, self.pk),
                {"at": now.timestamp(), "progress": self.progress},
                timeout=max(settings.NRTD_JOB_HEARTBEAT_TIMEOUT * 4, 600),
            )
        except Exception:
            logger.debug("jobs cache unwritable", exc_info=True)
        fields: dict = {"heartbeat_at": now}
        if self.progress is not None:
            fields["progress"] = self.progress
        try:
            self.model.objects.filter(pk=self.pk, status=RUNNING).update(**fields)
        except DatabaseError as exc:
            # SQLite, while the import's own transaction holds the write lock: the cache has it.
            logger.debug("heartbeat of %s %s not written (%s)", self.model.__name__, self.pk, exc)


def _cancel_key(model, pk: int) -> str:
    return f"cancel:{model._meta.label_lower}:{pk}"


def request_cancel(model, pk: int, *, by: str = "") -> None:
    """Ask the worker running a job to stop. The flag lives in the jobs cache, not on the
    row: an import holds SQLite's one write lock for its whole transaction, and the worker
    reads the cache between batches (``Heartbeat.cancel_asked``)."""
    caches["jobs"].set(
        _cancel_key(model, pk),
        {"by": by},
        timeout=max(settings.NRTD_JOB_HEARTBEAT_TIMEOUT * 4, 3600),
    )


def cancel_asked(model, pk: int) -> dict | None:
    """{"by": username} if a cancel was asked for the job, else None."""
    try:
        return caches["jobs"].get(_cancel_key(model, pk))
    except Exception:  # a cache that is down: go on; the job's page says it could not stop
        logger.debug("jobs cache unreadable", exc_info=True)
        return None


def forget_cancel(model, pk: int) -> None:
    try:
        caches["jobs"].delete(_cancel_key(model, pk))
    except Exception:
        logger.debug("jobs cache unwritable", exc_info=True)


def _eager() -> bool:
    from nrtd.celery import app

    return bool(app.conf.task_always_eager)


def live_progress(job) -> int:
    """The job's progress, or the newer one its heartbeat left in the jobs cache (an import
    writes its rows in one transaction; on SQLite the row cannot be updated meanwhile)."""
    if job.status != RUNNING:
        return job.progress
    beat = last_beat(type(job), job.pk)
    if beat and beat.get("progress") is not None:
        return max(job.progress, int(beat["progress"]))
    return job.progress


# --- finding the jobs nobody works on -------------------------------------------------


def heartbeat_cutoff(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(seconds=settings.NRTD_JOB_HEARTBEAT_TIMEOUT)


def is_stuck(job, *, now: datetime.datetime | None = None) -> bool:
    """A running job whose last sign of life is older than the heartbeat timeout."""
    now = now or timezone.now()
    if job.status != RUNNING:
        return False
    seen = job.heartbeat_at or job.started
    if seen is None or seen >= heartbeat_cutoff(now):
        return False
    beat = last_beat(type(job), job.pk)
    return not (beat and beat["at"] >= heartbeat_cutoff(now).timestamp())


def dead_running(queryset: QuerySet, *, now: datetime.datetime) -> list[int]:
    """Ids of running jobs with no heartbeat (on the row or in the cache) within the timeout."""
    cutoff = heartbeat_cutoff(now)
    candidates = queryset.filter(status=RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started__lt=cutoff)
    )
    ids = []
    for pk in candidates.values_list("pk", flat=True):
        beat = last_beat(queryset.model, pk)
        if beat and beat["at"] >= cutoff.timestamp():
            continue  # beating, but its row is locked by its own transaction (SQLite)
        ids.append(pk)
    return ids


def stuck_queued(queryset: QuerySet, *, queued_field: str, now: datetime.datetime) -> list[int]:
    """Ids of jobs queued longer than NRTD_JOB_QUEUED_TIMEOUT.

    Ids, read first, so that the caller writes only when there is something to write: an
    UPDATE that matches nothing still waits for SQLite's write lock, which a running import
    holds for its whole transaction, and the job's page sweeps on every poll."""
    cutoff = now - datetime.timedelta(seconds=settings.NRTD_JOB_QUEUED_TIMEOUT)
    return list(
        queryset.filter(status=QUEUED, **{f"{queued_field}__lt": cutoff}).values_list(
            "pk", flat=True
        )
    )


def jobs_sweep(model, *, queued_field: str, now=None, pk: int | None = None) -> int:
    """Fail the jobs of ``model`` whose worker died (no heartbeat) and those no worker took,
    with the reason. With ``pk``, that job only: its page checks it, so a dead worker is
    noticed even when no worker is left to sweep."""
    now = now or timezone.now()
    jobs = model.objects.all() if pk is None else model.objects.filter(pk=pk)
    # Ids first, then a write only if there is one (see stuck_queued).
    dead = dead_running(jobs, now=now)
    never = stuck_queued(jobs, queued_field=queued_field, now=now)
    count = 0
    if dead:
        count += model.objects.filter(pk__in=dead, status=RUNNING).update(
            status="failed", errors=[no_heartbeat_message()], finished=now
        )
    if never:
        count += model.objects.filter(pk__in=never, status=QUEUED).update(
            status="failed", errors=[never_started_message()], finished=now
        )
    return count


def no_heartbeat_message() -> str:
    return _(
        "The job stopped without finishing: its worker sent no heartbeat for %(seconds)s "
        "seconds (it was stopped, or crashed). Nothing of it was kept; run it again."
    ) % {"seconds": settings.NRTD_JOB_HEARTBEAT_TIMEOUT}


def never_started_message() -> str:
    return _(
        "No worker took this job within %(minutes)s minutes (is the worker running?). Run it again."
    ) % {"minutes": settings.NRTD_JOB_QUEUED_TIMEOUT // 60}


# --- the worker's heartbeat, for /healthz ----------------------------------------------


class WorkerHeartbeat:
    """A thread in the worker's main process writing the time to the jobs cache every few
    seconds; it stops when the worker stops or dies."""

    def __init__(self, every: float):
        self.every = every
        self.stop = threading.Event()
        self.ident = f"{socket.gethostname()}:{os.getpid()}"

    def run(self) -> None:
        while not self.stop.is_set():
            worker_beat(self.ident)
            self.stop.wait(self.every)


def worker_beat(ident: str) -> None:
    try:
        caches["jobs"].set(WORKER_KEY, {"at": time.time(), "worker": ident}, timeout=24 * 3600)
    except Exception:
        logger.warning("worker heartbeat not written", exc_info=True)


def worker_status() -> tuple[str, float | None]:
    """("ok" | "late" | "down", seconds since the last worker heartbeat or None)."""
    try:
        beat = caches["jobs"].get(WORKER_KEY)
    except Exception:
        logger.warning("worker heartbeat unreadable", exc_info=True)
        beat = None
    if not beat:
        return "down", None
    age = max(0.0, time.time() - beat["at"])
    if age <= settings.NRTD_WORKER_LATE:
        return "ok", age
    if age <= settings.NRTD_JOB_HEARTBEAT_TIMEOUT:
        return "late", age
    return "down", age
