import os

import pytest

from nrtd.tasks import ping


def test_ping_runs_eagerly_in_this_process_without_a_broker():
    result = ping.delay()
    assert result.get(timeout=1) == {"pong": True, "pid": os.getpid()}


@pytest.mark.worker
def test_ping_runs_in_a_real_worker_process_on_redis(celery_worker_process):
    result = ping.delay()
    reply = result.get(timeout=30)
    assert reply["pong"] is True
    assert reply["pid"] == celery_worker_process.pid
    assert reply["pid"] != os.getpid()
