"""A WSGI app that streams its body slowly, standing in for a long open-data download in
tests/nrtd/test_gunicorn.py (Django is not needed to test gunicorn's settings)."""

import time

CHUNKS = 10
PAUSE = 0.5


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])

    def body():
        for n in range(CHUNKS):
            time.sleep(PAUSE)
            yield f"row {n}\n".encode()

    return body()
