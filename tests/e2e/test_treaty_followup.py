"""A treaty body's concluding observations, from paste to follow-up reply (issue 16): the
secretariat creates the review, pastes the text, corrects one paragraph of the split and
saves; the calendar shows the follow-up reply's due date (two years after adoption, as the
text says); the follow-up reply is written by a real Celery worker and the Word file holds
exactly the follow-up items.

The text below was written for this test; it is not a UN document."""

import datetime
import io
import re

import pytest
from django.utils import formats, translation
from docx import Document

from mechanisms.models import Profile
from recommendations.models import Recommendation, Review
from reporting.models import Deadline, ReportRun
from tests.e2e.helpers import log_in
from tests.factories import BodyFactory, StateFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SYMBOL = "TEST/CEDAW/C/SVN/CO/7"
ADOPTED = datetime.date(2025, 3, 1)
TEXT = """\
Concluding observations on the seventh periodic report (written for a test)

A. Introduction
1. The Committee considered the seventh periodic report of the State party.
B. Principal areas of concern and recommendations
Legislative framework
2. The Committee notes that the State party has not yet adopted a comprehensive
anti-discrimination law.
3. The Committee recommends that the State party:
(a) Adopt a comprehensive anti-discrimination law;
(b) Train judges and lawyers on the Convention.
Gender-based violence against women
4. The Committee recommends that the State party open shelters in every region and fund
them adequately.
Employment
5. The Committee recommends that the State party close the gender pay gap.
Follow-up to the present concluding observations
6. The Committee requests the State party to provide, within two years, written
information on the steps taken to implement the recommendations contained in
paragraphs 3 (a) and 4 above.
Preparation of the next report
7. The Committee invites the State party to submit its next periodic report by
October 2029.
"""
CORRECTED = "The Committee recommends that the State party close the gender pay gap, including through pay transparency measures."  # noqa: E501


def _item_index(page, paragraph: str) -> int:
    total = int(page.input_value("#id_form-TOTAL_FORMS"))
    for n in range(total):
        if page.input_value(f"#id_form-{n}-paragraph") == paragraph:
            return n
    raise AssertionError(f"paragraph {paragraph} not in the split")


def test_the_secretariat_pastes_concluding_observations_and_writes_the_followup_reply(
    live_server, page, screenshot, celery_worker_process, tmp_path
):
    base = live_server.url
    state = StateFactory()
    cedaw = BodyFactory(
        code="CEDAW",
        name="Committee on the Elimination of Discrimination against Women",
        mechanism="treaty_body",
    )
    make_user(Profile.Role.SECRETARIAT_ADMIN, username="secretariat")
    log_in(page, base, "secretariat")

    # 1. The review: CEDAW's concluding observations, with their adoption date.
    page.goto(f"{base}/workspace/reviews/new/")
    page.select_option("#id_mechanism", "treaty_body")
    page.select_option("#id_state_under_review", str(state.pk))
    page.select_option("#id_body", str(cedaw.pk))
    page.fill("#id_date", ADOPTED.isoformat())
    page.fill("#id_document_symbol", SYMBOL)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/workspace/reviews/\d+/$"))
    review = Review.objects.get(document_symbol=SYMBOL)

    # 2. Paste, look at the split, correct one paragraph, save.
    page.goto(f"{base}/workspace/reviews/{review.pk}/paste/")
    page.fill("#id_text", TEXT)
    page.click("#paste-form button[type=submit]")
    page.wait_for_selector("#split-form")
    followup_due = datetime.date(2027, 3, 1)  # adopted + "within two years"
    assert page.input_value("#id_followup_due") == followup_due.isoformat()
    decisions = {
        p: page.input_value(f"#id_form-{_item_index(page, p)}-decision")
        for p in ("2", "3 (a)", "3 (b)", "4", "5")
    }
    assert decisions == {
        "2": "not",
        "3 (a)": "followup",
        "3 (b)": "recommendation",
        "4": "followup",
        "5": "recommendation",
    }
    five = _item_index(page, "5")
    page.fill(f"#id_form-{five}-text", CORRECTED)
    screenshot("treaty-split-corrected")
    page.click("#split-form button[type=submit]")
    page.wait_for_url(f"**/workspace/reviews/{review.pk}/")
    saved = Recommendation.objects.filter(review=review)
    assert sorted(saved.values_list("paragraph", flat=True)) == ["3 (a)", "3 (b)", "4", "5"]
    assert saved.get(paragraph="5").text == CORRECTED
    followup = sorted(saved.filter(is_followup_item=True).values_list("paragraph", flat=True))
    assert followup == ["3 (a)", "4"]

    # 3. The calendar: the follow-up reply is due two years after the adoption.
    page.goto(f"{base}/workspace/reports/calendar/")
    page.click("form[action$='/calendar/sync/'] button[type=submit]")
    page.wait_for_load_state()
    row = page.locator("tr", has_text=f"Follow-up reply to CEDAW ({SYMBOL})")
    with translation.override("en"):
        shown = formats.date_format(followup_due, "SHORT_DATE_FORMAT")
    assert shown in row.inner_text()
    assert Deadline.objects.get(review=review, kind="followup").due_date == followup_due
    screenshot("treaty-calendar")

    # 4. The follow-up reply, written by the worker, holds exactly the follow-up items.
    page.goto(f"{base}/workspace/reports/")
    page.click("summary:has-text('New report')")
    page.select_option("#id_kind", "treaty_followup")
    page.uncheck("input[name=formats][value=pdf]")
    page.check("input[name=formats][value=docx]")
    page.select_option("#id_review", str(review.pk))
    page.click("button:has-text('Start')")
    page.wait_for_url("**/workspace/reports/runs/*/")
    page.wait_for_selector("[data-status=done], [data-status=failed]", timeout=180_000)
    run = ReportRun.objects.get()
    assert run.status == "done", run.error
    screenshot("treaty-followup-done")
    with page.expect_download() as info:
        page.click("[data-download=docx]")
    path = tmp_path / "followup.docx"
    info.value.save_as(path)
    document = Document(io.BytesIO(path.read_bytes()))
    items = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert items == ["Paragraph 3 (a)", "Paragraph 4"]
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes == [
        saved.get(paragraph="3 (a)").text,
        saved.get(paragraph="4").text,
    ]
