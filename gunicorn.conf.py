"""Gunicorn's settings for the production image (read from the working directory, /app).

Threaded workers: an open-data download of a whole registry streams for a while (250,000
recommendations as CSV take about 15 s on a 2-core machine, as XLSX about 40 s), and gunicorn
kills a plain (sync) worker that stays busy past ``timeout``, cutting the file short, while
a threaded worker keeps answering its heartbeat. One long download then takes one thread,
not a whole worker. ``timeout`` still restarts a worker that has stopped responding.

Workers and threads per core, from ``tests/benchmarks/bench_portal.py --sweep`` (250,000
recommendations, PostgreSQL with the compose settings on the same 2-core machine, 20
readers each asking a query no one asked before, so every request misses the anonymous
cache; the machine was shared with other engineers' test runs, so the figures are noisy
and only their order is worth reading):

    workers × threads   2×1    2×4    3×2    3×4    4×2    5×1
    requests/s          14.3   18.2   20.8   20.6   11.4   3.9
    again, later        54.1   56.5   53.6   51.7   50.5   50.3
      p95 (ms)          776    633    672    756    854    1027

The second run came after the search statement had become three to four times cheaper
(and with nothing else on the machine): PostgreSQL's CPU is then the limit, every setting
up to cores + 1 workers gives about the same throughput, and more workers than that only
lengthen the slowest answers. The defaults stay at cores + 1 workers of 4 threads.

- A search that misses the cache spends about three quarters of its time waiting for
  PostgreSQL (bench_portal's split when the sweep ran: SQL 195-313 ms, Python about 60 ms,
  template 11 ms; after later work on the statement, the first search after a publish:
  SQL 37-86 ms, Python 18-21 ms, template 6-8 ms, the same proportions).
  Threads let a worker run another request's Python while one waits on the database (the
  GIL is released meanwhile): 2 workers went from 14.3 to 18.2 requests/s with 4 threads.
- PostgreSQL runs on the same cores and does most of the work: every worker process past
  one per core and one more takes CPU from it, and throughput falls (4×2 and 5×1 above).
  Hence one worker per core plus one (3 on 2 cores), 4 threads each.
- A request served from the anonymous cache costs about 2 ms of Python and no SQL: 3×4
  answered 465 requests/s of the busy-day mix with p95 89 ms; the setting that matters is
  the one for misses.

Measured on 2 cores only; on a larger machine, measure again (``--sweep``) before going
past cores + 1. ``WEB_CONCURRENCY`` and ``GUNICORN_THREADS`` override these defaults.

After its first 50 requests, each worker freezes its long-lived objects out of Python's full
garbage collections (``post_request``, ``nrtd.warm``): a full collection walked about
140,000 of them and paused one cache miss in twenty by about 60 ms.
"""

import os


def _cores() -> int:
    # The CPUs this process may run on (a container's cpuset), not all of the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(_cores() + 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"


def post_request(worker, req, environ, resp):
    from nrtd.warm import request_served

    request_served()
