"""Fixtures of the API tests: the API mounted (until nrtd/urls.py includes it), one user per
role (the mechanisms issue's matrix), a clean throttle cache, an API client per role."""

import pytest
from django.core.cache import cache
from django.urls import clear_url_caches
from rest_framework.test import APIClient

from tests.mechanisms.conftest import (  # noqa: F401 - fixtures
    _fast_password_hasher,
    admin,
    other_institution,
    own_institution,
    people,
)

API = "/api/v1/"


@pytest.fixture(autouse=True)
def _api_urls(settings):
    from django.urls import Resolver404, resolve

    try:
        resolve(API)
    except Resolver404:
        settings.ROOT_URLCONF = "tests.api.urls"
        clear_url_caches()


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def client_for(people):  # noqa: F811 - the fixture imported above
    """client_for("focal_own") → an APIClient signed in as that role ("anonymous": none)."""

    def make(role: str) -> APIClient:
        client = APIClient()
        if role != "anonymous":
            client.force_authenticate(people[role])
        return client

    return make


def pytest_configure(config):
    # Until pyproject.toml lists it (the suite runs with --strict-markers).
    config.addinivalue_line(
        "markers", "schemathesis: property-based API test against /api/schema/ (slow)"
    )
