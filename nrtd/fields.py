"""Model field factories for what the apps' models spell out again and again."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def optional_link(
    to, verbose_name=None, *, related_name: str | None = None, on_delete=models.SET_NULL
) -> models.ForeignKey:
    """A link a record may lack (null in the database, blank in forms); by default it is
    cleared when the record it points at is deleted."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=on_delete,
        related_name=related_name,
    )


def user_link(
    related_name: str = "+", *, blank: bool = False, on_delete=models.SET_NULL
) -> models.ForeignKey:
    """The user who did something (created, moderated, reviewed…): null when nobody is
    known, and by default cleared when the account is deleted, so the record stays."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=blank,
        on_delete=on_delete,
        related_name=related_name,
    )
