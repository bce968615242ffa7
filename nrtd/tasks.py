"""Project-wide tasks: a ping that proves a worker is alive and which process ran it."""

import os

from celery import shared_task


@shared_task(name="nrtd.ping")
def ping() -> dict:
    return {"pong": True, "pid": os.getpid()}
