import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_home_page_is_english_and_left_to_right_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="en" dir="ltr">' in response.content
    assert b"bootstrap.min.css" in response.content


def test_switching_to_arabic_makes_the_page_right_to_left(client):
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert response.status_code == 302
    response = client.get("/")
    assert b'<html lang="ar" dir="rtl">' in response.content
    assert b"bootstrap.rtl.min.css" in response.content


@pytest.mark.parametrize("language", ["fr", "es", "ru", "zh-hans", "pt"])
def test_every_language_but_arabic_is_left_to_right(client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = client.get("/")
    assert f'<html lang="{language}" dir="ltr">'.encode() in response.content
    assert b"bootstrap.rtl.min.css" not in response.content


def test_language_switcher_offers_every_interface_language(client, settings):
    html = client.get("/").content.decode()
    for code, _name in settings.LANGUAGES:
        assert f'<option value="{code}" lang="{code}"' in html
    # Each language is named in itself.
    for name in ["Русский", "简体中文", "Português", "العربيّة"]:
        assert name in html


def test_footer_shows_the_version(client):
    import nrtd

    response = client.get("/")
    assert f"version {nrtd.__version__}".encode() in response.content


def test_login_and_logout(client):
    get_user_model().objects.create_user("ana", password="a-good-long-password")
    response = client.post(
        "/accounts/login/", {"username": "ana", "password": "a-good-long-password"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_with_wrong_password_keeps_the_username(client):
    get_user_model().objects.create_user("ana", password="a-good-long-password")
    response = client.post("/accounts/login/", {"username": "ana", "password": "wrong"})
    assert response.status_code == 200
    assert b'value="ana"' in response.content


def test_login_is_throttled_after_repeated_failures(client, settings):
    get_user_model().objects.create_user("ana", password="a-good-long-password")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "ana", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "ana", "password": "a-good-long-password"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_by_get_is_refused(client):
    assert client.get("/accounts/logout/").status_code == 405
