"""Writes for the mechanisms app: institutions, seats, users, stakeholders, the mechanism.

Every service is keyword-only and atomic, checks the actor's permission (views check it
too, to answer 403 or 404; the check here is what protects other callers), validates,
saves, and records the actor in django-simple-history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

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
from mechanisms.rules import forget_cached_roles
from nrtd.history import save_as
from nrtd.web import require

User = get_user_model()


def _save(instance: models.Model, *, actor, reason: str = "", validate: bool = True) -> None:
    """Validate and save, naming the actor (and why) in the history record."""
    if validate:
        instance.full_clean()
    save_as(instance, actor, reason=reason)


def _set_and_save(record, fields: dict[str, Any], *, actor):
    """Set the given fields, save with history, and return the record."""
    _set_fields(record, fields)
    _save(record, actor=actor)
    return record


def _set_fields(instance: models.Model, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        instance._meta.get_field(name)  # unknown names fail loudly
        setattr(instance, name, value)


# Institutions ----------------------------------------------------------------------------

INSTITUTION_FIELDS = ("name", "name_translations", "acronym", "kind", "parent", "is_active")


@transaction.atomic
def institution_create(*, actor, name: str, kind: str, **fields: Any) -> Institution:
    require(actor, "mechanisms.manage_institutions")
    institution = Institution(name=name, kind=kind)
    return _set_and_save(institution, fields, actor=actor)


@transaction.atomic
def institution_update(*, actor, institution: Institution, **fields: Any) -> Institution:
    require(actor, "mechanisms.manage_institutions", institution)
    unknown = set(fields) - set(INSTITUTION_FIELDS)
    if unknown:
        raise ValueError(f"not institution fields: {sorted(unknown)}")
    if fields.get("parent") is not None and fields["parent"].pk == institution.pk:
        raise ValidationError({"parent": _("An institution cannot be its own parent.")})
    return _set_and_save(institution, fields, actor=actor)


@transaction.atomic
def institution_deactivate(*, actor, institution: Institution) -> Institution:
    """Deactivated institutions keep their seats, assignments and history; they drop out of
    pickers for new work."""
    require(actor, "mechanisms.manage_institutions", institution)
    if institution.is_active:
        institution.is_active = False
        _save(institution, actor=actor, reason="deactivated", validate=False)
    return institution


# Seats -----------------------------------------------------------------------------------


def _ensure_focal_point_profile(user, *, actor) -> None:
    """A user given a seat without a role becomes a focal point; other roles are kept
    (a secretariat member may also hold a seat)."""
    if not Profile.objects.filter(user=user).exists():
        _save(Profile(user=user, role=Profile.Role.FOCAL_POINT), actor=actor, validate=False)


def _open_tenure(seat: Seat, user, *, actor) -> SeatTenure:
    tenure = SeatTenure(seat=seat, user=user)
    _save(tenure, actor=actor, validate=False)
    return tenure


def _close_tenure(seat: Seat, *, actor, handover_note: str, reason: str) -> SeatTenure | None:
    tenure = seat.tenures.select_for_update().filter(ended__isnull=True).order_by("pk").first()
    if tenure is None:
        if seat.holder_id is None:
            return None
        # A holder set without a tenure (imported or older data): record the tenure now, from
        # when the seat's history first shows the holder, so the handover note is kept.
        first = seat.history.filter(holder_id=seat.holder_id).order_by("history_date").first()
        tenure = SeatTenure(
            seat=seat,
            user_id=seat.holder_id,
            started=first.history_date if first else timezone.now(),
        )
    tenure.ended = timezone.now()
    if handover_note:
        tenure.handover_note = handover_note
    _save(tenure, actor=actor, reason=reason, validate=False)
    return tenure


@transaction.atomic
def seat_create(
    *, actor, institution: Institution, level: str, title: str = "", holder=None
) -> Seat:
    require(actor, "mechanisms.manage_seats")
    if not institution.is_active:
        raise ValidationError({"institution": _("This institution is not active.")})
    seat = Seat(institution=institution, level=level, title=title, holder=holder)
    _save(seat, actor=actor)
    if holder is not None:
        _ensure_focal_point_profile(holder, actor=actor)
        _open_tenure(seat, holder, actor=actor)
        forget_cached_roles(holder)
    return seat


@transaction.atomic
def seat_transfer(*, actor, seat: Seat, successor, handover_note: str = "") -> SeatTenure:
    """Hand a seat to a successor: the current tenure ends with the handover note, a new one
    opens, and the seat's holder changes. Access follows, because every permission that
    depends on an institution asks which seats the user holds now."""
    require(actor, "mechanisms.transfer_seat", seat)
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if successor is None:
        raise ValidationError({"successor": _("Choose the successor.")})
    if not successor.is_active:
        raise ValidationError({"successor": _("This account is deactivated.")})
    if seat.holder_id == successor.pk:
        raise ValidationError({"successor": _("This person already holds the seat.")})
    predecessor = seat.holder
    _close_tenure(seat, actor=actor, handover_note=handover_note, reason="transferred")
    seat.holder = successor
    _save(seat, actor=actor, reason="transferred", validate=False)
    _ensure_focal_point_profile(successor, actor=actor)
    tenure = _open_tenure(seat, successor, actor=actor)
    for user in (predecessor, successor):
        if user is not None:
            forget_cached_roles(user)
    return tenure


def _vacate(seat: Seat, *, actor, handover_note: str, reason: str) -> Seat:
    predecessor = seat.holder
    _close_tenure(seat, actor=actor, handover_note=handover_note, reason=reason)
    if predecessor is not None:
        seat.holder = None
        _save(seat, actor=actor, reason=reason, validate=False)
        forget_cached_roles(predecessor)
    return seat


# Users: invitation and deactivation ---------------------------------------------------------


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """One-time link: the token hashes the password and last login, so it stops working
    once the invitee has set a password. It expires after PASSWORD_RESET_TIMEOUT."""

    key_salt = "mechanisms.services.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitation_link_parts(user) -> tuple[str, str]:
    return urlsafe_base64_encode(force_bytes(user.pk)), invitation_tokens.make_token(user)


def invitation_user(uidb64: str, token: str):
    """The invited user if the link is valid (right token, not used, not expired)."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = User.objects.get(pk=pk)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None
    if not user.is_active or not invitation_tokens.check_token(user, token):
        return None
    return user


@transaction.atomic
def user_invite(
    *,
    actor,
    email: str,
    username: str,
    role: str,
    link_for: Callable[[str, str], str],
    first_name: str = "",
    last_name: str = "",
    institution: Institution | None = None,
    seat: Seat | None = None,
    stakeholder: Stakeholder | None = None,
):
    """Create an account without a usable password and e-mail a one-time link to set one.

    ``link_for(uidb64, token)`` returns the absolute URL of the link (the view knows the
    host). A focal point is given ``seat``; a viewer is attached to ``institution``; NHRI
    and CSO users become verified members of ``stakeholder``.
    """
    require(actor, "mechanisms.manage_users")
    email = User.objects.normalize_email(email)
    errors = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = _("This username is taken.")
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = _("An account with this e-mail address exists.")
    if role == Profile.Role.FOCAL_POINT and seat is None:
        errors["seat"] = _("A focal point needs a seat.")
    if role == Profile.Role.VIEWER and institution is None:
        errors["institution"] = _("A viewer reads for an institution: choose it.")
    if role in (Profile.Role.NHRI, Profile.Role.CSO) and stakeholder is None:
        errors["stakeholder"] = _("Choose the organisation this person belongs to.")
    if errors:
        raise ValidationError(errors)

    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    _save(
        Profile(
            user=user,
            role=role,
            institution=institution if role == Profile.Role.VIEWER else None,
        ),
        actor=actor,
        reason="invited",
    )
    if role == Profile.Role.FOCAL_POINT:
        seat_transfer(actor=actor, seat=seat, successor=user, handover_note="")
    if role in (Profile.Role.NHRI, Profile.Role.CSO):
        _save(
            StakeholderMember(stakeholder=stakeholder, user=user, is_verified=True),
            actor=actor,
            reason="invited",
        )

    link = link_for(*invitation_link_parts(user))
    subject = _("Your nrtd account")
    body = _(
        "You have been invited to the national recommendations tracking database.\n\n"
        "Your username is %(username)s. Open this link to choose a password; it works "
        "once:\n\n%(link)s\n"
    ) % {"username": user.username, "link": link}
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    )
    return user


@transaction.atomic
def invitation_accept(*, uidb64: str, token: str, password: str):
    user = invitation_user(uidb64, token)
    if user is None:
        raise ValidationError(_("This invitation link is invalid or has already been used."))
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_deactivate(*, actor, user):
    """Block the account. Its history stays; its seats fall vacant with the tenure ended."""
    require(actor, "mechanisms.manage_users", user)
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    for seat in Seat.objects.select_for_update().filter(holder=user).order_by("pk"):
        _vacate(
            seat,
            actor=actor,
            handover_note="",
            reason="holder deactivated",
        )
    forget_cached_roles(user)
    return user


# Stakeholders ------------------------------------------------------------------------------


@transaction.atomic
def stakeholder_create(*, actor, name: str, kind: str, **fields: Any) -> Stakeholder:
    require(actor, "mechanisms.manage_stakeholders")
    stakeholder = Stakeholder(name=name, kind=kind)
    return _set_and_save(stakeholder, fields, actor=actor)


@transaction.atomic
def stakeholder_update(*, actor, stakeholder: Stakeholder, **fields: Any) -> Stakeholder:
    require(actor, "mechanisms.manage_stakeholders", stakeholder)
    return _set_and_save(stakeholder, fields, actor=actor)


@transaction.atomic
def stakeholder_member_verify(
    *, actor, member: StakeholderMember, verified: bool = True
) -> StakeholderMember:
    require(actor, "mechanisms.verify_stakeholder_member", member)
    if member.is_verified != verified:
        member.is_verified = verified
        _save(member, actor=actor, reason="verified" if verified else "unverified")
    return member


# The national mechanism ----------------------------------------------------------------------


@transaction.atomic
def mechanism_update(*, actor, mechanism: NationalMechanism, **fields: Any) -> NationalMechanism:
    require(actor, "mechanisms.manage_mechanism", mechanism)
    return _set_and_save(mechanism, fields, actor=actor)


@transaction.atomic
def mechanism_member_add(
    *, actor, mechanism: NationalMechanism, institution: Institution, membership: str
) -> MechanismMember:
    require(actor, "mechanisms.manage_mechanism", mechanism)
    member = MechanismMember.objects.filter(mechanism=mechanism, institution=institution).first()
    if member is None:
        member = MechanismMember(mechanism=mechanism, institution=institution)
    member.membership = membership
    _save(member, actor=actor)
    return member


@transaction.atomic
def meeting_create(
    *, actor, mechanism: NationalMechanism, date, title: str, minutes: str = "", **fields: Any
) -> Meeting:
    require(actor, "mechanisms.manage_mechanism", mechanism)
    meeting = Meeting(mechanism=mechanism, date=date, title=title, minutes=minutes)
    return _set_and_save(meeting, fields, actor=actor)


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **fields: Any) -> Meeting:
    require(actor, "mechanisms.manage_mechanism", meeting.mechanism)
    return _set_and_save(meeting, fields, actor=actor)


# Two-factor authentication -------------------------------------------------------------------


def totp_device_start(*, user):
    """The user's unconfirmed TOTP device, created on first call (so reloading the set-up
    page keeps the same secret)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="nrtd", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user, device, token: str) -> bool:
    """Confirm the device with a first code from the app; other devices are removed."""
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    type(device).objects.filter(user=user).exclude(pk=device.pk).delete()
    return True
