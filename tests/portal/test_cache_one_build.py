"""After a write, anonymous readers asking the same page at once wait for the first one to
build it (nrtd.public_cache): the page is built once, and everyone gets it."""

import threading
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from nrtd.public_cache import AnonymousCacheMiddleware, bump_generation

pytestmark = pytest.mark.django_db


class SlowView:
    """A page that takes a while to build; counts its builds."""

    def __init__(self, status=200, seconds=0.3):
        self.builds = 0
        self.status = status
        self.seconds = seconds
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.builds += 1
        time.sleep(self.seconds)
        return HttpResponse(f"<p>results {self.builds}</p>", status=self.status)


def _request():
    request = RequestFactory().get("/recommendations/?search=torture")
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = "en"
    return request


def _together(middleware, n):
    responses = [None] * n

    def read(i):
        responses[i] = middleware(_request())

    threads = [threading.Thread(target=read, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
        time.sleep(0.02)  # all arrive while the first builds
    for thread in threads:
        thread.join()
    return responses


def test_readers_arriving_together_get_one_build():
    view = SlowView()
    responses = _together(AnonymousCacheMiddleware(view), 5)
    assert view.builds == 1
    assert [r.status_code for r in responses] == [200] * 5
    assert sorted(r["X-Cache"] for r in responses) == ["hit"] * 4 + ["miss"]
    assert {r.content for r in responses} == {b"<p>results 1</p>"}


def test_a_write_during_the_wait_still_serves_the_newest_answer_after_it():
    """What is built for one generation is served for it; the next reader after a write
    gets a new build."""
    view = SlowView(seconds=0.05)
    middleware = AnonymousCacheMiddleware(view)
    assert middleware(_request())["X-Cache"] == "miss"
    assert middleware(_request())["X-Cache"] == "hit"
    bump_generation()
    assert middleware(_request()).content == b"<p>results 2</p>"


def test_when_the_first_stores_nothing_the_others_build_their_own():
    view = SlowView(status=500)
    responses = _together(AnonymousCacheMiddleware(view), 3)
    assert view.builds == 3
    assert [r.status_code for r in responses] == [500] * 3


def test_the_wait_is_bounded(settings):
    settings.NRTD_PUBLIC_CACHE_WAIT = 0.1
    view = SlowView(seconds=0.6)
    started = time.monotonic()
    responses = _together(AnonymousCacheMiddleware(view), 2)
    assert view.builds == 2  # the second gave up waiting and built its own
    assert all(r.status_code == 200 for r in responses)
    assert time.monotonic() - started < 1.5


def test_no_waiting_when_turned_off(settings):
    settings.NRTD_PUBLIC_CACHE_WAIT = 0
    view = SlowView()
    _together(AnonymousCacheMiddleware(view), 3)
    assert view.builds == 3
