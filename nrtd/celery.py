"""The Celery application, configured from Django settings (CELERY_* names).

A worker writes its heartbeat to the jobs cache from its main process while it runs
(nrtd.jobs.WorkerHeartbeat), so /healthz can tell whether any worker is alive.
"""

import os
import sys
import threading

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nrtd.settings")

app = Celery("nrtd")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

WORKER_HEARTBEAT_SECONDS = 15
_heartbeat = None


def worker_command(*options: str) -> list[str]:
    """The command line that starts a worker of this app with ``options`` (``make run``
    starts one). Workers never talk to each other (no gossip, no mingle): each takes its
    jobs from the broker alone, and starts faster."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "nrtd",
        "worker",
        *options,
        "--without-gossip",
        "--without-mingle",
    ]


@worker_ready.connect
def _start_worker_heartbeat(**kwargs):
    global _heartbeat  # noqa: PLW0603 - one per worker process
    from nrtd.jobs import WorkerHeartbeat

    _heartbeat = WorkerHeartbeat(every=WORKER_HEARTBEAT_SECONDS)
    threading.Thread(target=_heartbeat.run, name="worker-heartbeat", daemon=True).start()


@worker_shutdown.connect
def _stop_worker_heartbeat(**kwargs):
    if _heartbeat is not None:
        _heartbeat.stop.set()
