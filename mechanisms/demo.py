"""Demo accounts, one per role. All share the password below (documented in the README)."""

from django.contrib.auth import get_user_model

DEMO_PASSWORD = "nrtd-demo"  # noqa: S105 - published demo password, refused when DEBUG is off

DEMO_USERS = [
    ("secretariat", "Samira", "Secretariat", "secretariat administrator"),
    ("focal.health", "Hana", "Health", "focal point, Ministry of Health"),
    ("focal.justice", "Julien", "Justice", "focal point, Ministry of Justice"),
    ("viewer", "Vera", "Viewer", "institution viewer (read-only)"),
    ("nhri", "Nadia", "NHRI", "NHRI assessor"),
    ("cso", "Carlos", "CSO", "CSO member"),
]


def seed(*, stdout) -> None:
    User = get_user_model()  # noqa: N806
    created = 0
    for username, first, last, _role in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.invalid"},
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created += 1
    stdout.write(f"demo accounts: {created} created, {len(DEMO_USERS) - created} already there")
