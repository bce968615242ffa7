"""Demo data: institutions, the national mechanism, seats and stakeholders, and one account
per role. All accounts share the password below (documented in the README).

Idempotent: everything is looked up by a natural key before being created, and nothing is
saved again when it is already there (so a second run adds no history either).

The recommendations demo assigns work to ``HEALTH`` and ``JUSTICE`` (use
``demo_institution(HEALTH)``), where ``focal.health`` and ``focal.justice`` hold seats.
"""

import datetime

from django.contrib.auth import get_user_model

from mechanisms.models import (
    Institution,
    MechanismMember,
    Meeting,
    NationalMechanism,
    Profile,
    Seat,
    SeatTenure,
    Stakeholder,
    StakeholderMember,
)

DEMO_PASSWORD = "nrtd-demo"  # noqa: S105 - published demo password, refused when DEBUG is off

HEALTH = "Ministry of Health"
JUSTICE = "Ministry of Justice"
FOREIGN_AFFAIRS = "Ministry of Foreign Affairs"
OMBUDSMAN = "Ombudsman"
CSO_NAME = "Human Rights Coalition"

K = Institution.Kind
# name, acronym, kind, parent name, translated names
INSTITUTIONS = [
    (HEALTH, "MoH", K.MINISTRY, None, {"fr": "Ministère de la Santé", "es": "Ministerio de Salud"}),
    (JUSTICE, "MoJ", K.MINISTRY, None, {"fr": "Ministère de la Justice"}),
    (FOREIGN_AFFAIRS, "MFA", K.MINISTRY, None, {"fr": "Ministère des Affaires étrangères"}),
    ("Ministry of Education", "MoE", K.MINISTRY, None, {}),
    ("Ministry of Labour and Social Affairs", "MoLSA", K.MINISTRY, None, {}),
    ("Ministry of Interior", "MoI", K.MINISTRY, None, {}),
    ("Parliament", "", K.PARLIAMENT, None, {}),
    ("Committee on Human Rights", "CHR", K.PARLIAMENT, "Parliament", {}),
    ("Supreme Court", "", K.JUDICIARY, None, {}),
    (OMBUDSMAN, "", K.NHRI, None, {}),
    (CSO_NAME, "HRC", K.CSO, None, {}),
]

DEMO_USERS = [
    # username, first name, last name, role
    ("secretariat", "Samira", "Secretariat", Profile.Role.SECRETARIAT_ADMIN),
    ("focal.health", "Hana", "Health", Profile.Role.FOCAL_POINT),
    ("focal.justice", "Julien", "Justice", Profile.Role.FOCAL_POINT),
    ("viewer", "Vera", "Viewer", Profile.Role.VIEWER),
    ("nhri", "Nadia", "NHRI", Profile.Role.NHRI),
    ("cso", "Carlos", "CSO", Profile.Role.CSO),
]

# Seats (senior and technical) in these institutions; the first holder is a demo user.
SEATS = {HEALTH: "focal.health", JUSTICE: "focal.justice"}
SEATED_INSTITUTIONS = [
    HEALTH,
    JUSTICE,
    "Ministry of Education",
    "Ministry of Labour and Social Affairs",
    "Ministry of Interior",
    "Committee on Human Rights",
]


def demo_institution(name: str) -> Institution:
    return Institution.objects.get(name=name)


def _institutions() -> dict[str, Institution]:
    by_name = {}
    for name, acronym, kind, parent, translations in INSTITUTIONS:
        institution, _ = Institution.objects.get_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "kind": kind,
                "parent": by_name.get(parent),
                "name_translations": translations,
            },
        )
        by_name[name] = institution
    return by_name


def _users(stdout) -> dict[str, object]:
    User = get_user_model()  # noqa: N806
    users, created = {}, 0
    for username, first, last, _role in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.invalid"},
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created += 1
        users[username] = user
    stdout.write(f"demo accounts: {created} created, {len(DEMO_USERS) - created} already there")
    return users


def seed(*, stdout) -> None:
    institutions = _institutions()
    users = _users(stdout)

    mechanism, _ = NationalMechanism.objects.get_or_create(
        name="National Mechanism for Implementation, Reporting and Follow-up",
        defaults={
            "mandate": "Coordinates the State's reports to the UN human rights mechanisms and "
            "follows up the recommendations received.",
            "legal_basis": "Decree No. 12/2021",
            "secretariat": institutions[FOREIGN_AFFAIRS],
        },
    )
    for name in SEATED_INSTITUTIONS + [FOREIGN_AFFAIRS, "Supreme Court"]:
        MechanismMember.objects.get_or_create(
            mechanism=mechanism,
            institution=institutions[name],
            defaults={"membership": MechanismMember.Membership.VOTING},
        )
    MechanismMember.objects.get_or_create(
        mechanism=mechanism,
        institution=institutions[OMBUDSMAN],
        defaults={"membership": MechanismMember.Membership.OBSERVER},
    )
    Meeting.objects.get_or_create(
        mechanism=mechanism,
        date=datetime.date(2025, 3, 14),
        title="Plenary: follow-up plan for the fourth UPR cycle",
        defaults={
            "minutes": "Present: all voting members and the Ombudsman as observer.\n"
            "Agreed: lead institutions per cluster; first update round closes in June."
        },
    )

    for name in SEATED_INSTITUTIONS:
        for level in (Seat.Level.SENIOR, Seat.Level.TECHNICAL):
            seat, created = Seat.objects.get_or_create(
                institution=institutions[name], level=level, defaults={"title": ""}
            )
            holder_name = SEATS.get(name)
            if created and holder_name and level == Seat.Level.TECHNICAL:
                seat.holder = users[holder_name]
                seat.save(update_fields=["holder"])
                SeatTenure.objects.create(seat=seat, user=users[holder_name])

    ombudsman, _ = Stakeholder.objects.get_or_create(
        name=OMBUDSMAN, defaults={"kind": Stakeholder.Kind.NHRI, "is_verified": True}
    )
    cso, _ = Stakeholder.objects.get_or_create(
        name=CSO_NAME,
        defaults={"kind": Stakeholder.Kind.CSO, "acronym": "HRC", "is_verified": True},
    )
    for username, _first, _last, role in DEMO_USERS:
        Profile.objects.get_or_create(
            user=users[username],
            defaults={
                "role": role,
                "institution": institutions[HEALTH] if role == Profile.Role.VIEWER else None,
            },
        )
    StakeholderMember.objects.get_or_create(
        stakeholder=ombudsman, user=users["nhri"], defaults={"is_verified": True}
    )
    StakeholderMember.objects.get_or_create(
        stakeholder=cso, user=users["cso"], defaults={"is_verified": True}
    )
