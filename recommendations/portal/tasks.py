"""Celery tasks of the portal's dialogue: thin wrappers that load ids and call services.

Registered by name; the worker imports this module through ``recommendations.tasks``.
"""

from nrtd.task_policies import mail_task


@mail_task(
    "recommendations.send_contribution_published",
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
    retry_backoff=30,
)
def send_contribution_published(kind: str, pk: int) -> int:
    from recommendations.portal.notifications import send_contribution_published as send

    return send(kind, pk)


@mail_task(
    "recommendations.send_reply_published",
    soft_time_limit=2 * 60,
    time_limit=3 * 60,
    retry_backoff=30,
)
def send_reply_published(pk: int) -> int:
    from recommendations.portal.notifications import send_reply_published as send

    return send(pk)
