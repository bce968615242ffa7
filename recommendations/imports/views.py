"""The secretariat's upload page: an import runs as a Celery job with a progress bar and a
downloadable error report."""

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nrtd.jobs import QueueUnavailable, live_progress
from nrtd.web import require
from recommendations.imports.services import (
    IMPORT,
    import_job_create,
    import_job_retry,
    import_jobs_sweep,
    upload_check,
)
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
@require_http_methods(["GET", "POST"])
def import_upload(request):
    require(request.user, IMPORT)
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = import_job_create(
                    actor=request.user,
                    uploaded_file=form.cleaned_data["file"],
                    format=form.cleaned_data["format"],
                    state=form.cleaned_data["state"],
                    session=form.cleaned_data["session"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except QueueUnavailable as refused:
                form.add_error(None, refused.message)
                status = 503
            else:
                return redirect("imports:detail", pk=job.pk)
    else:
        form = ImportForm()
    jobs = ImportJob.objects.select_related("created_by")[:20]
    return render(
        request,
        "recommendations/import_upload.html",
        {"form": form, "jobs": jobs},
        status=status,
    )


@login_required
@require_GET
def import_detail(request, pk):
    require(request.user, IMPORT)
    job = get_object_or_404(ImportJob, pk=pk)
    if job.status in (ImportJob.JobStatus.QUEUED, ImportJob.JobStatus.RUNNING):
        import_jobs_sweep(pk=job.pk)
        job.refresh_from_db()
    job.progress = live_progress(job)
    template = (
        "recommendations/_import_status.html"
        if request.htmx
        else "recommendations/import_detail.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_POST
def import_retry(request, pk):
    require(request.user, IMPORT)
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        import_job_retry(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except QueueUnavailable as refused:
        messages.error(request, refused.message)
        job.refresh_from_db()
        return render(request, "recommendations/import_detail.html", {"job": job}, status=503)
    return redirect("imports:detail", pk=job.pk)


@login_required
@require_GET
def import_errors(request, pk):
    require(request.user, IMPORT)
    job = get_object_or_404(ImportJob, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.csv"'
    writer = csv.writer(response)
    writer.writerow(["problem"])
    for problem in job.errors:
        writer.writerow([problem])
    for warning in job.result.get("warnings", []):
        writer.writerow([f"warning: {warning}"])
    return response
