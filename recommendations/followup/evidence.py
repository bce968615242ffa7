"""Evidence files: what may be attached (checked by content, not by name) and who may
attach it."""

from __future__ import annotations

import io
import uuid
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recommendations.models import (
    Activity,
    Evidence,
    ProgressUpdate,
)

# Sniffed type → (content type, extension). Office formats are ZIP (OOXML, ODF) or OLE2.
ALLOWED_EVIDENCE = {
    "pdf": ("application/pdf", "pdf"),
    "jpg": ("image/jpeg", "jpg"),
    "png": ("image/png", "png"),
    "gif": ("image/gif", "gif"),
    "webp": ("image/webp", "webp"),
    "doc": ("application/msword", "doc"),
    "xls": ("application/vnd.ms-excel", "xls"),
    "ppt": ("application/vnd.ms-powerpoint", "ppt"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", "odt"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
    "odp": ("application/vnd.oasis.opendocument.presentation", "odp"),
}


OOXML_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}


ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}


EVIDENCE_HELP = gettext_lazy(
    "PDF, Word, Excel, PowerPoint, OpenDocument or an image; up to %(mb)s MB."
)


def evidence_max_bytes() -> int:
    return settings.NRTD_EVIDENCE_MAX_BYTES


def sniff_evidence(content: bytes) -> str | None:
    """The kind of file from its bytes (never its name), or None when not allowed. ZIP
    containers are opened to tell a Word document from any other archive."""
    kind = filetype.guess(content)
    extension = kind.extension if kind else None
    if extension in ("zip", "docx", "xlsx", "pptx", "odt", "ods", "odp") or (
        content[:4] == b"PK\x03\x04"
    ):
        return _zip_kind(content)
    if extension in ALLOWED_EVIDENCE:
        return extension
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        # An OLE2 compound file filetype did not name: legacy Office, kind unknown.
        return "doc"
    return None


def _zip_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            for part, kind in OOXML_PARTS.items():
                if part in names and "[Content_Types].xml" in names:
                    return kind
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return ODF_MIMETYPES.get(mimetype)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def checked_upload(upload, *, field: str = "evidence") -> tuple[bytes, str, str]:
    """(content, content type, extension) of an upload within the size limit and of an
    accepted type, judged by its content; else a ValidationError on ``field``."""
    limit = evidence_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {field: _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}}
        )
    content = upload.read()
    kind = sniff_evidence(content)
    if kind is None:
        raise ValidationError(
            {
                field: _(
                    "This file type is not accepted: send a PDF, an Office or OpenDocument "
                    "file, or an image."
                )
            }
        )
    content_type, extension = ALLOWED_EVIDENCE[kind]
    return content, content_type, extension


def _may_attach(actor, *, progress_update, activity) -> bool:
    if progress_update is not None:
        return actor.has_perm("recommendations.change_progress_update", progress_update) or (
            progress_update.author_id == actor.pk
        )
    return actor.has_perm("recommendations.change_activity", activity)


@transaction.atomic
def evidence_add(
    *,
    actor,
    upload,
    progress_update: ProgressUpdate | None = None,
    activity: Activity | None = None,
) -> Evidence:
    """Store an uploaded file after checking its size and its type from its content."""
    if (progress_update is None) == (activity is None):
        raise ValueError("evidence belongs to a progress update or an activity")
    if not _may_attach(actor, progress_update=progress_update, activity=activity):
        raise PermissionDenied
    content, content_type, extension = checked_upload(upload)
    evidence = Evidence(
        original_name=(upload.name or "evidence")[-255:],
        content_type=content_type,
        size=len(content),
        progress_update=progress_update,
        activity=activity,
        uploaded_by=actor,
    )
    # A random stored name: the user's name is kept for display only, never for the path.
    evidence.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(content), save=False)
    evidence.save()
    return evidence
