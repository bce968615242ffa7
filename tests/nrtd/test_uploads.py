"""The one upload check (nrtd/uploads.py) that every upload service makes, and the form
field that shows its refusal beside the file input."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from nrtd.uploads import XLSX_MAGIC, CheckedFileField, UploadRule

RULE = UploadRule((".xlsx", ".csv"), 1, wrong_suffix="Upload an .xlsx or .csv file.")


def _refusal(rule, name, content) -> str:
    with pytest.raises(ValidationError) as caught:
        rule.check(SimpleUploadedFile(name, content))
    return caught.value.message_dict["file"][0]


def test_a_file_of_another_kind_is_refused_with_the_rules_own_words():
    assert _refusal(RULE, "matrix.docx", b"x") == "Upload an .xlsx or .csv file."


def test_a_file_over_the_size_is_refused_with_the_limit():
    assert _refusal(RULE, "big.csv", b"x" * (1024 * 1024 + 1)) == "The file is larger than 1 MB."


def test_an_xlsx_that_is_no_zip_is_refused_unless_the_rule_leaves_it_to_the_parser():
    assert _refusal(RULE, "sheet.XLSX", b"not a zip") == "The file is not an .xlsx workbook."
    lenient = UploadRule((".xlsx",), 1, wrong_suffix="", sniff_xlsx=False)
    lenient.check(SimpleUploadedFile("sheet.xlsx", b"not a zip"))


def test_an_allowed_file_passes_and_can_still_be_read_from_its_start():
    upload = SimpleUploadedFile("sheet.xlsx", XLSX_MAGIC + b"rest")
    RULE.check(upload)
    assert upload.read(4) == XLSX_MAGIC
    RULE.check(SimpleUploadedFile("rows.csv", b"a,b\n"))


class _Form(forms.Form):
    file = CheckedFileField(check=RULE.check)


def test_the_field_shows_the_services_refusal_on_the_form_and_keeps_a_good_file():
    refused = _Form(files={"file": SimpleUploadedFile("notes.txt", b"x")})
    assert not refused.is_valid()
    assert refused.errors["file"] == ["Upload an .xlsx or .csv file."]
    kept = _Form(files={"file": SimpleUploadedFile("rows.csv", b"a,b\n")})
    assert kept.is_valid()
    assert kept.cleaned_data["file"].name == "rows.csv"


def test_a_missing_file_is_refused_by_the_field_before_the_check():
    assert _Form(files={}).errors["file"] == ["This field is required."]
