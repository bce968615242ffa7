"""A web worker freezes its long-lived objects once it is warm (nrtd.warm, gunicorn.conf.py)."""

import gc
from pathlib import Path

import pytest

from nrtd import warm


@pytest.fixture
def fresh_worker(monkeypatch):
    gc.unfreeze()
    monkeypatch.setattr(warm, "WARM_AFTER", 3)
    monkeypatch.setattr(warm, "_served", 0)
    monkeypatch.setattr(warm, "_frozen", False)
    yield
    gc.unfreeze()  # the objects of the test run go back to the collector


def test_the_worker_freezes_once_after_its_first_requests(fresh_worker):
    assert [warm.request_served() for _ in range(2)] == [False, False]
    assert gc.get_freeze_count() == 0
    assert warm.request_served() is True
    frozen = gc.get_freeze_count()
    assert frozen > 1000  # the modules, settings and test objects alive now
    assert [warm.request_served() for _ in range(5)] == [False] * 5
    assert gc.get_freeze_count() >= frozen - 100  # not frozen again, not unfrozen


def test_frozen_objects_are_still_freed_when_unreferenced(fresh_worker):
    import weakref

    class Thing:
        pass

    thing = Thing()
    alive = weakref.ref(thing)
    warm.freeze()
    del thing
    assert alive() is None


def test_gunicorn_counts_every_request(monkeypatch):
    calls = []
    monkeypatch.setattr(warm, "request_served", lambda: calls.append(1))
    conf: dict = {}
    conf_file = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    exec(conf_file.read_text(), conf)  # noqa: S102 (our own file)
    conf["post_request"](None, None, {}, None)
    assert calls == [1]
