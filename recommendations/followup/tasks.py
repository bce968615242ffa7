"""Celery tasks of the follow-up: thin wrappers that load ids and call services.

Registered by name; the worker imports this module through ``recommendations.tasks``.
"""

from celery import shared_task


@shared_task(
    name="recommendations.send_daily_reminders",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=3,
    soft_time_limit=15 * 60,
    time_limit=20 * 60,
)
def send_daily_reminders() -> int:
    from recommendations.followup.reminders import send_daily_digests

    return send_daily_digests()


@shared_task(
    name="recommendations.send_institution_reminder",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=3,
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
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


# The upload's row holds its outcome; the result backend keeps nothing.
@shared_task(
    name="recommendations.run_sheet_upload",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=10 * 60,
    time_limit=12 * 60,
)
def run_sheet_upload(upload_id: int) -> None:
    from recommendations.followup.sheet_upload import sheet_upload_run

    sheet_upload_run(upload_id)


@shared_task(name="recommendations.sweep_stale_sheet_uploads", soft_time_limit=60, time_limit=90)
def sweep_stale_sheet_uploads() -> int:
    from recommendations.followup.sheet_upload import sheet_uploads_sweep

    return sheet_uploads_sweep()
