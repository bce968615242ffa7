"""The report settings screen (the cover's emblem and who issues the reports): secretariat
only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.web import add_form_errors, form_page, require
from reporting.forms import ReportSettingsForm
from reporting.models import ReportSettings
from reporting.services.report_settings import report_settings_update


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_settings(request):
    require(request.user, "reporting.manage_report_settings")
    current = ReportSettings.load()
    if request.method == "POST":
        form = ReportSettingsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report_settings_update(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Report settings saved."))
                return redirect("reporting:report_settings")
    else:
        form = ReportSettingsForm(initial={"issued_by": current.issued_by})
    return form_page(
        request,
        "reporting/report_settings.html",
        {"form": form, "current": current, "active": "report_settings"},
    )


@require_safe
@login_required
def report_emblem(request):
    """The stored emblem, for the settings screen's preview."""
    require(request.user, "reporting.manage_report_settings")
    current = ReportSettings.objects.filter(pk=ReportSettings.SINGLETON).first()
    if current is None or not current.emblem:
        raise Http404
    return FileResponse(current.emblem.open("rb"), content_type="image/png")
