"""Celery tasks of the registry: thin wrappers that load ids and call services."""

from celery import shared_task


@shared_task(
    name="recommendations.run_import_job",
    acks_late=True,
    soft_time_limit=30 * 60,
    time_limit=35 * 60,
)
def run_import_job(job_id: int) -> None:
    from recommendations.imports.services import import_job_run

    import_job_run(job_id)


# Tasks defined in sub-packages, imported here so that Celery's autodiscovery finds them.
from recommendations.assistant.tasks import find_similar, train_classifier  # noqa: E402, F401
from recommendations.followup.tasks import send_daily_reminders, send_institution_reminder  # noqa: E402, F401
