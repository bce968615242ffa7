"""Celery tasks of reporting: thin wrappers that take ids and call services."""

from celery import shared_task

from reporting.services.runs import SOFT_TIME_LIMIT, TIME_LIMIT


@shared_task(
    name="reporting.run_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def run_report(run_id: int) -> None:
    from reporting.services.runs import report_run_execute

    report_run_execute(run_id)


@shared_task(name="reporting.sweep_stale_runs", soft_time_limit=60, time_limit=90)
def sweep_stale_runs() -> int:
    from reporting.services.runs import report_runs_sweep

    return report_runs_sweep()


@shared_task(name="reporting.send_deadline_reminders", soft_time_limit=300, time_limit=360)
def send_deadline_reminders() -> int:
    from reporting.services.calendar import deadline_reminders_send

    return deadline_reminders_send()
