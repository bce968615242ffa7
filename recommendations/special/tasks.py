"""Celery tasks of the special procedures: thin wrappers that call services."""

from celery import shared_task


@shared_task(
    name="recommendations.send_reply_reminders",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=3,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def send_reply_reminders() -> int:
    from recommendations.special.reminders import reply_reminders_send

    return reply_reminders_send()
