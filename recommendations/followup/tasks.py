"""Celery tasks of the follow-up: thin wrappers that load ids and call services.

Registered by name; the worker imports this module through ``recommendations.tasks``.
"""

from nrtd.task_policies import job_task, mail_task, sweep_task


@mail_task("recommendations.send_daily_reminders", soft_time_limit=15 * 60, time_limit=20 * 60)
def send_daily_reminders() -> int:
    from recommendations.followup.reminders import send_daily_digests

    return send_daily_digests()


@mail_task(
    "recommendations.send_institution_reminder",
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
    retry_backoff=30,
)
def send_institution_reminder(round_id: int, institution_id: int, actor_id: int) -> int:
    from django.contrib.auth import get_user_model

    from mechanisms.models import Institution
    from recommendations.followup.reminders import institution_remind
    from recommendations.models import UpdateRound

    return institution_remind(
        actor=get_user_model().objects.get(pk=actor_id),
        update_round=UpdateRound.objects.get(pk=round_id),
        institution=Institution.objects.get(pk=institution_id),
    )


@job_task("recommendations.run_sheet_upload", soft_time_limit=10 * 60, time_limit=12 * 60)
def run_sheet_upload(upload_id: int) -> None:
    from recommendations.followup.sheet_upload import sheet_upload_run

    sheet_upload_run(upload_id)


@sweep_task("recommendations.sweep_stale_sheet_uploads")
def sweep_stale_sheet_uploads() -> int:
    from recommendations.followup.sheet_upload import sheet_uploads_sweep

    return sheet_uploads_sweep()
