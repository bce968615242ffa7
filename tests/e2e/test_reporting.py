"""The secretariat starts a mid-term report, watches the progress bar reach 100% and
downloads the Word file."""

import io
import threading
import time

import pytest
from django.db import connection
from docx import Document

from reporting.models import ReportRun
from tests.factories import make_user
from tests.reporting.conftest import dataset  # noqa: F401 - fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def slow_worker(monkeypatch):
    """Instead of running at once (eager Celery), the job starts a moment later in another
    thread and reports progress as a worker would, so the page must poll to see it."""
    from reporting.services import runs
    from reporting.tasks import run_report

    def later(run_id):
        time.sleep(1.5)
        original = runs.selectors.report_data

        def slow_data(run, **kwargs):
            time.sleep(1.0)  # the page shows a running job for a while
            return original(run, **kwargs)

        runs.selectors.report_data = slow_data
        try:
            runs.report_run_execute(run_id)
        finally:
            runs.selectors.report_data = original
            connection.close()

    def delay(run_id):
        threading.Thread(target=later, args=(run_id,), daemon=True).start()

    monkeypatch.setattr(run_report, "delay", delay)


def _open_the_new_report_form(page, base: str) -> None:
    """A member of the secretariat asks for the reports page, signs in on the way, and opens
    the form for a new mid-term report."""
    make_user("secretariat_staff", username="writer", password="a-good-long-password")
    page.goto(base + "/workspace/reports/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", "a-good-long-password")
    page.click("button[type=submit]")
    page.wait_for_url("**/workspace/reports/")
    page.click("summary:has-text('New report')")
    page.select_option("#id_kind", "midterm")


def test_secretariat_runs_a_midterm_report_and_downloads_it(
    live_server,
    page,
    screenshot,
    dataset,  # noqa: F811 - the fixture imported above
    slow_worker,
    tmp_path,
):
    _open_the_new_report_form(page, live_server.url)
    page.check("input[name=formats][value=docx]")
    page.select_option("#id_review", str(dataset["review"].pk))
    page.click("button:has-text('Start')")
    page.wait_for_url("**/workspace/reports/runs/*/")
    status = page.locator("[data-status]")
    assert status.get_attribute("data-status") in ("queued", "running")
    screenshot("reporting-run-progress")
    page.wait_for_selector("[data-status=done]", timeout=60_000)
    bar = page.locator(".progress")
    assert bar.get_attribute("aria-valuenow") == "100"
    assert page.locator(".progress-bar").inner_text() == "100%"
    screenshot("reporting-run-done")
    with page.expect_download() as info:
        page.click("[data-download=docx]")
    path = tmp_path / "report.docx"
    info.value.save_as(path)
    document = Document(io.BytesIO(path.read_bytes()))
    numbers = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert sorted(numbers) == sorted(r.paragraph for r in dataset["recs"])
    assert ReportRun.objects.get().status == "done"


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Rapport à mi-parcours"), ("ar", "تقرير منتصف المدة")]
)
def test_secretariat_downloads_word_and_pdf_in_french_and_arabic(
    live_server,
    page,
    dataset,  # noqa: F811 - the fixture imported above
    slow_worker,
    tmp_path,
    language,
    title,
):
    from reporting.exports import pdf as pdf_export

    if not pdf_export.pdf_available()[0]:
        pytest.skip("Typst cannot load here")
    _open_the_new_report_form(page, live_server.url)
    # Word and PDF come ticked.
    assert page.is_checked("input[name=formats][value=docx]")
    assert page.is_checked("input[name=formats][value=pdf]")
    page.select_option("#id_review", str(dataset["review"].pk))
    page.select_option("#id_language", language)
    page.click("button:has-text('Start')")
    page.wait_for_url("**/workspace/reports/runs/*/")
    page.wait_for_selector("[data-status=done]", timeout=90_000)
    files = {}
    for fmt in ("docx", "pdf"):
        with page.expect_download() as info:
            page.click(f"[data-download={fmt}]")
        files[fmt] = tmp_path / info.value.suggested_filename
        info.value.save_as(files[fmt])
    assert files["pdf"].read_bytes().startswith(b"%PDF")
    document = Document(io.BytesIO(files["docx"].read_bytes()))
    numbers = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert sorted(numbers) == sorted(r.paragraph for r in dataset["recs"])
    run = ReportRun.objects.get()
    assert run.language == language
    # The stored file name carries a readable slug in the report's language.
    from reporting.exports.localize import file_slug

    assert run.pdf_file.name.split("/")[-1].startswith(file_slug(title))
