"""Shared set-up of the workspace tests: a URL conf with the workspace mounted (until the
project's urls include it) and one user per role around two institutions.

Test modules import the fixtures from here; this module has one smoke test of its own.
"""

import datetime

import pytest
from django.urls import NoReverseMatch, include, path, reverse

from mechanisms.models import Profile
from recommendations.models import Assignment
from tests.factories import (
    ClusterFactory,
    InstitutionFactory,
    RecommendationFactory,
    make_user,
)

try:
    reverse("workspace:my_work", urlconf="nrtd.urls")
    from nrtd.urls import urlpatterns
except NoReverseMatch:
    from nrtd.urls import urlpatterns as _project

    urlpatterns = [path("workspace/", include("recommendations.followup.urls")), *_project]

URLCONF = __name__
TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _workspace_urls(settings):
    settings.ROOT_URLCONF = URLCONF
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def own_institution(db):
    return InstitutionFactory(name="Ministry of Health", acronym="MoH")


@pytest.fixture
def other_institution(db):
    return InstitutionFactory(name="Ministry of Justice", acronym="MoJ")


@pytest.fixture
def people(own_institution, other_institution):
    R = Profile.Role  # noqa: N806
    return {
        "secretariat": make_user(R.SECRETARIAT_ADMIN, username="secretariat"),
        "focal_own": make_user(R.FOCAL_POINT, institution=own_institution, username="focal-own"),
        "focal_other": make_user(
            R.FOCAL_POINT, institution=other_institution, username="focal-other"
        ),
        "viewer": make_user(R.VIEWER, institution=own_institution, username="viewer"),
        "nhri": make_user(R.NHRI, username="nhri"),
        "cso": make_user(R.CSO, username="cso"),
    }


@pytest.fixture
def recs(own_institution, other_institution):
    """Two recommendations led by the own institution (one supported by the other), one led
    by the other institution."""
    cluster = ClusterFactory(name="Health")
    first = RecommendationFactory(paragraph="115.1", text="Ensure access to health care")
    second = RecommendationFactory(paragraph="115.2", text="Reduce maternal mortality")
    third = RecommendationFactory(paragraph="115.3", text="Reform the criminal code")
    first.clusters.add(cluster)
    Assignment.objects.create(recommendation=first, institution=own_institution, role="lead")
    Assignment.objects.create(
        recommendation=first, institution=other_institution, role="supporting"
    )
    Assignment.objects.create(recommendation=second, institution=own_institution, role="lead")
    Assignment.objects.create(recommendation=third, institution=other_institution, role="lead")
    return [first, second, third]


def test_workspace_is_mounted(db):
    assert reverse("workspace:my_work", urlconf=URLCONF) == "/workspace/my-work/"
