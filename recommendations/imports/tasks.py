"""Celery tasks of imports: thin, they take ids and call the services."""

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
