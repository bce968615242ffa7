"""Focal point seats: the list, a seat and its tenures, a new seat, and handing a seat
to a successor."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mechanisms import selectors, services
from mechanisms.forms import SeatForm, SeatTransferForm
from mechanisms.views.base import (
    RecordCreateView,
    RecordListView,
    RecordMixin,
    ServiceFormView,
    WorkspaceMixin,
)


class SeatListView(RecordListView):
    template_name = "mechanisms/seat_list.html"
    view_perm = "mechanisms.view_internal"
    records = staticmethod(selectors.seat_list)
    context_name = "seats"


class SeatMixin(RecordMixin):
    view_perm = "mechanisms.view_internal"
    records = staticmethod(selectors.seat_list)
    record_name = "seat"


class SeatDetailView(SeatMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/seat_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=self.seat, tenures=selectors.seat_tenures(seat=self.seat), tab="detail", **kwargs
        )


class SeatCreateView(RecordCreateView):
    form_class = SeatForm
    view_perm = "mechanisms.view_internal"
    change_perm = "mechanisms.manage_seats"
    title = gettext_lazy("New focal point seat")
    create_service = staticmethod(services.seat_create)
    detail_url = "mechanisms:seat_detail"
    list_url = "mechanisms:seat_list"

    def get_initial(self):
        return {"institution": self.request.GET.get("institution")}


class SeatTransferView(SeatMixin, ServiceFormView):
    form_class = SeatTransferForm
    change_perm = "mechanisms.transfer_seat"
    title = gettext_lazy("Transfer the seat")
    submit_label = gettext_lazy("Transfer")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "seat": self.seat}

    def perform(self, form):
        return services.seat_transfer(
            actor=self.request.user,
            seat=self.seat,
            successor=form.cleaned_data["successor"],
            handover_note=form.cleaned_data["handover_note"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.seat, **kwargs)

    def get_success_url(self):
        return reverse("mechanisms:seat_detail", args=[self.seat.pk])
