import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

SETUP = reverse("mechanisms:two_factor_setup")
VERIFY = reverse("mechanisms:two_factor_verify")
PAGE = reverse("mechanisms:institution_list")


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def test_setup_shows_the_secret_and_confirms_the_device(client, admin):
    client.force_login(admin)
    response = client.get(SETUP)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert device.config_url in response.content.decode().replace("&amp;", "&")
    assert response.context["secret"] in response.content.decode()
    response = client.post(SETUP, {"token": _code(device), "next": PAGE})
    assert response.status_code == 302
    assert response["Location"] == PAGE
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(PAGE).status_code == 200  # verified in this session


def test_setup_refuses_a_wrong_code_and_keeps_the_secret(client, admin):
    client.force_login(admin)
    first = client.get(SETUP).context["secret"]
    response = client.post(SETUP, {"token": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["secret"] == first
    assert not TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_user_with_a_device_must_verify_after_login(client, admin):
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"token": _code(device), "next": PAGE})
    assert response["Location"] == PAGE
    assert client.get(PAGE).status_code == 200


def test_verify_refuses_an_offsite_next(client, admin):
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)
    response = client.post(VERIFY, {"token": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_two_factor_is_optional_by_default(client, admin):
    client.force_login(admin)
    assert client.get(PAGE).status_code == 200


def test_setting_makes_it_mandatory_for_the_secretariat_only(client, people, settings):
    settings.NRTD_REQUIRE_2FA_FOR_SECRETARIAT = True
    for role in ("secretariat_admin", "secretariat_staff"):
        client.force_login(people[role])
        response = client.get(PAGE)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)
        assert client.get(SETUP).status_code == 200
    client.force_login(people["focal_own"])
    assert client.get(PAGE).status_code == 200


def test_middleware_guards_pages_outside_mechanisms(client, admin, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "mechanisms.two_factor.TwoFactorMiddleware"]
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert client.get("/healthz").status_code in (200, 503)
    assert client.post("/accounts/logout/").status_code == 302


def test_anonymous_is_sent_to_login(client):
    for url in (SETUP, VERIFY):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_two_factor_pages_refuse_other_methods(client, admin):
    client.force_login(admin)
    assert client.put(SETUP).status_code == 405
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    assert client.delete(VERIFY).status_code == 405


def test_verify_refuses_a_wrong_code(client, admin):
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    client.force_login(admin)
    response = client.post(VERIFY, {"token": "000000", "next": PAGE})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(PAGE).status_code == 302
