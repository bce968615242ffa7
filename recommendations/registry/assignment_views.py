"""Assignment by spreadsheet: download the filtered list as a sheet, upload it filled in,
follow the job that applies it (``recommendations.registry.assignment_sheet``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.web import require
from recommendations.followup.views.sheet import upload_form_page, upload_page
from recommendations.models import SheetUpload
from recommendations.registry.assignment import PERM
from recommendations.registry.assignment_sheet import (
    XLSX,
    assignment_sheet_filename,
    assignment_sheet_for,
    assignment_upload_create,
)
from recommendations.registry.forms import AssignmentUploadForm
from recommendations.registry.selectors import bulk_selection_ids


def _uploads():
    return SheetUpload.objects.filter(kind=SheetUpload.Kind.ASSIGNMENTS).select_related(
        "created_by"
    )


@login_required
@require_safe
def assignment_sheet_download(request):
    """The registry's filtered list (the same query string) as an assignment sheet."""
    require(request.user, PERM)
    query = request.GET.copy()
    query.pop("page", None)
    ids = bulk_selection_ids(request.user, filters=query.urlencode())
    response = HttpResponse(
        assignment_sheet_for(actor=request.user, recommendation_ids=ids), content_type=XLSX
    )
    filename = assignment_sheet_filename(timezone.localdate())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assignment_upload(request):
    require(request.user, PERM)
    return upload_form_page(
        request,
        AssignmentUploadForm(request.POST or None, request.FILES or None),
        assignment_upload_create,
        template="recommendations/assignment_upload.html",
        uploads=_uploads(),
        done="recommendations:assignment_upload_detail",
    )


@login_required
@require_safe
def assignment_upload_detail(request, pk):
    require(request.user, PERM)
    upload = get_object_or_404(_uploads(), pk=pk)
    return upload_page(
        request,
        upload,
        page="recommendations/assignment_upload_detail.html",
        panel="recommendations/_assignment_upload_status.html",
    )
