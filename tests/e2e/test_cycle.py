"""The secretariat's whole cycle in a browser, on the embedded default (a real Celery worker
on the filesystem broker, no Redis): upload the UPR Info sample, keep one State under review
in the preview, bulk-assign a lead institution to the filtered list, open a round; the focal
point finds the items in My work, fills in the downloaded spreadsheet and uploads it back;
the secretariat accepts the updates and the dashboard shows the round at 100% for that
institution (issue 15).

The shared UPR Info sample holds sessions 1 to 5, where Slovenia was not yet reviewed: the
test keeps Ecuador (10 recommendations) instead."""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook

from mechanisms.models import Profile
from recommendations.followup.sheet import FIRST_ROW, INDEX
from recommendations.models import Assignment, ImportJob, ProgressUpdate, Recommendation
from tests.e2e.helpers import log_in
from tests.factories import InstitutionFactory, make_user
from tests.recommendations.fixtures.samples import sample

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
KEPT = "ECU"


def _wait_for_status(page, selector: str, status: str, timeout: float = 180_000) -> None:
    page.wait_for_selector(
        f"{selector} [data-status={status}], {selector} [data-status=failed]", timeout=timeout
    )
    assert page.locator(f"{selector} [data-status]").get_attribute("data-status") == status, (
        page.inner_text(selector)
    )


def _fill_sheet(content: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    filled = 0
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row=row, column=INDEX["id"] + 1).value:
            sheet.cell(row=row, column=INDEX["new_status"] + 1, value="In progress")
            sheet.cell(
                row=row,
                column=INDEX["new_narrative"] + 1,
                value="A working group with civil society met twice; a draft law is ready.",
            )
            filled += 1
    assert filled == 10
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_secretariat_runs_its_own_cycle_on_the_embedded_default(
    live_server, page, screenshot, filesystem_worker_process, reference_data, tmp_path
):
    base = live_server.url
    health = InstitutionFactory(name="Ministry of Health", acronym="MoH")
    make_user(Profile.Role.FOCAL_POINT, institution=health, username="focal.health")
    make_user(Profile.Role.SECRETARIAT_ADMIN, username="secretariat")

    # 1-2. Upload the UPR Info sample; the worker previews it; keep Ecuador only.
    log_in(page, base, "secretariat")
    page.goto(f"{base}/workspace/imports/")
    page.set_input_files("#id_file", str(sample("upr-info/upr-info-sessions-01-05.csv")))
    page.click("main form button[type=submit]")
    page.wait_for_selector(f"#state-{KEPT}", timeout=180_000)
    page.locator("input[name=states_under_review]").evaluate_all(
        "boxes => boxes.forEach(box => { box.checked = false; })"
    )
    page.check(f"#state-{KEPT}")
    screenshot("cycle-import-preview")
    page.click("form[action$='/import/'] button[type=submit]")
    _wait_for_status(page, "#import-status", "done")
    job = ImportJob.objects.get()
    assert job.states_under_review == [KEPT]
    # Ecuador's 12 rows in the file are 10 recommendations: joint ones are one each.
    n = Recommendation.objects.filter(review__state_under_review__iso3=KEPT).count()
    assert n == Recommendation.objects.count() == job.result["created"] == 10

    # 3. Bulk-assign the Ministry of Health as lead of the filtered list.
    page.goto(f"{base}/workspace/recommendations/?state_under_review={KEPT}&lead=none")
    page.check("#bulk-scope-filtered")
    page.select_option("#bulk-action", "assign")
    page.select_option("#bulk-institution", str(health.pk))
    page.select_option("#bulk-role", "lead")
    page.click("#bulk-apply")
    page.wait_for_load_state()
    assert Assignment.objects.filter(institution=health, role="lead").count() == n

    # 4. Open a round.
    page.goto(f"{base}/workspace/rounds/new/")
    page.fill("#id_name", "Mid-term updates")
    page.fill("#id_deadline", (datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    round_url = page.url
    assert re.search(r"/workspace/rounds/\d+/$", round_url), round_url

    # 5-6. The focal point sees the items, fills in the sheet offline, uploads it back.
    log_in(page, base, "focal.health")
    page.goto(f"{base}/workspace/my-work/")
    assert page.locator("[id^=rec-]").count() == n
    with page.expect_download() as download:
        page.click(f"a[href$='sheet.xlsx?institution={health.pk}']")
    filled = tmp_path / "our-recommendations.xlsx"
    filled.write_bytes(_fill_sheet(download.value.path().read_bytes()))
    page.set_input_files("#sheet-file", str(filled))
    page.click("form[action$='/sheet/upload/'] button[type=submit]")
    _wait_for_status(page, "#sheet-upload-status", "done")
    assert page.inner_text("[data-count=submitted]").strip() == str(n)
    assert ProgressUpdate.objects.filter(state="submitted").count() == n

    # 7. The secretariat accepts them from the round tracker; the dashboard shows 100%.
    log_in(page, base, "secretariat")
    page.goto(round_url)
    for _ in range(n):
        page.locator("button[name=action][value=accept]").first.click()
        page.wait_for_load_state()
    assert ProgressUpdate.objects.filter(state="accepted").count() == n
    page.goto(f"{base}/accounts/landing/")  # where each role lands: the dashboard
    page.wait_for_load_state()
    assert "dashboard" in page.url, page.url
    row = page.locator(f".round-progress tr[data-institution='{health.pk}']")
    assert row.locator(".done-percent").inner_text().strip() == "100%"
    screenshot("cycle-dashboard")
