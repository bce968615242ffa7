"""The ministries' spreadsheet: download an institution's recommendations as .xlsx, upload
the filled-in sheet back, follow the job that applies it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mechanisms.models import Institution
from nrtd.web import queue_job, require
from recommendations.followup.forms import SheetUploadForm
from recommendations.followup.sheet import XLSX, sheet_filename
from recommendations.followup.sheet_upload import (
    UPLOAD,
    sheet_for,
    sheet_upload_create,
    sheet_uploads_sweep,
)
from recommendations.followup.views.common import hide_from_outsiders, require_followup_access
from recommendations.models import SheetUpload


@login_required
@require_safe
def sheet_download(request):
    require_followup_access(request.user)
    pk = request.GET.get("institution", "")
    if not pk.isdigit():
        raise Http404
    institution = get_object_or_404(Institution, pk=pk)
    content = sheet_for(actor=request.user, institution=institution)
    response = HttpResponse(content, content_type=XLSX)
    filename = sheet_filename(institution, timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _uploads_of(user):
    uploads = SheetUpload.objects.filter(kind=SheetUpload.Kind.PROGRESS).select_related(
        "institution", "created_by"
    )
    if not user.has_perm("recommendations.manage_rounds"):
        uploads = uploads.filter(created_by=user)
    return uploads


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sheet_upload(request):
    require_followup_access(request.user)
    require(request.user, UPLOAD)
    return upload_form_page(
        request,
        SheetUploadForm(request.POST or None, request.FILES or None),
        sheet_upload_create,
        template="followup/sheet_upload.html",
        uploads=_uploads_of(request.user),
        done="followup:sheet_upload_detail",
    )


@login_required
@require_safe
def sheet_upload_detail(request, pk):
    hide_from_outsiders(request.user)
    upload = get_object_or_404(_uploads_of(request.user), pk=pk)
    return upload_page(
        request,
        upload,
        page="followup/sheet_upload_detail.html",
        panel="followup/_sheet_upload_status.html",
    )


def upload_form_page(request, form, create, *, template: str, uploads, done: str):
    """The page that takes a sheet (a ministry's sheet or an assignment sheet): a posted file
    goes to ``create(actor=..., uploaded_file=...)`` (a service that stores it and queues
    its job), then to the upload's page (URL name ``done``). Else the form beside the latest
    ``uploads``: 400 with its errors, 503 when the broker refused the job."""
    upload, status = None, 200
    if request.method == "POST":
        upload, status = queue_job(
            form, lambda: create(actor=request.user, uploaded_file=form.cleaned_data["file"])
        )
    if upload is not None:
        return redirect(done, pk=upload.pk)
    return render(request, template, {"form": form, "uploads": uploads[:20]}, status=status)


def upload_page(request, upload: SheetUpload, *, page: str, panel: str):
    """A sheet upload's page (a ministry's sheet or an assignment sheet), or its status
    panel for htmx's polling; an upload its worker left running is noticed first."""
    if upload.is_running:
        sheet_uploads_sweep(pk=upload.pk)
        upload.refresh_from_db()
    return render(request, panel if request.htmx else page, {"upload": upload})
