"""The State's response in a report: its own wording when it says more than the category, the
category in the report's language when the wording is only the category's English name (as an
import of the UPR matrix writes it)."""

import pytest

from recommendations.models import Recommendation
from tests.reporting.test_midterm_report import all_text
from tests.reporting.test_runs import docx_of

pytestmark = pytest.mark.django_db

OWN_WORDS = "Supported, subject to the constitutional review"


def test_arabic_report_prints_the_category_in_arabic_and_keeps_the_states_own_words(
    run_report, dataset
):
    Recommendation.objects.filter(paragraph="115.1").update(response_label=OWN_WORDS)
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"], language="ar")
    assert run.status == "done", run.error
    text = "\n".join(all_text(docx_of(run)))
    assert "مؤيَّدة" in text
    assert "أُحيط بها علمًا" in text
    assert OWN_WORDS in text
    assert "Supported" not in text.replace(OWN_WORDS, "")
    assert "Noted" not in text


def test_english_report_is_unchanged(run_report, dataset):
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"])
    assert run.status == "done", run.error
    text = "\n".join(all_text(docx_of(run)))
    assert "Response: Supported" in text
    assert "Response: Noted" in text
