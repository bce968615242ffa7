"""The themes an organisation follows."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mechanisms.models import Stakeholder
from reporting.models import FollowedTheme
from reporting.rules import speaks_for_stakeholder


def may_set_followed_themes(user, stakeholder: Stakeholder) -> bool:
    return user.has_perm("reporting.manage_followed_themes") or (
        user.has_perm("reporting.set_own_followed_themes")
        and speaks_for_stakeholder(user, stakeholder)
    )


@transaction.atomic
def followed_themes_set(*, actor, stakeholder: Stakeholder, themes: Iterable) -> list:
    """Replace the themes the organisation follows; keeps the date of those it already did."""
    if not may_set_followed_themes(actor, stakeholder):
        raise PermissionDenied
    wanted = {theme.pk: theme for theme in themes}
    current = set(stakeholder.followed_themes.values_list("theme_id", flat=True))
    stakeholder.followed_themes.exclude(theme_id__in=wanted).delete()
    FollowedTheme.objects.bulk_create(
        [
            FollowedTheme(stakeholder=stakeholder, theme=theme, added_by=actor)
            for pk, theme in wanted.items()
            if pk not in current
        ]
    )
    return list(wanted.values())
