"""Property-based tests of the whole API against its own OpenAPI schema (/api/schema/).

Schemathesis generates requests for every operation from the schema, positive and negative,
and sends them to the WSGI application in-process, signed in as the secretariat with a token
so write endpoints run too. Every answer must be below 500 and match the schema (status code
documented, body of the documented shape, content type). A bounded number of examples per
operation keeps the run to about a minute.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from mechanisms.models import Profile
from tests.factories import AssignmentFactory, ClusterFactory, ThemeFactory, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

MAX_EXAMPLES = 8


def _load_schema():
    """The schema as the running application serves it (no database needed)."""
    from nrtd.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


schema = _load_schema()


@pytest.fixture
def token(db, own_institution):
    # A little of everything, so that reads return rows to validate and writes find objects.
    rec = AssignmentFactory(institution=own_institution).recommendation
    rec.themes.add(ThemeFactory())
    ClusterFactory()
    user = make_user(Profile.Role.SECRETARIAT_ADMIN, username="schemathesis")
    return Token.objects.create(user=user).key


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI application closes "old" connections at each request's start and end, as in
    production; inside a test's transaction that would close it (on PostgreSQL). Django's
    test client disconnects the same handlers."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_answers_match_the_schema(case, token, monkeypatch):
    # Report runs and import jobs are queued, never run, here: their code has its own tests.
    monkeypatch.setattr("reporting.services.runs._enqueue", lambda run: None)
    case.call_and_validate(
        # The in-process WSGI client does not decompress; real clients do (GZipMiddleware).
        headers={"Authorization": f"Token {token}", "Accept-Encoding": "identity"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
