"""Report runs: ask for one, follow its progress, cancel or retry it, download its files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nrtd.web import form_page, job_action, queue_job, require
from reporting.exports import CONTENT_TYPES
from reporting.forms import ReportRunForm
from reporting.models import OutputFormat
from reporting.selectors.runs import runs_visible_to
from reporting.services import runs as run_services


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def run_list(request):
    require(request.user, "reporting.view_reports")
    form = ReportRunForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        require(request.user, "reporting.run_reports")
        run, status = queue_job(
            form, lambda: run_services.report_run_create(actor=request.user, **form.cleaned_data)
        )
        if run is not None:
            return redirect("reporting:run_detail", pk=run.pk)
    runs = runs_visible_to(request.user)[:30]
    return form_page(
        request,
        "reporting/run_list.html",
        {"form": form, "runs": runs, "active": "runs"},
        status=status,
    )


@require_safe
@login_required
def run_detail(request, pk):
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    if run.is_active:
        run_services.report_runs_sweep(pk=run.pk)
        run.refresh_from_db()
    template = "reporting/_run_status.html" if request.htmx else "reporting/run_detail.html"
    return render(request, template, {"run": run, "active": "runs"})


@require_POST
@login_required
def run_cancel(request, pk):
    return _run_change(request, pk, run_services.report_run_cancel)


@require_POST
@login_required
def run_retry(request, pk):
    return _run_change(request, pk, run_services.report_run_retry)


def _run_change(request, pk, service):
    """Cancel or retry: a run the user sees (404 otherwise), by someone who runs reports
    (403). The service's refusal is shown on the run's page; a broker that refuses the job
    (only a retry queues one) answers 503 there."""
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    require(request.user, "reporting.run_reports")
    return job_action(
        request,
        run,
        lambda: service(actor=request.user, run=run),
        template="reporting/run_detail.html",
        context=lambda run: {"run": run, "active": "runs"},
        done=reverse("reporting:run_detail", args=[run.pk]),
    )


@require_safe
@login_required
def run_download(request, pk, fmt):
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    if fmt not in OutputFormat.values:
        raise Http404
    field = run.file_for(fmt)
    if not field or not field.storage.exists(field.name):
        raise Http404
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=field.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES[fmt],
    )
