"""Self-service password reset by e-mail (issue 19, item 6)."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # the per-address counts live in the cache


def test_a_user_resets_the_password_from_the_e_mailed_link(client, people):
    login = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password-reset/"' in login
    page = client.get("/accounts/password-reset/")
    assert page.status_code == 200
    assert 'id="main"' in page.content.decode()  # the site's layout
    response = client.post("/accounts/password-reset/", {"email": "focal-own@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert client.get(response["Location"]).status_code == 200
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/\S+/)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    assert "new_password1" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert done["Location"] == "/accounts/password-reset/done/"
    people["focal_own"].refresh_from_db()
    assert people["focal_own"].check_password("a-brand-new-passphrase")
    # The link works once.
    again = client.get(link.group(1), follow=True).content.decode()
    assert "new_password1" not in again


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, people):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_password_reset_requests_are_limited_per_address(client, people, settings):
    settings.NRTD_PASSWORD_RESETS_PER_HOUR = 2
    codes = [
        client.post("/accounts/password-reset/", {"email": "focal-own@example.org"}).status_code
        for _ in range(3)
    ]
    assert codes == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_password_reset_page_is_translated(client):
    with translation.override("fr"):
        client.cookies["django_language"] = "fr"
        page = client.get("/accounts/password-reset/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Réinitialiser mon mot de passe" in page
