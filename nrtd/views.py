"""Project-level views: the health check used by load balancers and docker-compose."""

import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from nrtd.jobs import worker_status

logger = logging.getLogger(__name__)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means the database is down for us
        logger.exception("health check: database unreachable")
        return "down"
    return "ok"


def _eager() -> bool:
    # Only tests run tasks eagerly (tests/conftest.py); the settings never do.
    return getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)


def _broker_status() -> str:
    if _eager():
        return "eager"
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        if folder.is_dir() and os.access(folder, os.W_OK):
            return "ok"
        logger.error("health check: queue folder %s missing or read-only", folder)
        return "down"
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
    except redis.RedisError:
        logger.exception("health check: broker unreachable")
        return "down"
    return "ok"


def _worker_status() -> tuple[str, float | None]:
    if _eager():
        return "eager", None
    return worker_status()


@never_cache
@require_safe
def healthz(request):
    """Database and broker down: 503. The worker is reported ("ok", "late" when its last
    heartbeat is older than NRTD_WORKER_LATE seconds, "down" past the job heartbeat timeout)
    but answers 503 only with ?strict=1, so that the web container stays up while the
    worker restarts."""
    parts = {"database": _database_status(), "broker": _broker_status()}
    worker, age = _worker_status()
    down = [name for name, state in parts.items() if state == "down"]
    if worker == "down" and request.GET.get("strict") == "1":
        down.append("worker")
    body = {**parts, "worker": worker}
    if age is not None:
        body["worker_heartbeat_age"] = round(age, 1)
    if down:
        return JsonResponse({**body, "down": down}, status=503)
    return JsonResponse(body)
