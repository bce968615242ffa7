"""Reads for the mechanisms app, limited to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from mechanisms.models import (
    Institution,
    NationalMechanism,
    Seat,
    SeatTenure,
    Stakeholder,
    StakeholderMember,
)

User = get_user_model()


def institution_list(*, user, include_inactive: bool = True) -> QuerySet[Institution]:
    qs = Institution.objects.select_related("parent")
    if not include_inactive or not user.has_perm("mechanisms.view_internal"):
        qs = qs.filter(is_active=True)
    return qs


def seat_list(*, user, institution: Institution | None = None) -> QuerySet[Seat]:
    if not user.has_perm("mechanisms.view_internal"):
        return Seat.objects.none()
    qs = Seat.objects.select_related("institution", "holder")
    if institution is not None:
        qs = qs.filter(institution=institution)
    return qs


def seat_tenures(*, seat: Seat) -> QuerySet[SeatTenure]:
    return seat.tenures.select_related("user").order_by("-started")


def user_list(*, user) -> QuerySet:
    if not user.has_perm("mechanisms.view_users"):
        return User.objects.none()
    return (
        User.objects.select_related("profile", "profile__institution")
        .prefetch_related(
            Prefetch("seats", queryset=Seat.objects.select_related("institution")),
            Prefetch(
                "stakeholder_memberships",
                queryset=StakeholderMember.objects.select_related("stakeholder"),
            ),
        )
        .order_by("-is_active", "username")
    )


def stakeholder_list(*, user) -> QuerySet[Stakeholder]:
    if not user.has_perm("mechanisms.view_stakeholders"):
        return Stakeholder.objects.none()
    return Stakeholder.objects.all()


def stakeholder_members(*, stakeholder: Stakeholder) -> QuerySet[StakeholderMember]:
    return stakeholder.members.select_related("user").order_by("user__username")


def mechanism_current() -> NationalMechanism | None:
    return NationalMechanism.objects.select_related("secretariat").order_by("pk").first()


# History -----------------------------------------------------------------------------------


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: Any
    kind: str  # "+", "~" or "-", as simple_history records them
    reason: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def who_name(self) -> str:
        if self.who is None:
            return str(_("system"))
        return self.who.get_full_name() or self.who.get_username()

    @property
    def kind_label(self) -> str:
        return {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}.get(self.kind, "")


def _display(model, field_name: str, value) -> str:
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(field_name)
    if model_field.is_relation and model_field.related_model is not None:
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def _tracked_fields(model, history_model) -> list[str]:
    tracked = {f.name for f in history_model._meta.fields}
    return [
        f.name for f in model._meta.concrete_fields if f.name in tracked and f.name not in ("id",)
    ]


def history_changes(instance) -> list[HistoryEntry]:
    """Field-level changes of a record, newest first: who, when, field, old → new."""
    model = type(instance)
    records = list(instance.history.select_related("history_user").order_by("history_date"))
    entries: list[HistoryEntry] = []
    previous = None
    fields = None
    for record in records:
        if fields is None:
            fields = _tracked_fields(model, type(record))
        entry = HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            kind=record.history_type,
            reason=record.history_change_reason or "",
        )
        if previous is None:
            for name in fields:
                value = getattr(record, model._meta.get_field(name).attname)
                if value not in (None, "", {}, []):
                    entry.changes.append(
                        FieldChange(
                            str(model._meta.get_field(name).verbose_name),
                            "—",
                            _display(model, name, value),
                        )
                    )
        else:
            delta = record.diff_against(previous, included_fields=fields)
            for change in delta.changes:
                entry.changes.append(
                    FieldChange(
                        str(model._meta.get_field(change.field).verbose_name),
                        _display(model, change.field, change.old),
                        _display(model, change.field, change.new),
                    )
                )
        entries.append(entry)
        previous = record
    entries.reverse()
    return entries
