"""Who changed what (django-simple-history): ``save_as`` names the actor of every write;
``history_copy`` writes the history rows of a bulk change in the database.

django-simple-history records a change by building a historical model instance per row in
Python; for thousands of rows (a bulk assignment) that costs seconds. ``history_copy`` has the
database copy the rows as they now are into the history table, in one INSERT … SELECT per
chunk, with the same columns simple-history writes: the tracked fields, the date, the user,
the type ("+" created, "~" changed) and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.utils import timezone

HISTORY_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}
CHUNK = 1000


def history_copy(model, pks: Sequence[int], *, user, reason: str, history_type: str = "~") -> int:
    """Record the current state of ``model``'s rows ``pks`` in its history; returns how many
    rows were recorded."""
    if not pks:
        return 0
    historical = model.history.model
    quote = connection.ops.quote_name
    columns = [f.column for f in historical._meta.concrete_fields if f.name not in HISTORY_FIELDS]
    source = {f.column for f in model._meta.concrete_fields}
    assert set(columns) <= source, "the history tracks a column the model does not have"
    names = ", ".join(quote(c) for c in columns)
    extra = ", ".join(
        quote(c)
        for c in ("history_date", "history_change_reason", "history_type", "history_user_id")
    )
    written = 0
    now = timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(pks), CHUNK):
            chunk = list(pks[start : start + CHUNK])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {quote(historical._meta.db_table)} ({names}, {extra}) "  # noqa: S608 - names from _meta
                f"SELECT {names}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({marks})",
                [now, reason, history_type, getattr(user, "pk", None), *chunk],
            )
            written += cursor.rowcount
    return written


def save_as(record, actor, *, reason: str | None = None, update_fields=None) -> None:
    """Save ``record``, its history row naming ``actor`` (and ``reason``, when given).
    ``update_fields`` limits the save to those columns, and the model's ``auto_now`` time
    (``modified``), which Django sets only when it is among them."""
    record._history_user = actor
    if reason:
        record._change_reason = reason
    if update_fields is not None:
        stamps = [f.name for f in record._meta.concrete_fields if getattr(f, "auto_now", False)]
        update_fields = list(dict.fromkeys([*update_fields, *stamps]))
    record.save(update_fields=update_fields)
