"""The suggestions measured on the real OHCHR matrices (skipped when the samples are absent)."""

import re

import pytest
from django.core.management import call_command

from recommendations.models import Recommendation
from tests.recommendations.assistant_fixtures import *  # noqa: F403
from tests.recommendations.fixtures.samples import sample

pytestmark = pytest.mark.django_db

CYCLE2 = "ohchr-matrices/slovenia-upr-cycle2-session20.docx"
CYCLE3 = "ohchr-matrices/slovenia-upr-cycle3-session34.docx"


def figures(output: str, section: str) -> dict[str, list[float]]:
    block = output.split(section, 1)[1].split("\n\n", 1)[0]
    rows = {}
    for line in block.splitlines():
        parts = line.split()
        if parts and re.fullmatch(r"[0-9.]+", parts[-1]):
            rows[parts[0]] = [float(p) for p in parts[1:]]
    return rows


def test_evaluate_classifier_on_the_slovenia_matrices_meets_the_targets(reference_data, capsys):
    call_command(
        "evaluate_classifier",
        "--file", str(sample(CYCLE2)),
        "--file", str(sample(CYCLE3)),
        "--only-files", "--test-cycle", "3", "--folds", "5", "--baseline",
    )  # fmt: skip
    output = capsys.readouterr().out
    assert "5-fold over 215 recommendations of cycle 3" in output
    learned = figures(output, "learned (blended)")
    # columns: n, P@1, R@1, P@3, R@3, hit@1, hit@3
    assert learned["sdg_goals"][0] == 202
    assert learned["sdg_goals"][6] >= 0.85
    assert learned["themes_level1"][6] >= 0.80
    assert learned["themes"][6] >= 0.80
    day_one = figures(output, "baseline (day one)")
    assert day_one["sdg_goals"][6] >= 0.85
    # Nothing the evaluation imported stays.
    assert not Recommendation.objects.exists()
