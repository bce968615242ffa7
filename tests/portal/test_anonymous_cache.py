"""Anonymous answers cached by the public data generation (nrtd.public_cache): what is
served from the cache, what makes it stale, and who never gets it."""

import re

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from recommendations.followup.services import recommendation_refresh_status
from recommendations.models import ProgressUpdate
from recommendations.publishing.services import (
    comment_moderate,
    recommendation_set_published,
)
from tests.portal.conftest import MARKERS

SEARCH = "/recommendations/?search=torture"
API_LIST = "/api/v1/recommendations/"
API_FACETS = "/api/v1/recommendations/facets/?facet=response&facet=sdg_goal"
UNPUBLISHED = MARKERS["unpublished_recommendation"]


def _text(response) -> str:
    return response.content.decode()


def test_anonymous_page_comes_from_the_cache_with_an_etag_and_a_304(client, portal_data):
    first = client.get(SEARCH)
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    etag = first["ETag"]
    assert "must-revalidate" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    again = client.get(SEARCH)
    assert again["X-Cache"] == "hit"
    assert again["ETag"] == etag
    assert "Prevent torture" in _text(again)
    not_modified = client.get(SEARCH, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    # The same query written another way is the same answer.
    assert client.get("/recommendations/?page=&search=torture")["X-Cache"] == "hit"


def test_anonymous_api_answers_carry_an_etag_and_answer_304(client, portal_data):
    for url in (API_LIST, API_FACETS):
        first = client.get(url)
        assert first.status_code == 200
        assert client.get(url)["X-Cache"] == "hit"
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_publish_changes_the_next_anonymous_answer(client, portal_data):
    p = portal_data
    assert UNPUBLISHED not in _text(client.get("/recommendations/?search=abolish"))
    assert UNPUBLISHED not in _text(client.get(API_LIST))
    facets = client.get(API_FACETS).json()
    recommendation_set_published(actor=p.secretariat, recommendation=p.hidden, published=True)
    page = client.get("/recommendations/?search=abolish")
    assert page["X-Cache"] == "miss"
    assert UNPUBLISHED in _text(page)
    assert UNPUBLISHED in _text(client.get(API_LIST))
    assert client.get(API_FACETS).json() != facets
    # And back: unpublishing takes it off the next answer too.
    recommendation_set_published(actor=p.secretariat, recommendation=p.hidden, published=False)
    assert UNPUBLISHED not in _text(client.get("/recommendations/?search=abolish"))


def test_moderation_and_a_status_change_make_the_cached_page_stale(client, portal_data):
    p = portal_data
    url = f"/recommendations/{p.torture.pk}/"
    assert MARKERS["pending_comment"] not in _text(client.get(url))
    pending = p.torture.comments.get(body=MARKERS["pending_comment"])
    comment_moderate(actor=p.secretariat, comment=pending, decision="published")
    assert MARKERS["pending_comment"] in _text(client.get(url))

    etag = client.get(url)["ETag"]
    ProgressUpdate.objects.filter(recommendation=p.torture).update(
        state=ProgressUpdate.State.ACCEPTED, status="fully_implemented"
    )  # a bulk write: no signal
    recommendation_refresh_status(p.torture)  # the one place that moves the status
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["X-Cache"] == "miss"


def test_logged_in_user_never_gets_the_cached_anonymous_page(client, portal_data):
    p = portal_data
    assert client.get(SEARCH)["X-Cache"] == "miss"
    client.force_login(p.secretariat)
    mine = client.get(SEARCH)
    assert mine.status_code == 200
    assert "X-Cache" not in mine
    assert "private" in mine["Cache-Control"]
    assert 'action="/accounts/logout/"' in _text(mine)


def test_a_logged_in_page_is_never_served_to_anyone_else(portal_data):
    p = portal_data
    for user in (p.secretariat, p.focal):
        logged_in = Client()
        logged_in.force_login(user)
        assert "X-Cache" not in logged_in.get(SEARCH)
    other = Client()
    other.force_login(p.cso)
    page = other.get(SEARCH)
    assert "X-Cache" not in page
    assert p.secretariat.username not in _text(page)
    anonymous = Client().get(SEARCH)
    assert anonymous["X-Cache"] == "miss"
    assert 'action="/accounts/logout/"' not in _text(anonymous)


def test_no_private_data_is_ever_served_from_the_cache(portal_data):
    """The secretariat sees unpublished recommendations through the API; the same URLs
    asked anonymously afterwards, and then again from the cache, never show them."""
    p = portal_data
    secretariat = Client()
    secretariat.force_login(p.secretariat)
    urls = [
        API_LIST,
        API_FACETS,
        f"{API_LIST}?search=abolish",
        "/recommendations/?search=abolish",
        f"/recommendations/{p.torture.pk}/",
        "/",
    ]
    assert UNPUBLISHED in _text(secretariat.get(f"{API_LIST}?search=abolish"))
    for url in urls:
        secretariat.get(url)
        anonymous = Client()
        for expected in ("miss", "hit"):
            response = anonymous.get(url)
            assert response.status_code == 200, url
            assert response["X-Cache"] == expected, url
            for marker in MARKERS.values():
                assert marker not in _text(response), (url, marker)


def test_token_clients_are_never_served_from_the_cache(client, portal_data):
    p = portal_data
    client.get(API_LIST)
    token = Token.objects.create(user=p.secretariat).key
    response = Client().get(API_LIST, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert "X-Cache" not in response
    assert UNPUBLISHED in _text(response)


def test_cached_page_carries_the_visitors_own_csrf_token(portal_data):
    Client().get(SEARCH)  # stored with the first visitor's token
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(SEARCH)
    assert page["X-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _text(page)).group(1)
    switched = visitor.post("/i18n/setlang/", {"language": "fr", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


@pytest.mark.parametrize(("language", "word"), [("fr", "Égalité"), ("es", "Igualdad")])
def test_each_language_has_its_own_cached_page(client, portal_data, language, word):
    assert client.get("/recommendations/")["X-Cache"] == "miss"
    other = client.get("/recommendations/", headers={"Accept-Language": language})
    assert other["X-Cache"] == "miss"
    assert word in _text(other)


def test_cached_page_compressed_once_still_carries_the_visitors_token(portal_data):
    import gzip

    browser = {"Accept-Encoding": "gzip, deflate, br"}
    first = Client().get(SEARCH, headers=browser)
    plain_first = gzip.decompress(first.content).decode()
    visitor = Client(enforce_csrf_checks=True)
    hit = visitor.get(SEARCH, headers=browser)
    assert hit["X-Cache"] == "hit"
    assert hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"]
    page = gzip.decompress(hit.content).decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert token not in plain_first  # the visitor's own, not the first one's
    # The same page otherwise, byte for byte.
    assert re.sub(r"[a-zA-Z0-9]{64}", "T", page) == re.sub(r"[a-zA-Z0-9]{64}", "T", plain_first)
    switched = visitor.post("/i18n/setlang/", {"language": "fr", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


def _label_lookups(queries) -> list[str]:
    """The statements that read the labels of State facets (not the results' own States,
    which are prefetched through the M2M table)."""
    label = 'FROM "recommendations_state" WHERE "recommendations_state"."id" IN'
    return [q["sql"] for q in queries if label in q["sql"]]


def test_facet_labels_survive_a_publish_and_follow_a_rename(client, portal_data):
    """A publish makes every anonymous answer stale but not the names of facet values: the
    first search after it looks up no label again. Renaming a State does."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nrtd.public_cache import generation, label_generation

    p = portal_data
    url = "/recommendations/?search=torture"
    assert "France" in _text(client.get(url))
    labels, data = label_generation(), generation()

    recommendation_set_published(actor=p.secretariat, recommendation=p.hidden, published=True)
    assert generation() != data
    assert label_generation() == labels
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page["X-Cache"] == "miss"
    assert "France" in _text(page)
    assert _label_lookups(queries.captured_queries) == []

    france = p.torture.recommending_states.get()
    france.name = "République française"
    france.save()
    assert label_generation() != labels
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert "République française" in _text(page)
    # Looked up again once for each facet of States: under review, recommending.
    assert len(_label_lookups(queries.captured_queries)) == 2


def test_bulk_writes_to_labelled_rows_make_the_labels_stale(portal_data):
    """Writes that send no signal: an import names the bulk-created reviews, the reference
    loader renames in bulk; a bulk publish keeps the labels."""
    from nrtd.public_cache import label_generation, public_data_changed
    from recommendations.filtering.facets import forget_facet_counts

    before = label_generation()
    forget_facet_counts()  # a bulk publish, an assignment, a response
    public_data_changed()
    assert label_generation() == before
    forget_facet_counts(labels=True)  # an import
    assert label_generation() == before + 1
    public_data_changed(labels=True)  # the reference loader (and again on commit)
    assert label_generation() > before + 1
