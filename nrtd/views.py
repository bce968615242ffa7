"""Project-level views: the health check used by load balancers and docker-compose."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

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


def _broker_status() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except redis.RedisError:
        logger.exception("health check: broker unreachable")
        return "down"
    return "ok"


@never_cache
@require_safe
def healthz(request):
    parts = {"database": _database_status(), "broker": _broker_status()}
    down = [name for name, state in parts.items() if state == "down"]
    if down:
        return JsonResponse({**parts, "down": down}, status=503)
    return JsonResponse(parts)
