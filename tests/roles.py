"""The helpers of the tests that go through every role: the cases of a permission table,
a client logged in as a role of the ``people`` fixture, and a page's expected answer."""

import pytest
from django.test import Client

from tests.factories import ROLES_AND_ANONYMOUS

# A page's answer to an anonymous visitor: the login page.
LOGIN = "login"


def role_cases(table: dict, roles=ROLES_AND_ANONYMOUS, answers=lambda entry: entry) -> list:
    """pytest params (name, role, expected) of a table {name: entry}, where
    ``answers(entry)`` lists the expected answer of each of ``roles`` in order."""
    return [
        pytest.param(name, role, answers(entry)[i], id=f"{name}-{role}")
        for name, entry in table.items()
        for i, role in enumerate(roles)
    ]


def client_as(people, role: str) -> Client:
    """A client logged in as ``people[role]``; none for "anonymous"."""
    client = Client()
    if role != "anonymous":
        client.force_login(people[role])
    return client


def assert_answer(response, expected) -> None:
    """A status code, or LOGIN: a redirect to the login page."""
    if expected == LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected
