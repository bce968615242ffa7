"""The demo holds a treaty-body review with follow-up items and a special-procedure visit
beside the UPR data, all marked as demo data."""

import datetime

import pytest
from django.core.management import call_command

from recommendations.models import Recommendation, Review
from reporting.models import Deadline, ReportDraft

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_treaty_body_review_and_a_visit_marked_as_demo_data():
    call_command("seed_demo", force=True)
    treaty = Review.objects.get(mechanism="treaty_body", body__code="CEDAW")
    items = treaty.recommendations.order_by("pk")
    assert [r.paragraph for r in items] == ["4 (a)", "4 (b)", "4 (c)", "5", "6"]
    assert [r.paragraph for r in items if r.is_followup_item] == ["4 (a)", "5"]
    # Realistic dates, which the calendar shows: adoption, follow-up two years on, next report.
    assert treaty.date == datetime.date(2025, 3, 1)
    assert treaty.followup_due == datetime.date(2027, 3, 1)
    assert treaty.next_report_due.year == 2030
    due = dict(Deadline.objects.filter(review=treaty).values_list("kind", "due_date"))
    assert due == {"followup": treaty.followup_due, "periodic": treaty.next_report_due}
    # Its periodic report has a draft, with the sections of a report to a treaty body.
    draft = ReportDraft.objects.get(review=treaty)
    assert draft.kind == "treaty_periodic"
    assert draft.versions.get().section == "introduction"
    visit = Review.objects.get(mechanism="special_procedure")
    assert visit.visit_start < visit.visit_end
    assert visit.recommendations.count() == 3
    for review in (treaty, visit):
        assert review.document_symbol.startswith("DEMO")
        assert "not a UN document" in review.title
    demo = Recommendation.objects.exclude(mechanism="upr")
    assert demo.count() == 8
    assert all(r.text.startswith("[Demo]") or "[Demo]" in r.text for r in demo)
    assert Recommendation.objects.filter(mechanism="upr").exists()
    # The visit behind the demo report and one communication, beside the reviews.
    from recommendations.models import Communication
    from recommendations.models import Visit as SpVisit

    sp_visit = SpVisit.objects.get()
    assert sp_visit.report == visit
    assert sp_visit.stage == "report_received"
    communication = Communication.objects.get()
    assert communication.reference.startswith("DEMO")
    assert not communication.is_public
