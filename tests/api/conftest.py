"""Settings of the API tests (a clean cache, the ``api`` client and ``client_for`` a role:
tests/conftest.py)."""

API = "/api/v1/"


def pytest_configure(config):
    # Until pyproject.toml lists it (the suite runs with --strict-markers).
    config.addinivalue_line(
        "markers", "schemathesis: property-based API test against /api/schema/ (slow)"
    )
