"""The secretariat's upload page: an upload is first previewed (a dry run in a Celery job,
with a progress bar); the secretariat then chooses the States under review to keep and
whether to publish, and the import runs as a job too, with a downloadable error report."""

import csv

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nrtd.jobs import live_progress
from nrtd.spreadsheets import csv_row
from nrtd.uploads import CheckedFileField
from nrtd.web import job_action, queue_job, require
from recommendations.imports.jobs import (
    IMPORT,
    import_job_cancel,
    import_job_confirm,
    import_job_create,
    import_job_map_state,
    import_job_retry,
    import_jobs_sweep,
    unresolved_state_names,
)
from recommendations.imports.services import (
    UPLOAD,
)
from recommendations.models import ImportJob, State


class ImportForm(forms.Form):
    file = CheckedFileField(
        check=UPLOAD.check,
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


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request):
    require(request.user, IMPORT)
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        job, status = queue_job(
            form,
            lambda: import_job_create(
                actor=request.user,
                uploaded_file=form.cleaned_data["file"],
                format=form.cleaned_data["format"],
                state=form.cleaned_data["state"],
                session=form.cleaned_data["session"],
                dry_run=True,  # a preview first: nothing is written before the choice
            ),
        )
        if job is not None:
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


def _job(request, pk) -> ImportJob:
    require(request.user, IMPORT)
    return get_object_or_404(ImportJob, pk=pk)


@login_required
@require_safe
def import_detail(request, pk):
    job = _job(request, pk)
    if job.status in (ImportJob.JobStatus.QUEUED, ImportJob.JobStatus.RUNNING):
        import_jobs_sweep(pk=job.pk)
        job.refresh_from_db()
    job.progress = live_progress(job)
    template = (
        "recommendations/_import_status.html"
        if request.htmx
        else "recommendations/import_detail.html"
    )
    return render(request, template, _detail_context(job))


class ImportChoiceForm(forms.Form):
    """What to import of a previewed file."""

    states_under_review = forms.MultipleChoiceField(
        label=_("States under review to import"), required=False
    )
    publish = forms.BooleanField(label=_("Publish the new items on the portal"), required=False)

    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["states_under_review"].choices = [
            (e["code"], e["name"]) for e in _choosable(job.preview)
        ]


def _choosable(preview: dict) -> list[dict]:
    """The States under review of a preview that can be chosen (resolved ones)."""
    return [e for e in preview.get("states", []) if e["code"] and e["code"][0] != "?"]


def _detail_context(job: ImportJob, form: ImportChoiceForm | None = None) -> dict:
    context: dict = {"job": job}
    preview = job.preview or {}
    if not preview:
        return context
    if form is None:
        publish = preview.get("publish_default", settings.NRTD_PUBLISH_ON_IMPORT)
        form = ImportChoiceForm(
            job=job,
            initial={
                "states_under_review": job.states_under_review or preview.get("default_states"),
                "publish": publish if job.publish is None else job.publish,
            },
        )
    chosen = set(form["states_under_review"].value() or [])
    states = [{**e, "checked": e["code"] in chosen} for e in _choosable(preview)]
    # The States kept by default first: with a file of every State, the one that matters
    # is not lost at the bottom of a long list.
    states.sort(key=lambda e: not e["checked"])
    context.update(
        form=form,
        preview=preview,
        preview_states=states,
        not_chosen=[e for e in preview.get("states", []) if not e["code"] or e["code"][0] == "?"],
        publish_checked=bool(form["publish"].value()),
    )
    if unresolved_state_names(job):
        context["mapping_form"] = StateMappingForm(job=job)
    return context


@login_required
@require_POST
def import_run(request, pk):
    job = _job(request, pk)
    form = ImportChoiceForm(request.POST, job=job)
    # The form's fields are the service's: the States to keep and whether to publish.
    return _choose(
        request,
        job,
        form,
        import_job_confirm,
        message=_("The import is queued."),
        context=lambda job: _detail_context(job, form),
    )


def _choose(request, job, form, service, *, message: str, context):
    """Hand a valid ``form``'s values to the job ``service`` and go back to the job's page
    with ``message``. Else the job's page (``context(job)``) with the form's errors: 400,
    or 503 when the queue is down."""
    _taken, status = queue_job(
        form, lambda: service(actor=request.user, job=job, **form.cleaned_data)
    )
    if status == 200:
        messages.success(request, message)
        return redirect("imports:detail", pk=job.pk)
    job.refresh_from_db()
    return render(request, "recommendations/import_detail.html", context(job), status=status)


class StateMappingForm(forms.Form):
    """Read a name of the file that did not resolve as a State."""

    name = forms.ChoiceField(
        label=_("Name in the file"), widget=forms.Select(attrs={"class": "form-select"})
    )
    state = forms.ModelChoiceField(
        label=_("is the State"),
        queryset=State.objects.all(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, job: ImportJob, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [(n, n) for n in unresolved_state_names(job)]


@login_required
@require_POST
def import_map_state(request, pk):
    job = _job(request, pk)
    form = StateMappingForm(request.POST, job=job)
    # The form's fields are the service's: the name in the file and its State.
    return _choose(
        request,
        job,
        form,
        import_job_map_state,
        message=_("The name is kept as a spelling of that State; the preview is redone."),
        context=lambda job: {**_detail_context(job), "mapping_form": form},
    )


@login_required
@require_POST
def import_retry(request, pk):
    job = _job(request, pk)
    return job_action(
        request,
        job,
        lambda: import_job_retry(actor=request.user, job=job),
        template="recommendations/import_detail.html",
        context=_detail_context,
        done=reverse("imports:detail", args=[job.pk]),
    )


@login_required
@require_POST
def import_cancel(request, pk):
    job = _job(request, pk)
    try:
        job = import_job_cancel(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if job.status == ImportJob.JobStatus.CANCELLED:
            messages.success(request, _("The import is cancelled; nothing of it was written."))
        else:
            messages.info(
                request,
                _("The import stops at its next step; nothing of it will be written."),
            )
    return redirect("imports:detail", pk=job.pk)


@login_required
@require_safe
def import_errors(request, pk):
    job = _job(request, pk)
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
