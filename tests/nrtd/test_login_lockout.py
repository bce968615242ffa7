"""Login lockout (django-axes) behind the documented proxy, and on the API's token endpoint
(issue 19, item 6)."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "1000/hour", "anon": "1000/hour"},
    }


def _fail_login(client, address, times=3):
    for _ in range(times):
        client.post(
            "/accounts/login/",
            {"username": "focal-own", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR=f"{address}",
        )


def _login(client, address):
    return client.post(
        "/accounts/login/",
        {"username": "focal-own", "password": "a-good-long-password"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"198.51.100.9, {address}",  # the left part is the client's
    )


def test_behind_the_proxy_the_lockout_keys_on_the_forwarded_client_address(
    client, people, settings
):
    settings.NRTD_PROXY_COUNT = 1
    _fail_login(client, "203.0.113.5")
    assert _login(client, "203.0.113.5").status_code == 429
    # Another client behind the same proxy is not locked out.
    assert _login(client, "203.0.113.77").status_code == 302


def test_without_a_proxy_the_forwarded_header_is_ignored(client, people, settings):
    settings.NRTD_PROXY_COUNT = 0
    _fail_login(client, "203.0.113.5")
    # A forged header does not escape the lockout of the real address.
    assert _login(client, "203.0.113.77").status_code == 429


def test_token_endpoint_answers_429_after_a_lockout(people):
    api = APIClient()
    wrong = {"username": "focal-own", "password": "wrong"}
    codes = [api.post(TOKEN, wrong, format="json").status_code for _ in range(3)]
    assert codes[:2] == [400, 400]
    assert codes[2] == 429
    right = {"username": "focal-own", "password": "a-good-long-password"}
    response = api.post(TOKEN, right, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
