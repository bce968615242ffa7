import pytest
from django.contrib.auth import get_user_model

from mechanisms import demo
from mechanisms.models import Institution, NationalMechanism, Profile, Seat, StakeholderMember
from mechanisms.rules import user_institution_ids

pytestmark = pytest.mark.django_db


class _Out:
    def write(self, text):
        pass


def test_demo_gives_every_account_its_role_and_place():
    demo.seed(stdout=_Out())
    users = {u.username: u for u in get_user_model().objects.all()}
    roles = dict(Profile.objects.values_list("user__username", "role"))
    assert roles == {username: str(role) for username, _f, _l, role in demo.DEMO_USERS}
    health = demo.demo_institution(demo.HEALTH)
    justice = demo.demo_institution(demo.JUSTICE)
    assert user_institution_ids(users["focal.health"]) == {health.pk}
    assert user_institution_ids(users["focal.justice"]) == {justice.pk}
    assert StakeholderMember.objects.get(user=users["nhri"]).stakeholder.name == "Ombudsman"
    assert StakeholderMember.objects.get(user=users["cso"]).stakeholder.kind == "cso"
    assert Institution.objects.get(name="Ombudsman").kind == Institution.Kind.NHRI
    mechanism = NationalMechanism.objects.get()
    assert mechanism.secretariat.name == demo.FOREIGN_AFFAIRS
    assert mechanism.members.count() > 5
    assert mechanism.meetings.count() == 1
    assert Seat.objects.filter(institution=health).count() == 2
    assert all(seat.tenures.exists() for seat in Seat.objects.filter(holder__isnull=False))


def test_demo_twice_changes_nothing():
    demo.seed(stdout=_Out())
    from simple_history.models import registered_models

    def counts():
        return {m: m.history.count() for m in registered_models.values() if hasattr(m, "history")}

    first = counts()
    demo.seed(stdout=_Out())
    assert counts() == first
