"""Institutions: the list, a record, and its creation, changes and deactivation."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mechanisms import selectors, services
from mechanisms.forms import InstitutionForm
from mechanisms.views.base import (
    PostActionView,
    RecordCreateView,
    RecordListView,
    RecordMixin,
    RecordUpdateView,
    WorkspaceMixin,
)


class InstitutionListView(RecordListView):
    template_name = "mechanisms/institution_list.html"
    view_perm = "mechanisms.view_institution"
    records = staticmethod(selectors.institution_list)
    context_name = "institutions"


class InstitutionMixin(RecordMixin):
    view_perm = "mechanisms.view_institution"
    records = staticmethod(selectors.institution_list)
    record_name = "institution"


class InstitutionDetailView(InstitutionMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/institution_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=self.institution,
            seats=selectors.seat_list(user=self.request.user, institution=self.institution),
            tab="detail",
            **kwargs,
        )


class InstitutionCreateView(RecordCreateView):
    form_class = InstitutionForm
    view_perm = "mechanisms.view_institution"
    change_perm = "mechanisms.manage_institutions"
    title = gettext_lazy("New institution")
    create_service = staticmethod(services.institution_create)
    detail_url = "mechanisms:institution_detail"
    list_url = "mechanisms:institution_list"


class InstitutionUpdateView(InstitutionMixin, RecordUpdateView):
    form_class = InstitutionForm
    change_perm = "mechanisms.manage_institutions"
    title = gettext_lazy("Edit institution")
    update_service = staticmethod(services.institution_update)
    detail_url = "mechanisms:institution_detail"


class InstitutionDeactivateView(InstitutionMixin, PostActionView):
    change_perm = "mechanisms.manage_institutions"

    def perform(self):
        services.institution_deactivate(actor=self.request.user, institution=self.institution)
        return _("The institution is deactivated.")

    def success_url(self):
        return reverse("mechanisms:institution_detail", args=[self.institution.pk])
