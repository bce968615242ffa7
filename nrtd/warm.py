"""Keeping a web worker's long-lived objects out of Python's full garbage collections.

A warm worker holds about 140,000 objects that live as long as it does: modules, URL
patterns, compiled templates, translation catalogues, the facet label memos. Python's full
(generation 2) collection walks them all: about 60 ms on the 2-core benchmark machine, in
the middle of whichever request happened to allocate the object that triggered it. Over
250,000 recommendations, those pauses fell on one search in twenty that missed the cache:
its p95 went from about 120 ms to 200 ms (``tests/benchmarks/bench_portal.py``).

Once a worker has served its first ``WARM_AFTER`` requests, ``request_served`` collects the
garbage once and then freezes everything still alive (``gc.freeze``): later collections skip
those objects, and a full one takes about 3 ms. Frozen objects are still freed when nothing
refers to them; only a reference cycle among them would outlive its use, and what is alive
after warming up is meant to live as long as the worker. gunicorn.conf.py calls it after
every request.
"""

from __future__ import annotations

import gc
import threading

WARM_AFTER = 50

_lock = threading.Lock()
_served = 0
_frozen = False


def freeze() -> None:
    """Collect once, then move every object still tracked into the permanent generation."""
    global _frozen
    gc.collect()
    gc.freeze()
    _frozen = True


def request_served() -> bool:
    """Count one request of this worker; the ``WARM_AFTER``-th freezes (once). Returns
    whether it froze now."""
    global _served
    if _frozen:
        return False
    with _lock:
        _served += 1
        if _served < WARM_AFTER or _frozen:
            return False
        freeze()
        return True
