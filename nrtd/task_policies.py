"""The Celery policies the apps' tasks share, named once: a task's decorator says which
policy it follows, with its own name and time limits."""

from celery import shared_task


def mail_task(name: str, *, soft_time_limit: int, time_limit: int, retry_backoff: int = 60):
    """A task that sends mail: acknowledged when done, tried again three times when the mail
    server cannot be reached (OSError), waiting ``retry_backoff`` seconds, then longer."""
    return shared_task(
        name=name,
        acks_late=True,
        autoretry_for=(OSError,),
        retry_backoff=retry_backoff,
        max_retries=3,
        soft_time_limit=soft_time_limit,
        time_limit=time_limit,
    )


def job_task(name: str, *, soft_time_limit: int, time_limit: int, **options):
    """A task that runs a job whose row holds its outcome (so the result backend keeps
    nothing), acknowledged only when done: a worker that dies hands it to another."""
    return shared_task(
        name=name,
        acks_late=True,
        ignore_result=True,
        soft_time_limit=soft_time_limit,
        time_limit=time_limit,
        **options,
    )


def sweep_task(name: str):
    """A task that fails the jobs whose worker died or that no worker took: a short one."""
    return shared_task(name=name, soft_time_limit=60, time_limit=90)
