"""Report runs end to end with eager Celery: the files, their structure and their numbers."""

import contextlib
import datetime
import io
import re
import shutil
import subprocess
import zlib
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from recommendations.models import Recommendation
from reporting.exports import pdf as pdf_export
from reporting.models import ReportDraft, ReportRun
from reporting.selectors.report import scope_recommendations
from reporting.selectors.rows import STATUS_ORDER, status_label
from reporting.services import drafts as draft_services
from reporting.services import runs as run_services
from reporting.tasks import run_report as run_report_task

pytestmark = pytest.mark.django_db

PARAGRAPH = re.compile(r"^\d+\.\d+$")


def docx_of(run) -> Document:
    with run.docx_file.open("rb") as stream:
        return Document(io.BytesIO(stream.read()))


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def table_counts(table) -> dict[str, int]:
    header = [c.text for c in table.rows[0].cells]
    values = [c.text for c in table.rows[1].cells]
    return {h: int(v) for h, v in zip(header[1:], values[1:], strict=True)}


def database_counts(run) -> dict[str, int]:
    counts = Counter(scope_recommendations(run).values_list("status", flat=True))
    return {
        **{str(status_label(s)): counts.get(s, 0) for s in STATUS_ORDER},
        "Total": sum(counts.values()),
    }


def test_midterm_docx_lists_every_recommendation_once_with_matching_counts(run_report, dataset):
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"])
    assert run.status == "done", run.error
    assert run.progress == 100
    assert run.started
    assert run.finished
    document = docx_of(run)
    numbers = [h for h in headings(document, 3) if PARAGRAPH.match(h)]
    expected = sorted(r.paragraph for r in dataset["recs"])
    assert sorted(numbers) == expected  # each once, noted included, earlier review not
    assert Counter(numbers).most_common(1)[0][1] == 1
    # The overall table equals the database's counts; the cluster table adds up to the total.
    assert table_counts(document.tables[0]) == database_counts(run)
    by_cluster = document.tables[1]
    assert [r.cells[0].text for r in by_cluster.rows[1:]] == [
        "Right to health",
        "Administration of justice",
        "Other recommendations",
        "Total",
    ]
    assert by_cluster.rows[-1].cells[-1].text == "12"
    # One chapter per cluster, in order, a recommendation in both under the first one only.
    chapters = headings(document, 1)
    assert [h for h in chapters if h in {t.cells[0].text for t in by_cluster.rows}] == [
        "Right to health",
        "Administration of justice",
        "Other recommendations",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The curriculum was adopted in 2021." in text
    assert "Not yet reviewed draft." not in text  # only accepted progress is reported
    assert "Training of judges 0" in text
    assert "Judges trained" in text
    assert "Repeated from an earlier cycle: 98.7 (cycle 2)" in text
    assert "Recommending States" not in text or "Slovenia" in text
    # Two charts (status by cluster, by SDG goal) embedded as images.
    assert len(document.inline_shapes) == 2
    assert run.result["recommendations"] == 12


def test_noted_recommendations_are_left_out_only_when_asked(run_report, dataset):
    run = run_report(
        kind="midterm", formats=["docx"], review=dataset["review"], include_noted=False
    )
    numbers = [h for h in headings(docx_of(run), 3) if PARAGRAPH.match(h)]
    assert "115.5" not in numbers
    assert "115.10" not in numbers
    assert len(numbers) == 10
    assert table_counts(docx_of(run).tables[0]) == database_counts(run)


def test_scope_by_cluster_and_institution(run_report, dataset, own_institution):
    health, _justice = dataset["clusters"]
    run = run_report(
        kind="midterm",
        formats=["docx"],
        cluster_set=dataset["cluster_set"],
        clusters=[health],
        institutions=[own_institution],
    )
    expected = set(
        Recommendation.objects.filter(
            clusters=health, assignments__institution=own_institution
        ).values_list("paragraph", flat=True)
    )
    numbers = [h for h in headings(docx_of(run), 3) if PARAGRAPH.match(h)]
    assert sorted(numbers) == sorted(expected)
    assert len(numbers) == len(expected)


def test_matrix_xlsx_has_one_row_per_recommendation(run_report, dataset):
    run = run_report(kind="matrix", formats=["xlsx", "docx"], review=dataset["review"])
    assert run.status == "done", run.error
    assert run.formats == ["xlsx"]
    assert not run.docx_file
    with run.xlsx_file.open("rb") as stream:
        workbook = load_workbook(io.BytesIO(stream.read()))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header[:5] == [
        "Paragraph",
        "Recommendation",
        "Recommending States",
        "Response",
        "Cluster",
    ]
    assert {
        "Themes",
        "SDG targets",
        "Lead institution",
        "Supporting institutions",
        "Activities",
        "Indicators",
        "Timeframe",
        "Status",
        "Last update",
    } <= set(header)
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    paragraphs = [r[0] for r in rows]
    assert sorted(paragraphs) == sorted(r.paragraph for r in dataset["recs"])
    statuses = Counter(r[header.index("Status")] for r in rows)
    assert {k: v for k, v in database_counts(run).items() if k != "Total" and v} == dict(statuses)
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    assert sheet.column_dimensions["B"].width == 60
    first = rows[paragraphs.index("115.1")]
    assert "Training of judges 0" in first[header.index("Activities")]
    assert first[header.index("Timeframe")] == "2021-03-01 – 2021-06-01"
    assert sheet.cell(row=2, column=2).alignment.wrap_text
    goals = header.index("SDG goals")
    assert first[goals] == "3"
    # "Last update" is the last report on it (accepted progress, activity), never the import.
    last = header.index("Last update")
    assert first[last] is not None
    never = rows[paragraphs.index("115.5")]  # no activity, no accepted progress
    assert never[last] is None


def test_national_report_takes_the_draft_and_counts_words(run_report, dataset, people):
    secretariat = people["secretariat_admin"]
    draft = draft_services.draft_create(
        actor=secretariat, title="Fourth cycle report", kind="national", review=dataset["review"]
    )
    draft_services.draft_section_save(
        actor=secretariat,
        draft=draft,
        section=ReportDraft.Section.METHODOLOGY,
        text="We consulted widely.\n\nMinistries and the Ombudsman took part.",
        based_on=0,
    )
    consultation = draft_services.consultation_open(
        actor=secretariat,
        draft=draft,
        title="Draft for comment",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        stakeholders=[_stakeholder(people["nhri"])],
    )
    draft_services.consultation_comment_add(
        actor=people["nhri"], consultation=consultation, section="methodology", body="Add dates."
    )
    run = run_report(
        kind="national",
        formats=["docx"],
        review=dataset["review"],
        draft=draft,
        include_consultation_annex=True,
    )
    assert run.status == "done", run.error
    document = docx_of(run)
    h1 = headings(document, 1)
    assert h1[:6] == [
        "A. Methodology and consultation process",
        "B. Developments since the previous review",
        "C. Follow-up to the previous review",
        "D. Achievements, best practices, challenges and constraints",
        "E. Key national priorities and commitments",
        "F. Expectations for capacity-building and technical assistance",
    ]
    assert h1[-1] == "Annex: consultation on the draft"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Ministries and the Ombudsman took part." in text
    assert f"Word count: {run.result['word_count']:,} of 10,700 words." in text
    assert run.result["word_count"] > 0
    # Section C carries every recommendation once.
    c_paragraphs = [
        p.text.split(" ", 1)[0] for p in document.paragraphs if re.match(r"^115\.\d+ \(", p.text)
    ]
    assert sorted(c_paragraphs) == sorted(r.paragraph for r in dataset["recs"])
    assert "Add dates." in "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )


def _stakeholder(user):
    from tests.reporting.conftest import stakeholder_of

    return stakeholder_of(user)


def test_pdf_is_written_when_typst_loads(run_report, dataset):
    available, reason = pdf_export.pdf_available()
    if not available:
        pytest.skip(f"Typst cannot load here: {reason}")
    run = run_report(kind="midterm", formats=["docx", "pdf"], review=dataset["review"])
    assert run.status == "done", run.error
    with run.pdf_file.open("rb") as stream:
        data = stream.read()
    assert data.startswith(b"%PDF")
    assert len(data) > 5000


@pytest.mark.skipif(
    not shutil.which("fc-list")
    or "Noto Sans CJK" not in subprocess.run(["fc-list"], capture_output=True, text=True).stdout,
    reason="Noto Sans CJK is not installed here (the Docker image and CI install fonts-noto-cjk)",
)
def test_chinese_pdf_embeds_a_cjk_font(run_report, dataset):
    available, reason = pdf_export.pdf_available()
    if not available:
        pytest.skip(f"Typst cannot load here: {reason}")
    run = run_report(kind="midterm", formats=["pdf"], review=dataset["review"], language="zh-hans")
    assert run.status == "done", run.error
    with run.pdf_file.open("rb") as stream:
        data = stream.read()
    # Typst embeds a subset of each font it drew with, named in the PDF's font objects
    # (kept in compressed object streams): Latin from DejaVu, Chinese from Noto CJK SC.
    objects = [data]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        with contextlib.suppress(zlib.error):
            objects.append(zlib.decompress(stream.group(1)))
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", b"".join(objects)))
    assert any(name.startswith(b"NotoSansCJKsc") for name in fonts), fonts


def test_missing_typst_fails_the_run_with_a_clear_message(run_report, dataset, monkeypatch):
    def broken():
        raise pdf_export.PdfUnavailable("PDF output is not available on this server: no Typst")

    monkeypatch.setattr(pdf_export, "load_typst", broken)
    run = run_report(kind="midterm", formats=["docx", "pdf"], review=dataset["review"])
    assert run.status == "failed"
    assert "PDF output is not available" in run.error
    assert not run.docx_file


def test_an_unexpected_error_fails_the_run_and_retry_runs_it_again(
    run_report, dataset, monkeypatch, people, django_capture_on_commit_callbacks
):
    from reporting.exports import docx as docx_export

    original = docx_export.render

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(docx_export, "render", boom)
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"])
    assert run.status == "failed"
    assert "disk full" in run.error
    assert run.finished
    monkeypatch.setattr(docx_export, "render", original)
    with django_capture_on_commit_callbacks(execute=True):
        run_services.report_run_retry(actor=people["secretariat_admin"], run=run)
    run.refresh_from_db()
    assert run.status == "done"
    assert run.error == ""
    assert run.attempts == 2
    assert run.docx_file


def test_cancel_stops_a_running_report_between_steps(run_report, dataset, monkeypatch, people):
    from reporting.selectors import report as selectors

    original = selectors.report_data

    def cancel_then_read(run, **kwargs):
        run_services.report_run_cancel(actor=people["secretariat_admin"], run=run)
        return original(run, **kwargs)

    monkeypatch.setattr(selectors, "report_data", cancel_then_read)
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"])
    assert run.status == "cancelled"
    assert not run.docx_file
    assert run.finished


def test_a_queued_run_is_cancelled_at_once_and_its_task_does_nothing(people, dataset):
    run = ReportRun.objects.create(
        kind="midterm", formats=["docx"], requested_by=people["secretariat_staff"]
    )
    run_services.report_run_cancel(actor=people["secretariat_staff"], run=run)
    run.refresh_from_db()
    assert run.status == "cancelled"
    run_services.report_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == "cancelled"
    assert not run.started
    with pytest.raises(ValidationError):
        run_services.report_run_cancel(actor=people["secretariat_staff"], run=run)


def test_a_done_run_cannot_be_retried_or_run_twice(run_report, dataset, people):
    run = run_report(kind="matrix", review=dataset["review"])
    finished = run.finished
    with pytest.raises(ValidationError):
        run_services.report_run_retry(actor=people["secretariat_admin"], run=run)
    run_services.report_run_execute(run.pk)  # a duplicate delivery
    run.refresh_from_db()
    assert run.finished == finished
    assert run.attempts == 1


def test_sweeper_fails_runs_stuck_running_past_the_time_limit(people):
    now = timezone.now()
    limit = datetime.timedelta(seconds=run_report_task.time_limit) + run_services.SWEEP_GRACE
    stuck = ReportRun.objects.create(
        kind="midterm", status="running", started=now - limit - datetime.timedelta(seconds=5)
    )
    fresh = ReportRun.objects.create(
        kind="midterm", status="running", started=now - datetime.timedelta(minutes=1)
    )
    assert run_services.report_runs_sweep(now=now) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == "failed"
    assert "time limit" in stuck.error
    assert stuck.finished == now
    assert fresh.status == "running"


def test_redelivered_task_of_a_dead_worker_starts_again(dataset, people):
    run = ReportRun.objects.create(
        kind="matrix",
        formats=["xlsx"],
        review=dataset["review"],
        status="running",
        started=timezone.now(),
        progress=40,
        attempts=1,
    )
    run_services.report_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == "done"
    assert run.attempts == 2
    assert run.xlsx_file


@pytest.mark.parametrize("role", ["focal_own", "viewer", "nhri", "cso"])
def test_only_the_secretariat_may_run_reports(people, role):
    with pytest.raises(PermissionDenied):
        run_services.report_run_create(actor=people[role], kind="midterm")


def test_dates_out_of_order_are_refused(people):
    with pytest.raises(ValidationError):
        run_services.report_run_create(
            actor=people["secretariat_admin"],
            kind="midterm",
            date_from=datetime.date(2024, 1, 1),
            date_to=datetime.date(2023, 1, 1),
        )


def test_date_range_uses_the_review_date_when_a_recommendation_has_none(run_report, dataset):
    inside = run_report(
        kind="matrix", date_from=datetime.date(2019, 1, 1), date_to=datetime.date(2019, 12, 31)
    )
    outside = run_report(kind="matrix", date_from=datetime.date(2020, 1, 1))
    assert inside.result["recommendations"] == 12
    assert outside.result["recommendations"] == 0


@pytest.mark.skipif(
    not (shutil.which("libreoffice") or shutil.which("soffice")),
    reason="LibreOffice is not installed here: the .docx is checked by re-opening it with "
    "python-docx only",
)
def test_libreoffice_converts_the_docx(run_report, dataset, tmp_path):
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"])
    source = tmp_path / "report.docx"
    source.write_bytes(run.docx_file.read())
    office = shutil.which("libreoffice") or shutil.which("soffice")
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    assert (tmp_path / "report.pdf").stat().st_size > 1000
