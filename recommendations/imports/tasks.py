"""Celery tasks of imports: thin, they take ids and call the services."""

from nrtd.task_policies import job_task, sweep_task


@job_task("recommendations.run_import_job", soft_time_limit=30 * 60, time_limit=35 * 60)
def run_import_job(job_id: int) -> None:
    from recommendations.imports.jobs import import_job_run

    import_job_run(job_id)


@sweep_task("recommendations.sweep_stale_imports")
def sweep_stale_imports() -> int:
    from recommendations.imports.jobs import import_jobs_sweep

    return import_jobs_sweep()
