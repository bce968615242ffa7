"""Celery tasks of the special procedures: thin wrappers that call services."""

from nrtd.task_policies import mail_task


@mail_task("recommendations.send_reply_reminders", soft_time_limit=5 * 60, time_limit=6 * 60)
def send_reply_reminders() -> int:
    from recommendations.special.reminders import reply_reminders_send

    return reply_reminders_send()
