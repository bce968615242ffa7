"""The annual reports (issue 20) end to end with eager Celery: the report to parliament holds
exactly the recommendations that need parliament or have budget implications, whatever their
date, with the year's bills and acts; the plan report holds every item of its plan once, the
database's status counts, the year's activities and the indicators' latest values."""

import datetime
import io
import re
import shutil
import subprocess
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from docx.oxml.ns import qn

from recommendations.models import (
    ActionPlan,
    ActionPlanItem,
    Activity,
    Indicator,
    IndicatorValue,
    Recommendation,
)
from reporting.exports import pdf as pdf_export
from reporting.selectors.report import scope_recommendations
from reporting.selectors.rows import STATUS_ORDER, status_label
from reporting.services import runs as run_services
from reporting.services.annual import annual_period

pytestmark = pytest.mark.django_db

PARAGRAPH = re.compile(r"^\d+\.\d+$")
YEAR_2021 = {"date_from": datetime.date(2021, 1, 1), "date_to": datetime.date(2021, 12, 31)}


def docx_of(run) -> Document:
    with run.docx_file.open("rb") as stream:
        return Document(io.BytesIO(stream.read()))


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def table_dict(table) -> dict[str, str]:
    header = [c.text for c in table.rows[0].cells]
    values = [c.text for c in table.rows[1].cells]
    return dict(zip(header, values, strict=True))


@pytest.fixture
def parliament(dataset):
    """Five of the dataset's recommendations flagged: two need parliament, two have budget
    implications, one both; 115.1 and 115.6 carry the 2021 trainings as activities."""
    recs = dataset["recs"]
    for n in (0, 2):
        Recommendation.objects.filter(pk=recs[n].pk).update(needs_parliament=True)
    for n in (6, 9):
        Recommendation.objects.filter(pk=recs[n].pk).update(budget_implications=True)
    Recommendation.objects.filter(pk=recs[5].pk).update(
        needs_parliament=True, budget_implications=True
    )
    return {recs[n].paragraph for n in (0, 2, 5, 6, 9)}


def test_parliament_report_holds_each_flagged_recommendation_once(run_report, dataset, parliament):
    run = run_report(
        kind="parliament_annual", formats=["docx"], cluster_set=dataset["cluster_set"], **YEAR_2021
    )
    assert run.status == "done", run.error
    document = docx_of(run)
    numbers = [h for h in headings(document, 2) if PARAGRAPH.match(h)]
    # The review is of 2019: the year is the activities', not the recommendations'.
    assert sorted(numbers) == sorted(parliament)
    assert Counter(numbers).most_common(1)[0][1] == 1
    assert set(scope_recommendations(run).values_list("paragraph", flat=True)) == parliament
    # The first table is the database's status counts.
    counts = Counter(scope_recommendations(run).values_list("status", flat=True))
    expected = {str(status_label(s)): str(counts.get(s, 0)) for s in STATUS_ORDER}
    table = table_dict(document.tables[0])
    assert {k: table[k] for k in expected} == expected
    assert table["Total"] == "5"
    # By need: three need parliament, three have budget implications (115.6 in both).
    by_need = document.tables[1]
    assert [r.cells[0].text for r in by_need.rows[1:]] == [
        "Need parliamentary action",
        "Have budget implications",
    ]
    assert [r.cells[-1].text for r in by_need.rows[1:]] == ["3", "3"]
    chapters = headings(document, 1)
    assert chapters[:3] == ["Introduction", "Summary", "Right to health"]
    text = text_of(document)
    assert "3 need parliamentary action and 3 have budget implications (1 both)" in text
    assert "Training of judges 0" in text  # an activity of 2021 on 115.1
    assert "Lead institution: Ministry of Health" in text
    assert "needs parliamentary action, has budget implications" in text
    fields = [t.text.strip() for t in document.element.body.iter(qn("w:instrText"))]
    assert any(field.startswith("TOC ") for field in fields)
    assert run.result["recommendations"] == 5


def test_parliament_report_lists_only_the_years_activities(run_report, dataset, parliament):
    run = run_report(
        kind="parliament_annual",
        formats=["docx"],
        date_from=datetime.date(2023, 1, 1),
        date_to=datetime.date(2023, 12, 31),
    )
    text = text_of(docx_of(run))
    assert "Training of judges" not in text
    assert "No activity was recorded for this period." in text
    assert "Period covered: January 1, 2023 – December 31, 2023" in text


@pytest.fixture
def plan(own_institution, dataset):
    """A plan of three items in the order 1.2, 1.10, 2.1 (natural order); 1.2 has a 2021
    activity, a 2023 one and a cancelled one, an indicator measured in 2020, 2021 and 2023,
    two recommendations and a budget."""
    recs = dataset["recs"]
    action_plan = ActionPlan.objects.create(
        title="National human rights action plan 2020-2024",
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        description="Adopted by the Council of Ministers.",
    )
    training = ActionPlanItem.objects.create(
        plan=action_plan,
        code="1.2",
        title="Train judges on the Convention",
        responsible_institution=own_institution,
        start_date=datetime.date(2020, 6, 1),
        end_date=datetime.date(2022, 6, 30),
        status=ActionPlanItem.ItemStatus.ONGOING,
        budget=25000,
        currency="EUR",
    )
    training.recommendations.add(recs[0], recs[10])
    ActionPlanItem.objects.create(
        plan=action_plan,
        code="1.10",
        title="Adopt the shelters law",
        status=ActionPlanItem.ItemStatus.COMPLETED,
    )
    ActionPlanItem.objects.create(
        plan=action_plan,
        code="2.1",
        title="Open an equality office",
        status=ActionPlanItem.ItemStatus.ONGOING,
    )
    ActionPlanItem.objects.create(
        plan=ActionPlan.objects.create(title="Another plan"), code="9", title="Not in it"
    )
    for title, start, status in [
        ("Regional seminars", datetime.date(2021, 4, 1), "completed"),
        ("Online course", datetime.date(2023, 2, 1), "ongoing"),
        ("Study tour", datetime.date(2021, 5, 1), "cancelled"),
    ]:
        activity = Activity.objects.create(
            title=title,
            description="-",
            lead_institution=own_institution,
            start_date=start,
            end_date=start + datetime.timedelta(days=30),
            status=status,
        )
        activity.plan_items.add(training)
    indicator = Indicator.objects.create(
        name="Judges trained", unit="persons", baseline=0, target=400
    )
    training.indicators.add(indicator)
    for day, value in [(2020, 40), (2021, 150), (2023, 390)]:
        IndicatorValue.objects.create(
            indicator=indicator, date=datetime.date(day, 12, 1), value=value
        )
    return action_plan


def test_plan_report_holds_every_item_once_with_the_years_facts(run_report, plan):
    run = run_report(kind="plan_annual", formats=["docx"], plan=plan, **YEAR_2021)
    assert run.status == "done", run.error
    assert run.plan == plan
    document = docx_of(run)
    assert headings(document, 2) == [
        "1.2 Train judges on the Convention",
        "1.10 Adopt the shelters law",
        "2.1 Open an equality office",
    ]
    assert "Items by status" in headings(document, 1)
    table = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows[1:]}
    counts = Counter(plan.items.values_list("status", flat=True))
    for value, label in ActionPlanItem.ItemStatus.choices:
        assert table[str(label)] == str(counts.get(value, 0))
    assert table["Total"] == "3"
    text = text_of(document)
    assert "Regional seminars" in text
    assert "Online course" not in text  # 2023
    assert "Study tour" not in text  # cancelled
    assert "Judges trained: latest 150 persons (Dec 1, 2021)" in text
    assert "Responsible institution: Ministry of Health" in text
    assert "Budget: 25,000 EUR" in text
    assert "115.1 (" in text
    assert "115.11 (" in text
    assert "Not in it" not in text
    assert "Period covered: January 1, 2021 – December 31, 2021" in text
    assert run.result["items"] == 3


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
def test_plan_report_pdf_has_the_same_items(run_report, plan):
    available, reason = pdf_export.pdf_available()
    if not available:
        pytest.skip(f"Typst cannot load here: {reason}")
    run = run_report(kind="plan_annual", formats=["docx", "pdf"], plan=plan, **YEAR_2021)
    assert run.status == "done", run.error
    with run.pdf_file.open("rb") as stream:
        data = stream.read()
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Annual report on the national action plan" in flat
    for heading in ("1.2 Train judges", "1.10 Adopt the shelters law", "2.1 Open an equality"):
        assert flat.count(heading) >= 1
    assert "Regional seminars" in flat
    assert "Online course" not in flat


def test_the_plan_report_needs_a_plan(people):
    with pytest.raises(ValidationError) as error:
        run_services.report_run_create(actor=people["secretariat_admin"], kind="plan_annual")
    assert "plan" in error.value.message_dict


@pytest.mark.parametrize("kind", ["parliament_annual", "plan_annual"])
@pytest.mark.parametrize("role", ["focal_own", "viewer", "nhri", "cso"])
def test_only_the_secretariat_may_run_annual_reports(people, role, kind):
    with pytest.raises(PermissionDenied):
        run_services.report_run_create(actor=people[role], kind=kind)


def test_a_plan_is_kept_for_the_plan_report_only(people, monkeypatch):
    monkeypatch.setattr("reporting.services.runs._enqueue", lambda run: None)
    action_plan = ActionPlan.objects.create(title="NAP")
    run = run_services.report_run_create(
        actor=people["secretariat_admin"], kind="parliament_annual", plan=action_plan
    )
    assert run.plan is None


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        (None, None, (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))),
        (datetime.date(2023, 4, 1), None, (datetime.date(2023, 4, 1), datetime.date(2023, 12, 31))),
        (None, datetime.date(2022, 6, 30), (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))),
        (
            datetime.date(2024, 7, 1),
            datetime.date(2025, 6, 30),
            (datetime.date(2024, 7, 1), datetime.date(2025, 6, 30)),
        ),
    ],
)
def test_annual_period_defaults_to_a_calendar_year(date_from, date_to, expected):
    assert annual_period(date_from, date_to, today=datetime.date(2026, 3, 15)) == expected


def test_the_run_stores_the_year_it_covers(people, monkeypatch):
    monkeypatch.setattr("reporting.services.runs._enqueue", lambda run: None)
    run = run_services.report_run_create(
        actor=people["secretariat_admin"],
        kind="parliament_annual",
        date_from=datetime.date(2024, 1, 1),
    )
    assert (run.date_from, run.date_to) == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


def test_a_plan_deleted_after_queueing_fails_the_run_clearly(run_report, people, monkeypatch):
    action_plan = ActionPlan.objects.create(title="NAP")
    queued = []
    monkeypatch.setattr("reporting.services.runs._enqueue", queued.append)
    run = run_report(kind="plan_annual", formats=["docx"], plan=action_plan)
    action_plan.delete()
    run_services.report_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == "failed"
    assert "no longer exists" in run.error
    assert not run.docx_file
