"""Texts kept per language in a JSON mapping: {"en": ..., "fr": ..., "zh-Hans": ...}."""

from django.conf import settings
from django.utils.translation import get_language


def in_language(
    texts: dict[str, str],
    default: str = "",
    *,
    language: str | None = None,
    english: bool = True,
) -> str:
    """The text for ``language`` (default: the active one), else the English text (unless
    ``english`` is false), else ``default``.

    Codes are compared without regard to case: the SDG reference data keys Chinese as
    "zh-Hans", as the UN and Unicode spell it, while Django calls the language "zh-hans".
    """
    wanted = (language or get_language() or "en").lower()
    for code, text in texts.items():
        if code.lower() == wanted and text:
            return text
    return (texts.get("en") if english else "") or default


def user_language(user) -> str:
    """The language a user reads their e-mail in: their profile's, else the site's."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", None) or settings.LANGUAGE_CODE
