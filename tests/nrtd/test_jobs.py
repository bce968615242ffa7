"""Job helpers that need no database."""

import gc

import pytest

from nrtd.jobs import cycle_collector_paused


def test_the_cycle_collector_is_paused_for_the_job_and_resumes_after_a_failure():
    def failing_job():
        with cycle_collector_paused():
            seen.append(gc.isenabled())
            raise RuntimeError("the job failed")

    seen = []
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        failing_job()
    assert seen == [False]
    assert gc.isenabled()
    # A caller that had paused it already keeps it paused.
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
