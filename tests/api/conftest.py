"""Fixtures of the API tests: a clean throttle cache and an API client per role (people:
tests/conftest.py)."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

API = "/api/v1/"


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def client_for(people):
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
