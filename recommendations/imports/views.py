"""The secretariat's upload page: an import runs as a Celery job with a progress bar and a
downloadable error report."""

import csv

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.spreadsheets import csv_row
from nrtd.web import require
from recommendations.imports.services import IMPORT, import_job_create, upload_check
from recommendations.models import ImportJob


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "OHCHR thematic matrix (.docx), UPR Info export (.csv) or UHRI export (.xlsx, .csv)"
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("Detect from the file"))] + list(ImportJob.Format.choices),
        required=False,
    )
    state = forms.CharField(
        label=_("State under review"),
        required=False,
        help_text=_("Only if the file does not say it"),
    )
    session = forms.IntegerField(
        label=_("UPR session"),
        required=False,
        min_value=1,
        help_text=_("Only if the file does not say it"),
    )
    dry_run = forms.BooleanField(label=_("Check only, write nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            upload_check(upload)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["file"]) from exc
        return upload


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request):
    require(request.user, IMPORT)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = import_job_create(
                actor=request.user,
                uploaded_file=form.cleaned_data["file"],
                format=form.cleaned_data["format"],
                state=form.cleaned_data["state"],
                session=form.cleaned_data["session"],
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect("imports:detail", pk=job.pk)
    else:
        form = ImportForm()
    jobs = ImportJob.objects.select_related("created_by")[:20]
    return render(request, "recommendations/import_upload.html", {"form": form, "jobs": jobs})


@login_required
@require_safe
def import_detail(request, pk):
    require(request.user, IMPORT)
    job = get_object_or_404(ImportJob, pk=pk)
    template = (
        "recommendations/_import_status.html"
        if request.htmx
        else "recommendations/import_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_safe
def import_errors(request, pk):
    require(request.user, IMPORT)
    job = get_object_or_404(ImportJob, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.csv"'
    writer = csv.writer(response)
    writer.writerow(["problem"])
    # A problem quotes the file's cell (an imported text may start with '='), so each field
    # goes through the one formula guard.
    for problem in job.errors:
        writer.writerow(csv_row([problem]))
    for warning in job.result.get("warnings", []):
        writer.writerow(csv_row([f"warning: {warning}"]))
    return response
