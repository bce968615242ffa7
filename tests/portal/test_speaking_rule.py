"""Who speaks for an organisation: one rule (mechanisms.rules.speaking_membership) for the
portal's comment and assessment pages, the API's assessments and consultations.

Before, the API asked for a verified membership, the portal accepted an unverified one, and
reporting asked for both the member and the organisation to be verified: a registered CSO
member nobody had checked could publish through the portal what the API refused.
"""

import datetime

import pytest
from rest_framework.test import APIClient

from mechanisms.models import Profile, Stakeholder, StakeholderMember
from mechanisms.rules import speaking_membership
from recommendations.models import Assessment, Comment
from reporting.models import Consultation, ReportDraft
from tests.factories import RecommendationFactory, make_user

pytestmark = pytest.mark.django_db

CASES = [
    # member verified, organisation verified, may speak
    (True, True, True),
    (True, False, False),
    (False, True, False),
    (False, False, False),
]


def _cso(member_verified: bool, organisation_verified: bool):
    user = make_user(Profile.Role.CSO, username="speaker")
    StakeholderMember.objects.filter(user=user).delete()
    org = Stakeholder.objects.create(
        name="Roma Rights Forum", kind=Stakeholder.Kind.CSO, is_verified=organisation_verified
    )
    StakeholderMember.objects.create(stakeholder=org, user=user, is_verified=member_verified)
    return user, org


def _consultation(org):
    draft = ReportDraft.objects.create(title="Mid-term report")
    consultation = Consultation.objects.create(
        draft=draft, title="Mid-term report", deadline=datetime.date.today()
    )
    consultation.stakeholders.add(org)
    return consultation


@pytest.mark.parametrize(("member", "organisation", "speaks"), CASES)
def test_portal_api_and_consultations_give_one_answer(client, member, organisation, speaks):
    user, org = _cso(member, organisation)
    rec = RecommendationFactory()
    assert (speaking_membership(user) is not None) is speaks

    client.force_login(user)
    page = client.post(f"/recommendations/{rec.pk}/comment/", {"body": "Shelters are full."})
    assert page.status_code == (302 if speaks else 403)
    assert Comment.objects.filter(author=user).exists() is speaks

    api = APIClient()
    api.force_authenticate(user)
    answer = api.post(
        "/api/v1/assessments/",
        {
            "recommendation": rec.pk,
            "status": "in_progress",
            "narrative": "The law passed; no budget.",
            "date": "2025-05-01",
        },
        format="json",
    )
    assert answer.status_code == (201 if speaks else 403), answer.content
    assert Assessment.objects.filter(author=user).exists() is speaks

    consultation = _consultation(org)
    assert user.has_perm("reporting.list_consultations") is speaks
    assert user.has_perm("reporting.view_consultation", consultation) is speaks
