import pytest

from reporting import demo
from reporting.models import Deadline, ReportDraft
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db


def test_demo_adds_a_calendar_and_a_draft_once(reference_data, capsys):
    import datetime

    ReviewFactory(date=datetime.date(2019, 11, 5))

    class Out:
        def write(self, text):
            print(text)

    demo.seed(stdout=Out())
    counts = (Deadline.objects.count(), ReportDraft.objects.count())
    demo.seed(stdout=Out())
    assert (Deadline.objects.count(), ReportDraft.objects.count()) == counts
    assert counts[0] == 6  # mid-term, next review, national report, 3 treaty body entries
    draft = ReportDraft.objects.get()
    assert draft.versions.count() == len(draft.sections)
    assert any(d.is_overdue() for d in Deadline.objects.all())
