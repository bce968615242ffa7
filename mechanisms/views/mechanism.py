"""The national mechanism (NMIRF): its record, member institutions and meetings."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mechanisms import selectors, services
from mechanisms.forms import MechanismForm, MechanismMemberForm, MeetingForm
from mechanisms.models import Meeting, NationalMechanism
from mechanisms.views.base import (
    RecordUpdateView,
    ServiceFormView,
    WorkspaceMixin,
    model_form_data,
)


class MechanismMixin:
    view_perm = "mechanisms.view_mechanism"

    def get_permission_object(self):
        self.mechanism = selectors.mechanism_current()
        return self.mechanism


class MechanismDetailView(MechanismMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/mechanism_detail.html"

    def get_context_data(self, **kwargs):
        mechanism = self.mechanism
        return super().get_context_data(
            record=mechanism,
            members=mechanism.members.select_related("institution") if mechanism else [],
            meetings=mechanism.meetings.all() if mechanism else [],
            tab="detail",
            **kwargs,
        )


class MechanismUpdateView(MechanismMixin, ServiceFormView):
    form_class = MechanismForm
    change_perm = "mechanisms.manage_mechanism"
    title = gettext_lazy("Edit the national mechanism")

    def get_form_kwargs(self):
        instance = (
            NationalMechanism.objects.get(pk=self.mechanism.pk)
            if self.mechanism
            else NationalMechanism()
        )
        return {**super().get_form_kwargs(), "instance": instance}

    def perform(self, form):
        return services.mechanism_update(
            actor=self.request.user,
            mechanism=self.mechanism or NationalMechanism(),
            **model_form_data(form),
        )

    def get_success_url(self):
        return reverse("mechanisms:mechanism")


class MechanismRequiredMixin(MechanismMixin):
    def get_permission_object(self):
        mechanism = super().get_permission_object()
        if mechanism is None:
            raise Http404
        return mechanism


class MechanismAddView(MechanismRequiredMixin, ServiceFormView):
    """Adds to the mechanism (a member institution, a meeting): ``service`` is called with
    the actor, the mechanism and the form's fields."""

    change_perm = "mechanisms.manage_mechanism"
    service = None

    def perform(self, form):
        return self.service(
            actor=self.request.user, mechanism=self.mechanism, **model_form_data(form)
        )

    def get_success_url(self):
        return reverse("mechanisms:mechanism")


class MechanismMemberAddView(MechanismAddView):
    form_class = MechanismMemberForm
    service = staticmethod(services.mechanism_member_add)
    title = gettext_lazy("Add a member institution")


class MeetingCreateView(MechanismAddView):
    form_class = MeetingForm
    service = staticmethod(services.meeting_create)
    title = gettext_lazy("New meeting")

    def get_success_url(self):
        if getattr(self, "result", None) is not None:
            return reverse("mechanisms:meeting_detail", args=[self.result.pk])
        return super().get_success_url()


class MeetingMixin:
    view_perm = "mechanisms.view_mechanism"

    def get_permission_object(self):
        self.meeting = get_object_or_404(
            Meeting.objects.select_related("mechanism"), pk=self.kwargs["pk"]
        )
        return self.meeting.mechanism


class MeetingDetailView(MeetingMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/meeting_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.meeting, tab="detail", **kwargs)


class MeetingUpdateView(MeetingMixin, RecordUpdateView):
    form_class = MeetingForm
    change_perm = "mechanisms.manage_mechanism"
    title = gettext_lazy("Edit meeting")
    record_name = "meeting"
    update_service = staticmethod(services.meeting_update)
    detail_url = "mechanisms:meeting_detail"
