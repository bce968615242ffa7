"""Who a user is, as django-rules predicates. Every app's permissions are built from these.

Roles come from the user's Profile; focal points get their institutions through the seats
they currently hold. Superusers count as secretariat administrators.
"""

from __future__ import annotations

import rules

from mechanisms.models import Profile


def user_role(user) -> str | None:
    if not user or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Profile.Role.SECRETARIAT_ADMIN
    cached = getattr(user, "_nrtd_role", False)
    if cached is not False:
        return cached
    role = Profile.objects.filter(user=user).values_list("role", flat=True).first()
    user._nrtd_role = role
    return role


def user_institution_ids(user) -> frozenset[int]:
    """Institutions whose seats the user holds now (focal points)."""
    if not user or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_nrtd_institution_ids", None)
    if cached is None:
        from mechanisms.models import Seat

        cached = frozenset(
            Seat.objects.filter(holder=user).values_list("institution_id", flat=True)
        )
        user._nrtd_institution_ids = cached
    return cached


def speaking_memberships(user):
    """The memberships through which a user speaks for an organisation (NHRI, CSO, UN
    agency): the secretariat has verified both the member and the organisation. The one
    rule for portal comments and assessments, the API and consultations."""
    from mechanisms.models import StakeholderMember

    if not user or not user.is_authenticated or not user.is_active:
        return StakeholderMember.objects.none()
    return StakeholderMember.objects.filter(
        user=user, is_verified=True, stakeholder__is_verified=True
    )


def speaking_membership(user):
    """The organisation the user speaks for (the oldest membership), or None."""
    return speaking_memberships(user).select_related("stakeholder").order_by("pk").first()


def user_stakeholder_ids(user) -> frozenset[int]:
    """Organisations the user speaks for."""
    cached = getattr(user, "_nrtd_stakeholder_ids", None)
    if cached is None:
        cached = frozenset(speaking_memberships(user).values_list("stakeholder_id", flat=True))
        if user is not None:
            user._nrtd_stakeholder_ids = cached
    return cached


def user_reads_for_parliament(user) -> bool:
    """The user holds a seat in a parliament or parliamentary committee, or reads for one
    (a viewer attached to it): the committee that follows the recommendations needing
    legislation. Parliament is an institution kind, not a role of its own."""
    if not user or not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_nrtd_parliament", None)
    if cached is None:
        from mechanisms.models import Institution

        ids = set(user_institution_ids(user))
        if user_role(user) == Profile.Role.VIEWER:
            viewer_of = Profile.objects.filter(user=user).values_list("institution_id", flat=True)
            ids.update(i for i in viewer_of if i is not None)
        cached = Institution.objects.filter(pk__in=ids, kind=Institution.Kind.PARLIAMENT).exists()
        user._nrtd_parliament = cached
    return cached


def forget_cached_roles(user) -> None:
    """Drop what the predicates cached on this user object (after a role or seat change)."""
    for attr in (
        "_nrtd_role",
        "_nrtd_institution_ids",
        "_nrtd_stakeholder_ids",
        "_nrtd_parliament",
    ):
        user.__dict__.pop(attr, None)


def _has_role(*roles):
    names = {str(r) for r in roles}

    @rules.predicate
    def predicate(user) -> bool:
        return user_role(user) in names

    return predicate


is_secretariat_admin = _has_role(Profile.Role.SECRETARIAT_ADMIN)
is_secretariat = _has_role(Profile.Role.SECRETARIAT_ADMIN, Profile.Role.SECRETARIAT_STAFF)
is_viewer = _has_role(Profile.Role.VIEWER)
is_nhri = _has_role(Profile.Role.NHRI)
is_cso = _has_role(Profile.Role.CSO)


@rules.predicate
def is_focal_point(user) -> bool:
    return bool(user_institution_ids(user))


# Government side: reads everything internal (drafts, internal notes, all institutions).
is_government = is_secretariat | is_focal_point | is_viewer
# Stakeholders with their own voice: they write their own assessments and comments only.
is_stakeholder = is_nhri | is_cso


@rules.predicate
def reads_for_parliament(user) -> bool:
    return user_reads_for_parliament(user)


@rules.predicate
def speaks_for_organisation(user) -> bool:
    return bool(user_stakeholder_ids(user))


# Mechanisms app permissions.
rules.add_perm("mechanisms.view_internal", is_government)
rules.add_perm("mechanisms.manage_institutions", is_secretariat_admin)
rules.add_perm("mechanisms.manage_users", is_secretariat_admin)
rules.add_perm("mechanisms.transfer_seat", is_secretariat_admin)
rules.add_perm("mechanisms.view_institution", rules.always_allow)
rules.add_perm("mechanisms.view_history", is_government)
# The secretariat screens: the mechanism itself, stakeholders and user accounts.
rules.add_perm("mechanisms.manage_seats", is_secretariat_admin)
rules.add_perm("mechanisms.view_users", is_secretariat)
rules.add_perm("mechanisms.view_stakeholders", is_government)
rules.add_perm("mechanisms.manage_stakeholders", is_secretariat)
rules.add_perm("mechanisms.verify_stakeholder_member", is_secretariat)
rules.add_perm("mechanisms.view_mechanism", is_government | is_stakeholder)
rules.add_perm("mechanisms.manage_mechanism", is_secretariat)
# Any signed-in user may protect their account with TOTP; the setting
# NRTD_REQUIRE_2FA_FOR_SECRETARIAT makes it mandatory for the secretariat.
rules.add_perm("mechanisms.setup_two_factor", rules.is_authenticated & rules.is_active)
