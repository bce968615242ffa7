import pytest

from mechanisms.models import Profile
from tests.factories import InstitutionFactory, make_user

ROLES = [
    "secretariat_admin",
    "secretariat_staff",
    "focal_own",
    "focal_other",
    "viewer",
    "nhri",
    "cso",
]


@pytest.fixture
def own_institution():
    return InstitutionFactory(name="Ministry of Health", acronym="MoH")


@pytest.fixture
def other_institution():
    return InstitutionFactory(name="Ministry of Justice", acronym="MoJ")


@pytest.fixture
def people(own_institution, other_institution):
    """One user per role; focal_own holds a seat in own_institution, focal_other in the
    other one; the viewer reads for own_institution."""
    R = Profile.Role  # noqa: N806
    return {
        "secretariat_admin": make_user(R.SECRETARIAT_ADMIN, username="admin"),
        "secretariat_staff": make_user(R.SECRETARIAT_STAFF, username="staff"),
        "focal_own": make_user(R.FOCAL_POINT, institution=own_institution, username="focal-own"),
        "focal_other": make_user(
            R.FOCAL_POINT, institution=other_institution, username="focal-other"
        ),
        "viewer": make_user(R.VIEWER, institution=own_institution, username="viewer"),
        "nhri": make_user(R.NHRI, username="nhri"),
        "cso": make_user(R.CSO, username="cso"),
    }


@pytest.fixture
def admin(people):
    return people["secretariat_admin"]


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Seven users per test: PBKDF2 at full strength makes the suite crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
