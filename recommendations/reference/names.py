"""The names of reference records (States, bodies, themes, groups) in the interface
languages: the secretariat's corrections and additions, one write path for the screen."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nrtd.web import require
from recommendations.models import AffectedGroup, Body, State, Theme

MANAGE = "recommendations.manage_reference"

# kind in the URL: (model, natural key, what a page calls it)
KINDS = {
    "states": (State, "iso3", gettext_lazy("States")),
    "bodies": (Body, "code", gettext_lazy("Bodies and mandates")),
    "themes": (Theme, "code", gettext_lazy("Themes")),
    "groups": (AffectedGroup, "code", gettext_lazy("Affected persons and groups")),
}


def name_languages() -> list[tuple[str, str]]:
    """The interface languages a name can be given in (English is the record's own name)."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def reference_records(kind: str, search: str = "") -> QuerySet:
    model, key, _label = KINDS[kind]
    records = model.objects.order_by(key)
    if search:
        records = records.filter(
            Q(name__icontains=search)
            | Q(**{f"{key}__iexact": search})
            | Q(name_translations__icontains=search)
        )
    return records


def stored_name(record, code: str) -> str:
    """The record's name in ``code`` as stored (keys compared without regard to case)."""
    for key, value in (record.name_translations or {}).items():
        if key.lower() == code.lower():
            return value
    return ""


@transaction.atomic
def reference_names_set(*, actor, record, names: dict[str, str], started_from: dict[str, str]):
    """Store ``names`` {language: name} of ``record``; an empty name removes that language's.
    Languages not given (a language no longer offered) are kept. ``started_from`` holds the
    names as the person saw them: a language someone else changed meanwhile is refused,
    naming it, and nothing is written."""
    require(actor, MANAGE)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    conflicts = [
        code
        for code, value in names.items()
        if value != started_from.get(code, "")
        and stored_name(record, code) != started_from.get(code, "")
    ]
    if conflicts:
        raise ValidationError(
            _(
                "Someone changed the name in %(languages)s since you opened this page; nothing "
                "was saved. The names now stored are shown: check them and save again."
            )
            % {"languages": ", ".join(conflicts)},
            code="changed",
        )
    stored = {k: v for k, v in (record.name_translations or {}).items() if k.lower() not in names}
    stored.update({code: " ".join(value.split()) for code, value in names.items() if value.strip()})
    record.name_translations = stored
    record.save(update_fields=["name_translations"])
    return record
