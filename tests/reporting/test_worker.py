"""A report written by a real Celery worker process on Redis (skipped without REDIS_URL)."""

import io
import time

import pytest
from docx import Document

from reporting.models import ReportRun

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_midterm_report_is_written_by_a_real_celery_worker(
    celery_worker_process, client, people, dataset
):
    client.force_login(people["secretariat_admin"])
    response = client.post(
        "/workspace/reports/",
        {
            "kind": "midterm",
            "formats": ["docx", "pdf"],
            "review": dataset["review"].pk,
            "include_noted": "on",
            "language": "en",
        },
    )
    assert response.status_code == 302
    run = ReportRun.objects.get()
    seen = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        run.refresh_from_db()
        seen.add(run.progress)
        if run.status in ("done", "failed", "cancelled"):
            break
        time.sleep(0.1)
    assert run.status == "done", run.error
    assert run.progress == 100
    assert run.attempts == 1
    assert len(seen) > 1  # progress was visible while the worker wrote
    document = Document(io.BytesIO(run.docx_file.read()))
    numbers = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert sorted(numbers) == sorted(r.paragraph for r in dataset["recs"])
    assert run.pdf_file.read(4) == b"%PDF"
