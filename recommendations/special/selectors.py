"""Reads on special procedures' visits and communications: what a user may see, the one
FilterSet the screens and the API share, and the dates they give the reporting calendar
and the reminders."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import django_filters
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recommendations.models import Body, Communication, Mechanism, State, Visit
from recommendations.special.services import VIEW


def mandates() -> QuerySet[Body]:
    """The special procedures' mandates (reference data), for every choice of mandate."""
    return Body.objects.filter(mechanism=Mechanism.SPECIAL_PROCEDURE, is_active=True)


def visits_visible_to(user) -> QuerySet[Visit]:
    if not user.has_perm(VIEW):
        return Visit.objects.none()
    return Visit.objects.select_related("state", "mandate", "report")


def communications_visible_to(user) -> QuerySet[Communication]:
    """Communications are confidential until OHCHR publishes them: the government side
    reads them all, nobody else any."""
    if not user.has_perm(VIEW):
        return Communication.objects.none()
    return Communication.objects.select_related("state").prefetch_related("mandates")


class _StyledFilter(django_filters.FilterSet):
    """The screens render the filter form with Bootstrap's classes."""

    @property
    def form(self):
        form = super().form
        for bound in form.fields.values():
            widget = bound.widget
            css = "form-select" if hasattr(widget, "choices") else "form-control"
            widget.attrs.setdefault("class", css + " form-select-sm form-control-sm")
        return form


def _mandate_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    """``?mandate=<code>``: any special procedure's mandate, active or not (a record keeps
    the mandate it was about)."""
    return django_filters.ModelChoiceFilter(
        label=gettext_lazy("Mandate"),
        field_name=field_name,
        to_field_name="code",
        queryset=Body.objects.filter(mechanism=Mechanism.SPECIAL_PROCEDURE),
    )


class VisitFilter(_StyledFilter):
    stage = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Stage"), choices=Visit.Stage.choices
    )
    mandate = _mandate_filter("mandate")
    state = django_filters.ModelChoiceFilter(
        label=gettext_lazy("State"), to_field_name="iso3", queryset=State.objects.all()
    )

    class Meta:
        model = Visit
        fields = ["stage", "mandate", "state"]


class CommunicationFilter(_StyledFilter):
    AWAITING, OVERDUE, REPLIED = "awaiting", "overdue", "replied"
    STATUSES = (
        (AWAITING, gettext_lazy("Reply awaited")),
        (OVERDUE, gettext_lazy("Reply overdue")),
        (REPLIED, gettext_lazy("Replied")),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Reply"), choices=STATUSES, method="filter_status"
    )
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"), choices=Communication.Kind.choices
    )
    mandate = _mandate_filter("mandates")
    is_public = django_filters.ChoiceFilter(
        label=gettext_lazy("Published by OHCHR"),
        choices=(("true", gettext_lazy("Published")), ("false", gettext_lazy("Confidential"))),
        method="filter_public",
    )
    q = django_filters.CharFilter(label=gettext_lazy("Reference or subject"), method="filter_q")

    class Meta:
        model = Communication
        fields = ["status", "kind", "mandate", "is_public", "q"]

    def filter_status(self, qs, name, value):
        today = timezone.localdate()
        if value == self.REPLIED:
            return qs.filter(replied_on__isnull=False)
        qs = qs.filter(replied_on__isnull=True)
        if value == self.OVERDUE:
            return qs.filter(reply_due__lt=today)
        return qs.filter(reply_due__gte=today)

    def filter_public(self, qs, name, value):
        return qs.filter(is_public=value == "true")

    def filter_q(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(reference__icontains=value) | Q(subject__icontains=value))


# --- dates for the calendar and the reminders ---------------------------------------------


@dataclass
class SpecialProcedureDate:
    """One date a visit or a communication puts in the reporting calendar; it answers what
    the calendar page and its iCalendar feed ask of a Deadline."""

    pk: str
    kind_label: str
    title: str
    due_date: datetime.date
    url_name: str
    object_id: int
    body: Body | None = None
    period: str = ""
    submitted_on: datetime.date | None = None
    notes: str = ""
    is_estimate: bool = False
    overdue: bool = False
    mechanism: str = Mechanism.SPECIAL_PROCEDURE
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=[self.object_id])

    @property
    def body_id(self):
        return self.body.pk if self.body else None

    def get_kind_display(self) -> str:
        return self.kind_label

    def get_mechanism_display(self) -> str:
        return str(Mechanism.SPECIAL_PROCEDURE.label)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.extra.get("replyable", False)
            and self.submitted_on is None
            and (self.due_date < today)
        )


def _visit_dates(visits) -> list[SpecialProcedureDate]:
    entries = []
    for visit in visits:
        entries.append(
            SpecialProcedureDate(
                pk=f"visit-{visit.pk}",
                kind_label=_("Special procedure visit"),
                title=_("Visit of the %(mandate)s") % {"mandate": visit.mandate.name},
                due_date=visit.start_date,
                url_name="special:visit_detail",
                object_id=visit.pk,
                body=visit.mandate,
                period=f"{visit.start_date:%Y-%m-%d} – {visit.end_date:%Y-%m-%d}",
                notes=visit.get_stage_display(),
            )
        )
    return entries


def _reply_dates(communications, today) -> list[SpecialProcedureDate]:
    entries = []
    for communication in communications:
        # The reference only: the subject of a confidential communication stays on its page.
        entry = SpecialProcedureDate(
            pk=f"communication-{communication.pk}",
            kind_label=_("Reply to a special procedures communication"),
            title=_("Reply to communication %(reference)s")
            % {"reference": communication.reference},
            due_date=communication.reply_due,
            url_name="special:communication_detail",
            object_id=communication.pk,
            body=next(iter(communication.mandates.all()), None),
            submitted_on=communication.replied_on,
            extra={"replyable": True},
        )
        entry.overdue = entry.is_overdue(today)
        entries.append(entry)
    return entries


# Past dates the calendar keeps: a year of visits and of replies sent. A reply still owed
# stays whatever its age.
CALENDAR_PAST_DAYS = 365


def calendar_dates(user, today: datetime.date | None = None) -> list[SpecialProcedureDate]:
    """The visits' dates (scheduled or held) and the communications' reply due dates the
    user may see, for the reporting calendar; overdue replies are marked. Visits that
    ended and replies sent more than a year ago are left out; a reply still owed is kept."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=CALENDAR_PAST_DAYS)
    visits = visits_visible_to(user).filter(
        start_date__isnull=False,
        end_date__gte=since,
        stage__in=[Visit.Stage.SCHEDULED, Visit.Stage.HELD, Visit.Stage.REPORT_RECEIVED],
    )
    communications = communications_visible_to(user).filter(
        Q(replied_on__isnull=True) | Q(reply_due__gte=since)
    )
    return _visit_dates(visits) + _reply_dates(communications, today)


def replies_to_remind(today: datetime.date, *, before, after) -> list[Communication]:
    """Communications not replied to whose reply is due ``before`` days from today, or was
    due ``after`` days ago (the reminder days, so nobody is told every day)."""
    days = [today + datetime.timedelta(days=n) for n in before]
    days += [today - datetime.timedelta(days=n) for n in after]
    return list(
        Communication.objects.filter(replied_on__isnull=True, reply_due__in=days)
        .prefetch_related("mandates")
        .order_by("reply_due", "pk")
    )


# --- history --------------------------------------------------------------------------------

# Bookkeeping the History section does not list as changes of the record.
UNLISTED = {"version", "created by"}


def history_of(record) -> list:
    """The record's history as the History tabs show it (who, when, field, old → new),
    without the bookkeeping; a save that changed nothing listed is left out."""
    from mechanisms.selectors import history_changes

    entries = history_changes(record)
    for entry in entries:
        entry.changes = [c for c in entry.changes if str(c.field).lower() not in UNLISTED]
    return [entry for entry in entries if entry.changes or entry.kind != "~"]
