"""Every secretariat screen, for every role: who sees it (200), who sees but may not change
(403), who may not see (404), anonymous (login), and the wrong HTTP method (405)."""

import pytest
from django.urls import reverse

from mechanisms.models import (
    Institution,
    MechanismMember,
    Meeting,
    NationalMechanism,
    Seat,
    Stakeholder,
    StakeholderMember,
)
from tests.factories import ROLES

pytestmark = pytest.mark.django_db

ALL = set(ROLES)
GOV = {"secretariat_admin", "secretariat_staff", "focal_own", "focal_other", "viewer"}
SEC = {"secretariat_admin", "secretariat_staff"}
ADMIN = {"secretariat_admin"}


@pytest.fixture
def objects(people, own_institution, other_institution):
    mechanism = NationalMechanism.objects.create(name="NMIRF")
    MechanismMember.objects.create(mechanism=mechanism, institution=own_institution)
    return {
        "institution": own_institution,
        "other_institution": other_institution,
        "seat": Seat.objects.get(holder=people["focal_own"]),
        "account": people["viewer"],
        "successor": people["focal_other"],
        "stakeholder": Stakeholder.objects.get(members__user=people["nhri"]),
        "member": StakeholderMember.objects.get(user=people["nhri"]),
        "mechanism": mechanism,
        "meeting": Meeting.objects.create(mechanism=mechanism, date="2025-01-01", title="First"),
    }


def _pk(key):
    return lambda o: [o[key].pk]


def _none(o):
    return []


# name, url args, roles who may see, roles who may change (None: a read-only page)
PAGES = [
    ("institution_list", _none, ALL),
    ("institution_detail", _pk("institution"), ALL),
    ("institution_history", _pk("institution"), GOV),
    ("seat_list", _none, GOV),
    ("seat_detail", _pk("seat"), GOV),
    ("seat_history", _pk("seat"), GOV),
    ("user_list", _none, SEC),
    ("user_detail", _pk("account"), SEC),
    ("user_history", _pk("account"), SEC),
    ("stakeholder_list", _none, GOV),
    ("stakeholder_detail", _pk("stakeholder"), GOV),
    ("stakeholder_history", _pk("stakeholder"), GOV),
    ("mechanism", _none, ALL),
    ("mechanism_history", _none, GOV),
    ("meeting_detail", _pk("meeting"), ALL),
    ("meeting_history", _pk("meeting"), GOV),
]

FORMS = [
    (
        "institution_create",
        _none,
        ALL,
        ADMIN,
        lambda o: {"name": "Ministry of Culture", "kind": "ministry", "acronym": "MoC"},
        lambda o: Institution.objects.filter(name="Ministry of Culture").exists(),
    ),
    (
        "institution_update",
        _pk("institution"),
        ALL,
        ADMIN,
        lambda o: {
            "name": o["institution"].name,
            "kind": "ministry",
            "acronym": "MH",
            "is_active": "on",
        },
        lambda o: Institution.objects.get(pk=o["institution"].pk).acronym == "MH",
    ),
    (
        "seat_create",
        _none,
        GOV,
        ADMIN,
        lambda o: {"institution": o["institution"].pk, "level": "senior", "title": "Director"},
        lambda o: Seat.objects.filter(title="Director").exists(),
    ),
    (
        "seat_transfer",
        _pk("seat"),
        GOV,
        ADMIN,
        lambda o: {"successor": o["successor"].pk, "handover_note": "All yours."},
        lambda o: Seat.objects.get(pk=o["seat"].pk).holder == o["successor"],
    ),
    (
        "user_invite",
        _none,
        SEC,
        ADMIN,
        lambda o: {
            "username": "invitee",
            "email": "invitee@example.org",
            "role": "secretariat_staff",
        },
        lambda o: o["account"].__class__.objects.filter(username="invitee").exists(),
    ),
    (
        "stakeholder_create",
        _none,
        GOV,
        SEC,
        lambda o: {"name": "Women's Network", "kind": "cso"},
        lambda o: Stakeholder.objects.filter(name="Women's Network").exists(),
    ),
    (
        "stakeholder_update",
        _pk("stakeholder"),
        GOV,
        SEC,
        lambda o: {"name": o["stakeholder"].name, "kind": "nhri", "acronym": "OMB"},
        lambda o: Stakeholder.objects.get(pk=o["stakeholder"].pk).acronym == "OMB",
    ),
    (
        "mechanism_update",
        _none,
        ALL,
        SEC,
        lambda o: {"name": "NMIRF (renamed)"},
        lambda o: NationalMechanism.objects.get().name == "NMIRF (renamed)",
    ),
    (
        "mechanism_member_add",
        _none,
        ALL,
        SEC,
        lambda o: {"institution": o["other_institution"].pk, "membership": "observer"},
        lambda o: MechanismMember.objects.filter(institution=o["other_institution"]).exists(),
    ),
    (
        "meeting_create",
        _none,
        ALL,
        SEC,
        lambda o: {"date": "2025-06-01", "title": "Second plenary", "minutes": "Agreed."},
        lambda o: Meeting.objects.filter(title="Second plenary").exists(),
    ),
    (
        "meeting_update",
        _pk("meeting"),
        ALL,
        SEC,
        lambda o: {"date": "2025-01-01", "title": "First (renamed)", "minutes": "Done."},
        lambda o: Meeting.objects.get(pk=o["meeting"].pk).title == "First (renamed)",
    ),
]

ACTIONS = [
    (
        "institution_deactivate",
        _pk("institution"),
        ALL,
        ADMIN,
        lambda o: {},
        lambda o: not Institution.objects.get(pk=o["institution"].pk).is_active,
    ),
    (
        "user_deactivate",
        _pk("account"),
        SEC,
        ADMIN,
        lambda o: {},
        lambda o: not o["account"].__class__.objects.get(pk=o["account"].pk).is_active,
    ),
    (
        "stakeholder_member_verify",
        _pk("member"),
        GOV,
        SEC,
        lambda o: {"verified": "0"},
        lambda o: not StakeholderMember.objects.get(pk=o["member"].pk).is_verified,
    ),
]


def _url(name, args, objects):
    return reverse(f"mechanisms:{name}", args=args(objects))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "args", "viewers"), PAGES, ids=[p[0] for p in PAGES])
def test_page(client, people, objects, role, name, args, viewers):
    client.force_login(people[role])
    response = client.get(_url(name, args, objects))
    assert response.status_code == (200 if role in viewers else 404)


@pytest.mark.parametrize(("name", "args", "viewers"), PAGES, ids=[p[0] for p in PAGES])
def test_page_anonymous_goes_to_login_and_post_is_not_allowed(
    client, people, objects, name, args, viewers
):
    url = _url(name, args, objects)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(people["secretariat_admin"])
    assert client.post(url).status_code == 405


SPECS = FORMS + ACTIONS
SPEC_IDS = [s[0] for s in SPECS]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "args", "viewers", "changers", "data", "done"), SPECS, ids=SPEC_IDS
)
def test_change(client, people, objects, role, name, args, viewers, changers, data, done):
    client.force_login(people[role])
    url = _url(name, args, objects)
    is_action = (name, args, viewers, changers, data, done) in ACTIONS
    get = client.get(url)
    response = client.post(url, data(objects))
    if role in changers:
        assert get.status_code == (405 if is_action else 200)
        assert response.status_code == 302, (
            getattr(response, "context", {})
            and response.context.get("form")
            and response.context["form"].errors
        )
        assert done(objects)
    else:
        expected = 403 if role in viewers else 404
        assert (get.status_code, response.status_code) == (expected, expected)
        assert not done(objects)


@pytest.mark.parametrize(
    ("name", "args", "viewers", "changers", "data", "done"), SPECS, ids=SPEC_IDS
)
def test_change_anonymous_goes_to_login(client, objects, name, args, viewers, changers, data, done):
    url = _url(name, args, objects)
    for response in (client.get(url), client.post(url, data(objects))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not done(objects)


@pytest.mark.parametrize(
    ("name", "args", "viewers", "changers", "data", "done"), FORMS, ids=[f[0] for f in FORMS]
)
def test_form_refuses_other_methods(
    client, people, objects, name, args, viewers, changers, data, done
):
    client.force_login(people["secretariat_admin"])
    assert client.delete(_url(name, args, objects)).status_code == 405
    assert client.put(_url(name, args, objects)).status_code == 405


def test_form_keeps_what_the_user_typed_on_error(client, admin, other_institution):
    client.force_login(admin)
    response = client.post(
        reverse("mechanisms:institution_create"),
        {"name": other_institution.name, "kind": "ministry", "acronym": "TYPED"},
    )
    assert response.status_code == 200
    assert b'value="TYPED"' in response.content
    assert b"is-invalid" in response.content


def test_service_errors_come_back_on_the_form(client, admin):
    client.force_login(admin)
    response = client.post(
        reverse("mechanisms:user_invite"),
        {"username": "newbie", "email": "newbie@example.org", "role": "focal_point"},
    )
    assert response.status_code == 200
    assert "A focal point needs a seat." in response.content.decode()
    assert b'value="newbie@example.org"' in response.content


def test_history_tab_shows_the_field_change(client, admin, own_institution):
    client.force_login(admin)
    client.post(
        reverse("mechanisms:institution_update", args=[own_institution.pk]),
        {"name": own_institution.name, "kind": "ministry", "acronym": "MH", "is_active": "on"},
    )
    response = client.get(reverse("mechanisms:institution_history", args=[own_institution.pk]))
    rows = response.context["entries"]
    assert rows[0].who == admin
    assert [(c.field, c.old, c.new) for c in rows[0].changes] == [("acronym", "MoH", "MH")]
    assert b"<del>MoH</del>" in response.content
    assert b"<ins>MH</ins>" in response.content


def test_history_shows_names_not_ids(client, admin, own_institution, other_institution):
    client.force_login(admin)
    client.post(
        reverse("mechanisms:institution_update", args=[own_institution.pk]),
        {
            "name": own_institution.name,
            "kind": "agency",
            "parent": other_institution.pk,
            "acronym": "MoH",
            "is_active": "on",
        },
    )
    response = client.get(reverse("mechanisms:institution_history", args=[own_institution.pk]))
    changes = {c.field: (c.old, c.new) for c in response.context["entries"][0].changes}
    assert changes["parent"] == ("—", "Ministry of Justice")
    assert changes["kind"] == ("Ministry", "Government agency")


def test_seat_page_shows_tenures_and_handover_notes(client, admin, objects):
    client.force_login(admin)
    client.post(
        reverse("mechanisms:seat_transfer", args=[objects["seat"].pk]),
        {"successor": objects["successor"].pk, "handover_note": "Keys in the top drawer."},
    )
    response = client.get(reverse("mechanisms:seat_detail", args=[objects["seat"].pk]))
    assert "Keys in the top drawer." in response.content.decode()
