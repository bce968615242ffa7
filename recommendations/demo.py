"""Demo data of the registry: reference data, Slovenia's UPR recommendations from two cycles
(parsed from the OHCHR thematic matrices, shipped in demo_data/), and their assignment to
institutions so that each demo focal point has work. Idempotent."""

import datetime
import json
import re
from pathlib import Path

from recommendations.importers.base import ParsedRecommendation
from recommendations.models import Assignment, Recommendation
from recommendations.services.imports import import_parsed
from recommendations.services.reference import load_reference

FIXTURE = Path(__file__).resolve().parent / "demo_data" / "slovenia_upr.json"

# Lead institution by the first keyword found in the text; order matters.
LEADS = [
    (r"\bhealth|medical|HIV|maternal|disabilit", "Ministry of Health"),
    (r"justice|judicial|court|trial|prison|detention|torture|police|hate crime|hate speech|"
     r"ombudsman|impunity|criminal", "Ministry of Justice"),
    (r"educat|school|child", "Ministry of Education"),
    (r"labour|employment|work|social|pension|poverty|older",
     "Ministry of Labour and Social Affairs"),
    (r"migrant|asylum|refugee|trafficking|statelessness|erased", "Ministry of Interior"),
]  # fmt: skip
DEFAULT_LEAD = "Ministry of Foreign Affairs"
SUPPORT = {
    "Ministry of Health": "Ministry of Labour and Social Affairs",
    "Ministry of Justice": "Ministry of Interior",
    "Ministry of Interior": "Ministry of Justice",
    "Ministry of Education": "Ministry of Health",
}


def _records():
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        if row.get("date"):
            row["date"] = datetime.date.fromisoformat(row["date"])
        yield ParsedRecommendation(**row)


def _assign(stdout) -> None:
    from mechanisms.models import Institution

    institutions = {i.name: i for i in Institution.objects.all()}
    if not institutions:
        return
    assigned = set(Assignment.objects.values_list("recommendation_id", flat=True))
    rows = []
    for pk, text in Recommendation.objects.filter(source_file__startswith="slovenia").values_list(
        "pk", "text"
    ):
        if pk in assigned:
            continue
        lead = next(
            (name for pattern, name in LEADS if re.search(pattern, text, re.I)), DEFAULT_LEAD
        )
        if lead not in institutions:
            continue
        rows.append(Assignment(recommendation_id=pk, institution=institutions[lead], role="lead"))
        support = SUPPORT.get(lead)
        if support in institutions and pk % 3 == 0:
            rows.append(
                Assignment(
                    recommendation_id=pk, institution=institutions[support], role="supporting"
                )
            )
    Assignment.objects.bulk_create(rows)
    if rows:
        stdout.write(f"demo assignments: {len(rows)} created")


def seed(*, stdout) -> None:
    report = load_reference()
    stdout.write(f"reference data: {report}")
    summary = import_parsed(_records(), filename=FIXTURE.name, format="ohchr-matrix")
    if summary.errors:
        raise RuntimeError("demo fixture refused: " + "; ".join(summary.errors[:5]))
    stdout.write(
        f"demo recommendations (Slovenia, UPR cycles 2 and 3): {summary.created} created, "
        f"{summary.unchanged} already there"
    )
    _assign(stdout)
    try:
        from recommendations import demo_followup
    except ImportError:
        return
    demo_followup.seed(stdout=stdout)
