"""What the secretariat screens share: login and permission checks, a form handed to a
service (a record's creation or change), and a POST-only button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from nrtd.web import add_form_errors, require


class WorkspaceMixin(LoginRequiredMixin):
    """Login, then permissions: ``view_perm`` failing answers 404 (the user may not know the
    record exists), ``change_perm`` failing answers 403. Two-factor authentication is
    enforced before any view, by ``mechanisms.two_factor.TwoFactorMiddleware``."""

    view_perm: str | None = None
    change_perm: str | None = None
    http_method_names = ["get", "head"]

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        obj = self.get_permission_object()
        if self.change_perm:
            require(request.user, self.change_perm, obj, visible=self.view_perm or True)
        elif self.view_perm and not request.user.has_perm(self.view_perm, obj):
            raise Http404
        return View.dispatch(self, request, *args, **kwargs)


class RecordListView(WorkspaceMixin, TemplateView):
    """The records ``records(user=...)`` (a selector: those the user may see), in the
    template's context as ``context_name``."""

    records = None  # staticmethod(selectors.<thing>_list)
    context_name = ""

    def get_context_data(self, **kwargs):
        rows = self.records(user=self.request.user)
        return super().get_context_data(**{self.context_name: rows}, **kwargs)


class RecordMixin:
    """The record ``pk`` among ``records(user=...)`` (404 when the user may not see it), kept
    as ``self.<record_name>`` and asked about by the view's permissions."""

    records = None  # staticmethod(selectors.<thing>_list)
    record_name = ""

    def get_permission_object(self):
        record = get_object_or_404(self.records(user=self.request.user), pk=self.kwargs["pk"])
        setattr(self, self.record_name, record)
        return record


class ServiceFormView(WorkspaceMixin, FormView):
    """A form whose valid data goes to a service; the service's ValidationError comes back
    on the form, which keeps what the user typed."""

    template_name = "mechanisms/form.html"
    http_method_names = ["get", "head", "post"]
    title = ""
    submit_label = gettext_lazy("Save")

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ValidationError as exc:
            add_form_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=self.title, submit_label=self.submit_label, cancel_url=self.cancel_url())
        return ctx

    def cancel_url(self):
        return self.get_success_url()


class RecordCreateView(ServiceFormView):
    """A new record: the form's fields go to ``create_service(actor=..., **fields)``; then the
    record's page (URL name ``detail_url``), or ``list_url`` when nothing was made (and for
    the Cancel button)."""

    create_service = None  # staticmethod(services.<thing>_create)
    detail_url = ""
    list_url = ""

    def perform(self, form):
        return self.create_service(actor=self.request.user, **model_form_data(form))

    def get_success_url(self):
        if getattr(self, "result", None) is not None:
            return reverse(self.detail_url, args=[self.result.pk])
        return reverse(self.list_url)


class RecordUpdateView(ServiceFormView):
    """A record's ModelForm, on a copy so that a failed validation does not leave the typed
    values on the record; its fields go to ``update_service(actor=..., <record_name>=record,
    **fields)``, then back to the record's page (``detail_url``). The view's record mixin
    sets the record as ``self.<record_name>``."""

    record_name = ""
    update_service = None  # staticmethod(services.<thing>_update)
    detail_url = ""

    @property
    def record(self):
        return getattr(self, self.record_name)

    def get_form_kwargs(self):
        instance = type(self.record).objects.get(pk=self.record.pk)
        return {**super().get_form_kwargs(), "instance": instance}

    def perform(self, form):
        return self.update_service(
            actor=self.request.user, **{self.record_name: self.record}, **model_form_data(form)
        )

    def get_success_url(self):
        return reverse(self.detail_url, args=[self.record.pk])


class PostActionView(WorkspaceMixin, View):
    """A button: POST only, then back to the record."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            message = self.perform()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, message)
        return HttpResponseRedirect(self.success_url())


def model_form_data(form) -> dict:
    """The cleaned values of a ModelForm's fields, as keyword arguments of a service."""
    return {name: form.cleaned_data[name] for name in form._meta.fields}
