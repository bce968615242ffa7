"""The matrix (.xlsx) carries what parliament and the planners sort by (issue 20): priority,
UPR Info's action category, the justification of the response, "needs parliament" and
"budget implications" (headers marked for translation)."""

import io

import pytest
from openpyxl import load_workbook

from recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

NEW_COLUMNS = [
    "Justification of the response",
    "Priority",
    "Action category",
    "Needs parliament",
    "Budget implications",
]


def test_the_matrix_has_the_classification_columns(run_report, dataset):
    noted = dataset["recs"][4]
    Recommendation.objects.filter(pk=noted.pk).update(
        priority="high",
        action_category=5,
        response_justification="Contrary to the Constitution.",
        needs_parliament=True,
    )
    run = run_report(kind="matrix", review=dataset["review"])
    assert run.status == "done", run.error
    with run.xlsx_file.open("rb") as stream:
        sheet = load_workbook(io.BytesIO(stream.read())).active
    header = [c.value for c in sheet[1]]
    assert set(NEW_COLUMNS) <= set(header)
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    row = rows[noted.paragraph]
    assert row["Priority"] == "High"
    assert row["Action category"] == "5: specific action"
    assert row["Justification of the response"] == "Contrary to the Constitution."
    assert (row["Needs parliament"], row["Budget implications"]) == ("Yes", "No")
    other = rows[dataset["recs"][0].paragraph]
    assert (other["Priority"], other["Action category"], other["Needs parliament"]) == (
        None,
        None,
        "No",
    )
