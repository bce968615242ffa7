"""Celery tasks of reporting: thin wrappers that take ids and call services.

Each task's time limits and delivery policy are set here, on its decorator. Services import
this module to enqueue a task (``transaction.on_commit``) and read the limits from the task;
each task imports its service inside its body, so neither module imports the other at load.
"""

from celery import shared_task

from nrtd.task_policies import job_task, sweep_task


# A 1,000-recommendation mid-term report takes well under a minute for Word; the PDF takes
# longer. Acknowledged only when done, so a worker that dies hands the run to another (which
# starts it again); the stale-run sweep fails runs no worker took over after the hard limit.
@job_task(
    "reporting.run_report",
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
    reject_on_worker_lost=True,
)
def run_report(run_id: int) -> None:
    from reporting.services.runs import report_run_execute

    report_run_execute(run_id)


@sweep_task("reporting.sweep_stale_runs")
def sweep_stale_runs() -> int:
    from reporting.services.runs import report_runs_sweep

    return report_runs_sweep()


@shared_task(name="reporting.send_deadline_reminders", soft_time_limit=300, time_limit=360)
def send_deadline_reminders() -> int:
    from reporting.services.calendar import deadline_reminders_send

    return deadline_reminders_send()


@shared_task(name="reporting.refresh_performance", soft_time_limit=240, time_limit=300)
def refresh_performance() -> None:
    from reporting.selectors.performance import performance_summary_refresh

    performance_summary_refresh()


# One message per recipient: a consultation sent to every CSO following a theme can reach
# hundreds of addresses, more than a request should wait for.
@shared_task(name="reporting.send_consultation_invitations", soft_time_limit=300, time_limit=360)
def send_consultation_invitations(consultation_id: int, consultation_url: str) -> int:
    from reporting.services.drafts import consultation_invitations_send

    return consultation_invitations_send(consultation_id, consultation_url)
