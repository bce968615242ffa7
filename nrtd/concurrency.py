"""One version check for every versioned record (optimistic concurrency).

A form carries the ``version`` the user started from. Saving locks the row; if someone saved
in between, ``version_check`` raises ``RecordChanged`` naming what they changed (read from
django-simple-history), and the service writes nothing. Views keep the user's input and show
the changes; the API answers 409.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nrtd.history import save_as


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    yours: str  # the value when the user opened the form
    now: str  # the value saved since


class RecordChanged(Exception):
    """Someone saved the record since the user opened it; nothing was written."""

    def __init__(self, current, changes: list[FieldChange], changed_by, changed_at):
        self.current = current
        self.changes = changes
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(f"{type(current).__name__} {current.pk} changed")

    @property
    def changed_fields(self) -> list[str]:
        return [change.name for change in self.changes]

    @property
    def changed_labels(self) -> list[str]:
        return [change.label for change in self.changes]


def _display(instance, field) -> str:
    if instance is None or field.many_to_many:
        return ""
    value = getattr(instance, field.attname, None)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value or ""))
    if field.is_relation:
        related = getattr(instance, field.name, None)
        return "" if related is None else str(related)
    return "" if value in (None, "") else str(value)


def _changed_names(latest, old, fields: Sequence[str]) -> list[str]:
    if latest is None or old is None:
        return list(fields)
    # diff_against also compares the many-to-many fields the history tracks.
    changed = {change.field for change in latest.diff_against(old).changes}
    return [name for name in fields if name in changed]


def version_check(model, pk: int, expected_version: int, fields: Sequence[str]):
    """Lock and return the row when it is still at ``expected_version``; otherwise raise
    RecordChanged listing which of ``fields`` differ from the version the user started from.
    Call inside a transaction."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.version == expected_version:
        return current
    history = current.history.all()
    latest = history.first()
    old = history.filter(version=expected_version).first()
    changes = []
    for name in _changed_names(latest, old, fields):
        field = model._meta.get_field(name)
        changes.append(
            FieldChange(
                name, str(field.verbose_name), _display(old, field), _display(current, field)
            )
        )
    raise RecordChanged(
        current,
        changes,
        getattr(latest, "history_user", None),
        getattr(latest, "history_date", None),
    )


def set_fields(record, fields: dict, allowed: Sequence[str]) -> None:
    """Copy a change's ``fields`` onto the locked ``record``; a name outside ``allowed`` is
    the caller's mistake (TypeError), never saved."""
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"unknown {record._meta.model_name} field: {name}")
        setattr(record, name, value)


def save_version(record, actor, *, reason: str | None = None, update_fields=None) -> None:
    """Save a checked change as the record's next version, in its history under ``actor``
    (with ``reason``, when given). ``update_fields`` limits the save to those columns; the
    version (and ``modified``, where the model has it) are saved with them."""
    record.version += 1
    if update_fields is not None:
        update_fields = [*update_fields, "version"]
    save_as(record, actor, reason=reason, update_fields=update_fields)
