"""The secretariat's report settings: the cover emblem (checked by its content, stored as a
small PNG) and the name of who issues the reports."""

from __future__ import annotations

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from nrtd.web import require
from recommendations.followup.evidence import sniff_evidence
from reporting.models import ReportSettings

EMBLEM_KINDS = ("png", "jpg")
# Stored at most this many pixels on its longer side: sharp at the 3 cm the cover prints
# it, and a few KB in every report rather than a photographer's 20 MB original.
EMBLEM_PIXELS = 600


def emblem_max_bytes() -> int:
    return settings.NRTD_EMBLEM_MAX_BYTES


def emblem_png(upload) -> bytes:
    """The upload as a PNG of at most EMBLEM_PIXELS a side, if it is a PNG or JPEG image
    within the size limit (judged by its bytes, never its name); else a ValidationError."""
    limit = emblem_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {"emblem": _("The image is larger than %(kb)s KB.") % {"kb": limit // 1024}}
        )
    content = upload.read()
    if sniff_evidence(content) not in EMBLEM_KINDS:
        raise ValidationError({"emblem": _("Send the emblem as a PNG or JPEG image.")})
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            # Transparency kept; CMYK, palette and greyscale JPEGs become RGB.
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
            image.thumbnail((EMBLEM_PIXELS, EMBLEM_PIXELS))
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError({"emblem": _("This image cannot be read.")}) from exc
    return out.getvalue()


@transaction.atomic
def report_settings_update(
    *, actor, issued_by: str, emblem=None, remove_emblem: bool = False
) -> ReportSettings:
    """Save the settings. A new emblem replaces the old one; ``remove_emblem`` drops it. The
    image is checked before anything is saved, so a refused one changes nothing."""
    require(actor, "reporting.manage_report_settings")
    png = emblem_png(emblem) if emblem else None
    current = ReportSettings.objects.select_for_update().get(pk=ReportSettings.load().pk)
    if (png or remove_emblem) and current.emblem:
        current.emblem.delete(save=False)
    if png:
        current.emblem.save(f"{uuid.uuid4().hex}.png", ContentFile(png), save=False)
    current.issued_by = issued_by.strip()
    current.modified_by = actor
    current.save()
    return current
