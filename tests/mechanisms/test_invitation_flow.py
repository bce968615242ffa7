"""Invitation and deactivation end to end, through the pages, with the locmem e-mail backend."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from mechanisms.models import Seat

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_invite_set_password_login_and_second_use_refused(
    client, admin, own_institution, django_capture_on_commit_callbacks
):
    seat = Seat.objects.create(institution=own_institution, level=Seat.Level.SENIOR)
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("mechanisms:user_invite"),
            {
                "username": "amina",
                "email": "amina@health.example",
                "first_name": "Amina",
                "role": "focal_point",
                "seat": seat.pk,
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/workspace/invitation/\S+/)", mail.outbox[0].body)[1]
    client.post(reverse("logout"))

    # The invitee cannot log in before choosing a password.
    assert "_auth_user_id" not in _login(client, "amina", "").wsgi_request.session

    assert client.get(link).status_code == 200
    response = client.post(link, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert response.context["form"].errors
    passphrase = "correct-horse-battery-staple"
    response = client.post(link, {"password1": passphrase, "password2": passphrase})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")

    response = _login(client, "amina", passphrase)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username="amina").pk)
    client.post(reverse("logout"))

    # The link worked once.
    assert client.get(link).status_code == 404
    response = client.post(
        link, {"password1": "another-passphrase-9", "password2": "another-passphrase-9"}
    )
    assert response.status_code == 404
    amina = get_user_model().objects.get(username="amina")
    assert amina.check_password(passphrase)
    seat.refresh_from_db()
    assert seat.holder == amina


def test_deactivated_user_cannot_log_in_and_loses_the_seat(client, admin, people):
    focal = people["focal_own"]
    seat = Seat.objects.get(holder=focal)
    client.force_login(admin)
    response = client.post(reverse("mechanisms:user_deactivate", args=[focal.pk]))
    assert response.status_code == 302
    client.post(reverse("logout"))

    response = _login(client, focal.username, "a-good-long-password")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    seat.refresh_from_db()
    assert seat.holder is None
    assert seat.tenures.get().user == focal  # the record of who held it stays

    client.force_login(admin)
    page = client.get(reverse("mechanisms:user_detail", args=[focal.pk]))
    assert "deactivated" in page.content.decode()


def test_deactivation_ends_an_open_session(client, admin, people):
    focal = people["focal_own"]
    client.force_login(focal)
    assert client.get(reverse("mechanisms:seat_list")).status_code == 200
    from mechanisms.services import user_deactivate

    user_deactivate(actor=admin, user=focal)
    response = client.get(reverse("mechanisms:seat_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
