"""Celery tasks of imports: thin, they take ids and call the services."""

from celery import shared_task


# The job's row holds its outcome; the result backend keeps nothing.
@shared_task(
    name="recommendations.run_import_job",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=30 * 60,
    time_limit=35 * 60,
)
def run_import_job(job_id: int) -> None:
    from recommendations.imports.jobs import import_job_run

    import_job_run(job_id)


@shared_task(name="recommendations.sweep_stale_imports", soft_time_limit=60, time_limit=90)
def sweep_stale_imports() -> int:
    from recommendations.imports.jobs import import_jobs_sweep

    return import_jobs_sweep()
