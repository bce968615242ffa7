import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from mechanisms import services
from mechanisms.models import Institution, Profile, Seat, SeatTenure, StakeholderMember
from mechanisms.rules import forget_cached_roles
from tests.factories import AssignmentFactory, SeatFactory, UserFactory, make_user

pytestmark = pytest.mark.django_db


def test_institution_create_records_the_actor_in_history(admin):
    institution = services.institution_create(
        actor=admin, name="Ministry of Culture", kind=Institution.Kind.MINISTRY, acronym="MoC"
    )
    record = institution.history.get()
    assert record.history_type == "+"
    assert record.history_user == admin


def test_institution_update_keeps_old_and_new_values(admin, own_institution):
    services.institution_update(actor=admin, institution=own_institution, acronym="MH")
    latest, previous = own_institution.history.order_by("-history_date")[:2]
    change = latest.diff_against(previous).changes
    assert [(c.field, c.old, c.new) for c in change] == [("acronym", "MoH", "MH")]
    assert latest.history_user == admin


def test_institution_update_refuses_a_duplicate_name(admin, own_institution, other_institution):
    with pytest.raises(ValidationError) as exc:
        services.institution_update(
            actor=admin, institution=own_institution, name=other_institution.name
        )
    assert "name" in exc.value.error_dict


def test_institution_cannot_be_its_own_parent(admin, own_institution):
    with pytest.raises(ValidationError):
        services.institution_update(
            actor=admin, institution=own_institution, parent=own_institution
        )


def test_institution_deactivate(admin, own_institution):
    services.institution_deactivate(actor=admin, institution=own_institution)
    own_institution.refresh_from_db()
    assert not own_institution.is_active
    assert own_institution.history.first().history_change_reason == "deactivated"


@pytest.mark.parametrize("role", ["secretariat_staff", "focal_own", "viewer", "nhri", "cso"])
def test_only_secretariat_admin_manages_institutions(people, role, own_institution):
    with pytest.raises(PermissionDenied):
        services.institution_update(actor=people[role], institution=own_institution, acronym="X")
    with pytest.raises(PermissionDenied):
        services.institution_create(actor=people[role], name="X", kind="ministry")


def test_seat_create_with_holder_opens_a_tenure(admin, own_institution):
    user = UserFactory(username="new-focal")
    seat = services.seat_create(
        actor=admin, institution=own_institution, level=Seat.Level.SENIOR, holder=user
    )
    assert seat.holder == user
    assert seat.tenures.get().ended is None
    assert Profile.objects.get(user=user).role == Profile.Role.FOCAL_POINT


def test_seat_create_refuses_an_inactive_institution(admin, own_institution):
    services.institution_deactivate(actor=admin, institution=own_institution)
    with pytest.raises(ValidationError):
        services.seat_create(actor=admin, institution=own_institution, level=Seat.Level.SENIOR)


def test_seat_transfer_moves_access_and_keeps_history(admin, own_institution):
    predecessor = UserFactory(username="predecessor")
    successor = UserFactory(username="successor")
    seat = services.seat_create(
        actor=admin, institution=own_institution, level=Seat.Level.TECHNICAL, holder=predecessor
    )
    recommendation = AssignmentFactory(institution=own_institution).recommendation
    assert predecessor.has_perm("recommendations.update_progress", recommendation)
    assert not successor.has_perm("recommendations.update_progress", recommendation)

    services.seat_transfer(
        actor=admin, seat=seat, successor=successor, handover_note="Drafts are in the shared drive."
    )

    forget_cached_roles(predecessor)
    forget_cached_roles(successor)
    assert not predecessor.has_perm("recommendations.update_progress", recommendation)
    assert successor.has_perm("recommendations.update_progress", recommendation)
    seat.refresh_from_db()
    assert seat.holder == successor
    old, new = SeatTenure.objects.filter(seat=seat).order_by("started", "pk")
    assert (old.user, new.user) == (predecessor, successor)
    assert old.ended is not None
    assert new.ended is None
    assert old.handover_note == "Drafts are in the shared drive."
    holders = [h.holder_id for h in seat.history.order_by("history_date")]
    assert holders == [predecessor.pk, successor.pk]
    assert seat.history.first().history_user == admin


def test_seat_transfer_refuses_the_current_holder_and_inactive_users(admin, own_institution):
    holder = UserFactory(username="holder")
    seat = services.seat_create(
        actor=admin, institution=own_institution, level=Seat.Level.TECHNICAL, holder=holder
    )
    with pytest.raises(ValidationError):
        services.seat_transfer(actor=admin, seat=seat, successor=holder)
    inactive = UserFactory(username="gone", is_active=False)
    with pytest.raises(ValidationError):
        services.seat_transfer(actor=admin, seat=seat, successor=inactive)


def test_focal_point_cannot_transfer_own_seat(people):
    seat = Seat.objects.get(holder=people["focal_own"])
    with pytest.raises(PermissionDenied):
        services.seat_transfer(
            actor=people["focal_own"], seat=seat, successor=people["focal_other"]
        )


def _invite(admin, **kwargs):
    links = []

    def link_for(uid, token):
        links.append(f"/workspace/invitation/{uid}/{token}/")
        return "http://testserver" + links[-1]

    defaults = {"email": "new@example.org", "username": "newbie", "role": "secretariat_staff"}
    user = services.user_invite(actor=admin, link_for=link_for, **{**defaults, **kwargs})
    return user, links[0]


def test_invitation_sends_a_one_time_link(admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user, link = _invite(admin)
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert link in mail.outbox[0].body
    assert mail.outbox[0].to == ["new@example.org"]
    _, _, _, uid, token, _ = link.split("/")
    services.invitation_accept(uidb64=uid, token=token, password="a-long-new-passphrase")
    user.refresh_from_db()
    assert user.check_password("a-long-new-passphrase")
    with pytest.raises(ValidationError):
        services.invitation_accept(uidb64=uid, token=token, password="another-passphrase-1")


def test_invitation_checks_the_password_validators(admin):
    user, link = _invite(admin)
    _, _, _, uid, token, _ = link.split("/")
    with pytest.raises(ValidationError):
        services.invitation_accept(uidb64=uid, token=token, password="123")


def test_inviting_a_focal_point_gives_the_seat(admin, own_institution):
    seat = SeatFactory(institution=own_institution)
    user, _ = _invite(admin, role=Profile.Role.FOCAL_POINT, seat=seat)
    seat.refresh_from_db()
    assert seat.holder == user
    assert seat.tenures.get(ended__isnull=True).user == user


def test_inviting_a_cso_member_makes_a_verified_member(admin, people):
    org = StakeholderMember.objects.get(user=people["cso"]).stakeholder
    user, _ = _invite(admin, role=Profile.Role.CSO, stakeholder=org)
    assert StakeholderMember.objects.get(user=user).is_verified


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"username": "admin"}, "username"),
        ({"role": Profile.Role.FOCAL_POINT}, "seat"),
        ({"role": Profile.Role.VIEWER}, "institution"),
        ({"role": Profile.Role.NHRI}, "stakeholder"),
    ],
)
def test_invitation_validates(admin, kwargs, field):
    with pytest.raises(ValidationError) as exc:
        _invite(admin, **kwargs)
    assert field in exc.value.error_dict


def test_staff_cannot_invite(people):
    with pytest.raises(PermissionDenied):
        _invite(people["secretariat_staff"])


def test_deactivation_vacates_seats_and_keeps_history(admin, own_institution):
    user = UserFactory(username="leaving")
    seat = services.seat_create(
        actor=admin, institution=own_institution, level=Seat.Level.SENIOR, holder=user
    )
    services.user_deactivate(actor=admin, user=user)
    user.refresh_from_db()
    seat.refresh_from_db()
    assert not user.is_active
    assert seat.holder is None
    tenure = seat.tenures.get()
    assert tenure.user == user
    assert tenure.ended is not None
    assert seat.history.count() == 2  # created with the holder, then vacated
    assert Profile.objects.get(user=user).history.exists()


def test_deactivated_user_link_no_longer_works(admin):
    user, link = _invite(admin)
    services.user_deactivate(actor=admin, user=user)
    _, _, _, uid, token, _ = link.split("/")
    assert services.invitation_user(uid, token) is None


def test_admin_cannot_deactivate_self(admin):
    with pytest.raises(ValidationError):
        services.user_deactivate(actor=admin, user=admin)


def test_stakeholder_member_verification(people):
    member = StakeholderMember.objects.get(user=people["nhri"])
    services.stakeholder_member_verify(
        actor=people["secretariat_staff"], member=member, verified=False
    )
    member.refresh_from_db()
    assert not member.is_verified
    assert member.history.first().history_user == people["secretariat_staff"]
    with pytest.raises(PermissionDenied):
        services.stakeholder_member_verify(actor=people["nhri"], member=member)


def test_meeting_and_members(people, own_institution):
    from mechanisms.models import NationalMechanism

    staff = people["secretariat_staff"]
    mechanism = services.mechanism_update(actor=staff, mechanism=NationalMechanism(), name="NMIRF")
    services.mechanism_member_add(
        actor=staff, mechanism=mechanism, institution=own_institution, membership="observer"
    )
    meeting = services.meeting_create(
        actor=staff, mechanism=mechanism, date="2025-01-02", title="Plenary", minutes="Agreed."
    )
    assert mechanism.members.get().membership == "observer"
    assert meeting.history.get().history_user == staff
    with pytest.raises(PermissionDenied):
        services.meeting_update(actor=people["focal_own"], meeting=meeting, title="X")


def test_make_user_focal_point_has_no_role_change_needed():
    user = make_user(Profile.Role.FOCAL_POINT)
    assert user.seats.exists()
