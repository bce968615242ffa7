"""Public reads on the read replica (nrtd.db_router): the ``replica`` alias is Django's test
mirror of ``default`` (tests/conftest.py), so the queries each connection runs tell which
alias the router chose."""

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from nrtd.db_router import PublicReadReplicaRouter
from recommendations.models import Recommendation

# Committed data (TransactionTestCase): the mirror is a second connection to the test
# database, which does not see an open test transaction's rows (and SQLite locks them).
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def _replica_on(settings):
    settings.NRTD_PUBLIC_READS_ON_REPLICA = True


def _queries(client, method, url, **kwargs):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = getattr(client, method)(url, **kwargs)
    return response, len(primary), len(replica)


@pytest.mark.parametrize(
    "url", ["/", "/recommendations/?search=torture", "/api/v1/recommendations/facets/"]
)
def test_anonymous_public_reads_go_to_the_replica(portal_data, url):
    response, primary, replica = _queries(Client(), "get", url)
    assert response.status_code == 200
    assert replica > 0
    assert primary == 0


def test_anonymous_recommendation_page_reads_the_replica(portal_data):
    url = f"/recommendations/{portal_data.torture.pk}/"
    response, primary, replica = _queries(Client(), "get", url)
    assert response.status_code == 200
    assert (primary, replica > 0) == (0, True)


def test_logged_in_reads_stay_on_the_primary(portal_data):
    client = Client()
    client.force_login(portal_data.secretariat)
    for url in ("/recommendations/?search=torture", "/workspace/recommendations/"):
        response, primary, replica = _queries(client, "get", url)
        assert response.status_code == 200, url
        assert primary > 0
        assert replica == 0


def test_token_clients_read_the_primary(portal_data):
    token = Token.objects.create(user=portal_data.secretariat).key
    response, primary, replica = _queries(
        Client(), "get", "/api/v1/recommendations/", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 200
    assert primary > 0
    assert replica == 0


def test_anonymous_writes_stay_on_the_primary(portal_data):
    response, primary, replica = _queries(
        Client(),
        "post",
        "/accounts/register/",
        data={"username": "x"},  # invalid: the form answers, reading on the primary
    )
    assert response.status_code in (200, 302)
    assert replica == 0


def test_without_the_setting_everything_reads_the_primary(portal_data, settings):
    settings.NRTD_PUBLIC_READS_ON_REPLICA = False
    response, primary, replica = _queries(Client(), "get", "/recommendations/?search=torture")
    assert response.status_code == 200
    assert primary > 0
    assert replica == 0


def test_router_writes_and_migrates_on_the_primary_only():
    router = PublicReadReplicaRouter()
    assert router.db_for_write(Recommendation) == "default"
    assert router.db_for_read(Recommendation) == "default"  # no request: a job, a command
    assert router.allow_migrate("default", "recommendations")
    assert not router.allow_migrate("replica", "recommendations")
