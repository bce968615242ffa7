"""Gunicorn's settings for the production image (read from the working directory, /app).

Threaded workers: an open-data download of a whole registry streams for a while (250,000
recommendations as CSV take about 15 s on a 2-core machine, as XLSX about 40 s), and gunicorn
kills a plain (sync) worker that stays busy past ``timeout``, cutting the file short, while
a threaded worker keeps answering its heartbeat. One long download then takes one thread,
not a whole worker. ``timeout`` still restarts a worker that has stopped responding.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
