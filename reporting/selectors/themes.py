"""Organisations by the UHRI themes they follow."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from mechanisms.models import Stakeholder
from recommendations.models import Theme


def theme_choices() -> QuerySet[Theme]:
    """The themes an organisation may follow, or a consultation may be sent by."""
    return Theme.objects.select_related("parent").order_by("code")


def organisations_following(user, themes: Iterable = ()) -> QuerySet[Stakeholder]:
    """Organisations with the themes they follow, for the government side; filtered to those
    following any of ``themes`` when given."""
    if not user.has_perm("reporting.view_followed_themes"):
        return Stakeholder.objects.none()
    qs = Stakeholder.objects.prefetch_related("followed_themes__theme").order_by("kind", "name")
    themes = list(themes)
    if themes:
        qs = qs.filter(followed_themes__theme__in=themes).distinct()
    return qs


def csos_to_invite(themes: Iterable) -> QuerySet[Stakeholder]:
    """Verified civil society organisations following any of the themes: whom a consultation
    sent "to all CSOs following a theme" reaches."""
    return Stakeholder.objects.filter(
        kind=Stakeholder.Kind.CSO, is_verified=True, followed_themes__theme__in=list(themes)
    ).distinct()
