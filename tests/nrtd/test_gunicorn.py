"""The production gunicorn settings (gunicorn.conf.py) let a download outlast the worker
timeout: with threaded workers a stream of 5 s passes a 2 s timeout, while a plain (sync)
worker with a 1 s timeout is killed and the file cut short, which is what happened before."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from http.client import IncompleteRead
from pathlib import Path

import pytest

from tests.nrtd import slow_wsgi

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _download(*options: str) -> bytes:
    port = _free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # Not 1: a threaded worker tells the arbiter it is alive about once a second (its
        # poll's timeout), so a 1 s timeout raced with it and killed a healthy worker now
        # and then; 2 s is still well under the 5 s stream.
        "GUNICORN_TIMEOUT": "2",
        "WEB_CONCURRENCY": "1",
    }
    server = subprocess.Popen(
        [
            str(GUNICORN),
            *(o.format(port=port) for o in options),
            "tests.nrtd.slow_wsgi:application",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=20) as response:
                return response.read()
        except IncompleteRead as exc:
            return exc.partial
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed in this venv")
def test_a_download_longer_than_the_timeout_arrives_whole():
    expected = b"".join(f"row {n}\n".encode() for n in range(slow_wsgi.CHUNKS))
    assert slow_wsgi.CHUNKS * slow_wsgi.PAUSE > 4  # well past the 2 s timeout
    assert _download("-c", "gunicorn.conf.py") == expected
    # The same download from gunicorn's default (sync) worker is cut short: the test can
    # tell the difference. (Options on the command line do not override the file's here.)
    cut = _download("-c", "/dev/null", "--timeout", "1", "--bind", "127.0.0.1:{port}")
    assert cut != expected
    assert expected.startswith(cut)
