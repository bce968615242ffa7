"""Uploaded files: the check every upload service makes before it stores a file, and the
form field that shows that check's refusal beside the file input (the service stays the
one place that decides: the API and the commands get the same answer)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive


@dataclass(frozen=True)
class UploadRule:
    """What one kind of upload may be: its suffixes (``wrong_suffix`` says which when the
    name has none of them), its size, and (``sniff_xlsx``) whether an .xlsx must be a zip."""

    suffixes: tuple[str, ...]
    max_mb: int
    wrong_suffix: str
    sniff_xlsx: bool = True

    def check(self, uploaded_file) -> None:
        """Refuse, keyed ``file`` and before it is stored, a file this rule does not allow."""
        name = uploaded_file.name.lower()
        if not name.endswith(self.suffixes):
            raise ValidationError({"file": self.wrong_suffix})
        if uploaded_file.size > self.max_mb * 1024 * 1024:
            raise ValidationError(
                {"file": _("The file is larger than %(mb)s MB.") % {"mb": self.max_mb}}
            )
        if self.sniff_xlsx and name.endswith(".xlsx"):
            head = uploaded_file.read(4)
            uploaded_file.seek(0)
            if head != XLSX_MAGIC:
                raise ValidationError({"file": _("The file is not an .xlsx workbook.")})


class CheckedFileField(forms.FileField):
    """A file field that runs an upload service's own ``check`` when the form is cleaned."""

    def __init__(self, *, check, **kwargs):
        self.check = check
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                self.check(upload)
            except ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["file"]) from exc
        return upload
