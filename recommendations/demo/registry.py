"""Demo data of the registry: reference data, Slovenia's UPR recommendations from two cycles
(parsed from the OHCHR thematic matrices, shipped in data/), and their assignment to
institutions so that each demo focal point has work. Idempotent."""

import datetime
import json
import re
from collections import defaultdict
from pathlib import Path

from recommendations.imports.parsers.base import ParsedRecommendation
from recommendations.imports.services import import_parsed
from recommendations.models import Assignment, Recommendation
from recommendations.reference.services import load_reference
from recommendations.registry.assignment import recommendations_bulk_assign

FIXTURE = Path(__file__).resolve().parent / "data" / "slovenia_upr.json"

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
    """Leads and supporting institutions, through the same service as the secretariat's."""
    from django.contrib.auth import get_user_model

    from mechanisms.models import Institution

    institutions = {i.name: i for i in Institution.objects.all()}
    secretariat = get_user_model().objects.filter(username="secretariat").first()
    if not institutions or secretariat is None:
        return
    assigned = set(Assignment.objects.values_list("recommendation_id", flat=True))
    batches: dict[tuple[str, str], list[int]] = defaultdict(list)
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
        batches[(lead, Assignment.Role.LEAD)].append(pk)
        support = SUPPORT.get(lead)
        if support in institutions and pk % 3 == 0:
            batches[(support, Assignment.Role.SUPPORTING)].append(pk)
    count = 0
    # Leads first: a supporting institution never displaces the lead.
    for (name, role), ids in sorted(batches.items(), key=lambda item: item[0][1] != "lead"):
        count += recommendations_bulk_assign(
            actor=secretariat, recommendation_ids=ids, institution=institutions[name], role=role
        )
    if count:
        stdout.write(f"demo assignments: {count} created")


# The matrices carry no dates; the opening day of each Working Group session stands in for
# the review date so that the reporting calendar can compute the mid-term report's due date.
SESSION_OPENED = {20: datetime.date(2014, 10, 27), 34: datetime.date(2019, 11, 4)}


def _date_reviews() -> None:
    from recommendations.models import Review

    for review in Review.objects.filter(state_under_review__iso3="SVN", date__isnull=True):
        if review.session in SESSION_OPENED:
            review.date = SESSION_OPENED[review.session]
            review.save(update_fields=["date"])


def _link_repeats(stdout) -> None:
    from recommendations.assistant.services import links_store
    from recommendations.models import RecommendationLink, Review

    if RecommendationLink.objects.exists():
        return
    for review in Review.objects.filter(state_under_review__iso3="SVN").order_by("session"):
        counts = links_store(recommendations=review.recommendations.all())
        if counts["created"]:
            stdout.write(f"demo links for {review}: {counts['created']} created")


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
    _date_reviews()
    _assign(stdout)
    _link_repeats(stdout)
    from recommendations.demo import reviews as demo_reviews

    demo_reviews.seed(stdout=stdout)
    try:
        from recommendations.demo import followup as demo_followup
    except ImportError:
        return
    demo_followup.seed(stdout=stdout)
