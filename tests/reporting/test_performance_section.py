"""The mid-term report's section on the mechanism's own performance (issue 20): the same
figures as the performance page, as tables, in a chapter just before the annex."""

import datetime
import io

import pytest
from docx import Document

from recommendations.models import RoundTask, UpdateRound
from reporting.exports.content import Block
from reporting.exports.performance import before_annex, performance_blocks
from tests.factories import InstitutionFactory, RecommendationFactory
from tests.reporting.conftest import report_deadline

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2025, 6, 1)


@pytest.fixture
def figures(db):
    """Three reports due (on time, 10 days late in 2024; overdue in 2025), one not due; a
    round of 2025 whose two items nobody answered."""
    report_deadline(D(2024, 1, 10), D(2024, 1, 5))
    report_deadline(D(2024, 6, 1), D(2024, 6, 11))
    report_deadline(D(2025, 3, 1))
    report_deadline(D(2025, 9, 1))
    justice = InstitutionFactory(name="Ministry of Justice", acronym="MOJ")
    march = UpdateRound.objects.create(name="March round", deadline=D(2025, 3, 31))
    for _n in range(2):
        RoundTask.objects.create(
            update_round=march, recommendation=RecommendationFactory(), institution=justice
        )


def _tables(blocks) -> dict[str, Block]:
    """{the h2 above a table: the table}."""
    found, heading = {}, ""
    for block in blocks:
        if block.kind == "h2":
            heading = block.text
        elif block.kind == "table":
            found[heading] = block
    return found


def test_the_section_states_the_performance_pages_figures(figures):
    blocks = performance_blocks(TODAY)
    assert [b.text for b in blocks if b.kind == "h1"] == ["Performance of the national mechanism"]
    tables = _tables(blocks)
    reports = tables["Reports submitted on time"]
    total = dict(zip(reports.header, reports.rows[-1], strict=True))
    assert total["Report"] == "Total"
    assert (total["Due"], total["On time"], total["Late"], total["Overdue"]) == (3, 1, 1, 1)
    assert total["Share on time"] == "33 %"
    assert total["Median days late"] == "10"
    rounds = tables["Update rounds answered by the deadline, per institution"]
    justice = dict(zip(rounds.header, rounds.rows[0], strict=True))
    assert justice["Institution"] == "Ministry of Justice"
    assert (justice["Items"], justice["Not answered"], justice["Share by the deadline"]) == (
        2,
        2,
        "0 %",
    )
    coverage = tables["Recommendations with a lead institution and with recent progress"]
    assert coverage.rows[-1][:3] == ["Total", 2, "0 %"]
    trend = tables["Trend per year"]
    assert [row[0] for row in trend.rows] == ["2024", "2025"]
    assert trend.rows[0][1:3] == [2, "50 %"]
    assert trend.rows[1][1:] == [1, "0 %", 2, "0 %"]


def test_nothing_due_says_so_rather_than_zero(db):
    blocks = performance_blocks(TODAY)
    text = [b.text for b in blocks if b.kind == "p"]
    assert "No report of the calendar has fallen due yet." in text
    assert "No update round has reached its deadline yet." in text
    assert "Trend per year" not in [b.text for b in blocks]


def test_before_annex_puts_the_section_before_the_annex_or_at_the_end():
    section = [Block("pagebreak"), Block("h1", "Performance")]
    body = [Block("h1", "Health"), Block("p", "text")]
    annex = [Block("pagebreak"), Block("h1", "Annex"), Block("table", label="matrix")]
    assert before_annex(body + annex, section) == body + section + annex
    assert before_annex(body, section) == body + section


def test_the_midterm_report_has_the_section_before_its_annex(run_report, dataset, figures):
    run = run_report(kind="midterm", formats=["docx"], review=dataset["review"])
    assert run.status == "done", run.error
    with run.docx_file.open("rb") as stream:
        document = Document(io.BytesIO(stream.read()))
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert chapters[-2:] == [
        "Performance of the national mechanism",
        "Annex: implementation matrix",
    ]
    headers = [[c.text for c in table.rows[0].cells] for table in document.tables]
    assert headers[-5][:6] == ["Report", "Due", "On time", "Late", "Overdue", "Share on time"]
