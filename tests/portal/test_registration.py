"""CSO registration: e-mail verification, organisation, rate limit."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from mechanisms.models import Profile, Stakeholder, StakeholderMember

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Ana",
    "last_name": "Novak",
    "email": "Ana.Novak@Example.org",
    "organisation": "Roma Rights Forum",
    "website": "https://roma.example.org",
    "password1": "a-long-and-unusual-passphrase",
    "password2": "a-long-and-unusual-passphrase",
}


def _register(client, **changes):
    return client.post("/accounts/register/", {**FORM, **changes})


def test_registration_creates_an_inactive_cso_member_and_sends_a_link(client, db):
    response = _register(client)
    assert response.status_code == 200
    assert "ana.novak@example.org" in response.content.decode()
    user = get_user_model().objects.get(email="ana.novak@example.org")
    assert not user.is_active
    assert user.profile.role == Profile.Role.CSO
    member = StakeholderMember.objects.get(user=user)
    assert member.stakeholder.name == "Roma Rights Forum"
    assert not member.is_verified
    assert member.stakeholder.kind == Stakeholder.Kind.CSO
    assert not member.stakeholder.is_verified
    (message,) = mail.outbox
    link = re.search(r"http://testserver(/accounts/register/verify/\S+/)", message.body).group(1)
    login = {"username": "ana.novak@example.org", "password": FORM["password1"]}
    assert client.post("/accounts/login/", login).status_code == 200  # inactive: refused
    done = client.get(link)
    assert done.status_code == 200
    user.refresh_from_db()
    assert user.is_active
    assert client.post("/accounts/login/", login).status_code == 302


def test_registration_joins_an_existing_organisation(client, db):
    org = Stakeholder.objects.create(name="Roma Rights Forum", kind="cso", is_verified=True)
    _register(client, organisation="roma rights forum")
    assert StakeholderMember.objects.get(user__email="ana.novak@example.org").stakeholder == org


def test_registration_refuses_an_nhri_name_duplicate_email_and_weak_password(client, db):
    Stakeholder.objects.create(name="Ombudsman", kind="nhri")
    assert "not a CSO" in _register(client, organisation="Ombudsman").content.decode()
    get_user_model().objects.create_user("x", email="ana.novak@example.org")
    assert "already exists" in _register(client).content.decode()
    weak = _register(client, email="b@example.org", password1="12345678", password2="12345678")
    assert "too common" in weak.content.decode() or "entirely numeric" in weak.content.decode()
    assert not mail.outbox


def test_a_forged_link_is_refused(client, db):
    _register(client)
    user = get_user_model().objects.get(email="ana.novak@example.org")
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    assert client.get(f"/accounts/register/verify/{uid}/abc-123/").status_code == 400
    assert client.get("/accounts/register/verify/xx/abc-123/").status_code == 400
    user.refresh_from_db()
    assert not user.is_active


def test_registration_is_rate_limited_per_address(client, db, settings):
    settings.NRTD_REGISTRATIONS_PER_HOUR = 2
    codes = [_register(client, email=f"person{i}@example.org").status_code for i in range(4)]
    assert codes == [200, 200, 429, 429]
    assert get_user_model().objects.filter(email__startswith="person").count() == 2


def test_registration_refuses_other_methods(client, db):
    assert client.put("/accounts/register/").status_code == 405
    assert client.post("/accounts/register/verify/a/b/").status_code == 405
