"""Which institutions to assign, learned from what the secretariat did before: the lead
and supporting institutions of the most similar recommendations (the same TF-IDF index as
"similar and repeated"), weighted by similarity; a lead counts fully, a supporting role
half. Institutions already assigned, or no longer active, are left out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from mechanisms.models import Institution
from recommendations.models import Assignment, Recommendation

NEIGHBOURS = 20
SUPPORTING_WEIGHT = 0.5


@dataclass
class InstitutionSuggestion:
    institution: Institution
    role: str
    score: float
    examples: int


def institutions_suggested_for(
    recommendation: Recommendation, *, top: int = 3
) -> list[InstitutionSuggestion]:
    from recommendations.assistant.similarity import similar_to

    found = similar_to(recommendation, limit=NEIGHBOURS)
    weights = {rec.pk: score for rec, score, _kind in found}
    if not weights:
        return []
    assigned = set(recommendation.assignments.values_list("institution_id", flat=True))
    score: dict[int, float] = defaultdict(float)
    lead_score: dict[int, float] = defaultdict(float)
    examples: dict[int, set[int]] = defaultdict(set)
    rows = Assignment.objects.filter(
        recommendation_id__in=weights, institution__is_active=True
    ).exclude(institution_id__in=assigned)
    for rec_id, institution_id, role in rows.values_list(
        "recommendation_id", "institution_id", "role"
    ):
        lead = role == Assignment.Role.LEAD
        weight = weights[rec_id] * (1 if lead else SUPPORTING_WEIGHT)
        score[institution_id] += weight
        if lead:
            lead_score[institution_id] += weight
        examples[institution_id].add(rec_id)
    best = sorted(score, key=lambda pk: (-score[pk], pk))[:top]
    institutions = Institution.objects.in_bulk(best)
    has_lead = recommendation.assignments.filter(role=Assignment.Role.LEAD).exists()
    result = []
    for pk in best:
        # Suggest leading only where it mostly led before and the recommendation has no lead.
        leads = lead_score[pk] >= score[pk] / 2 and not has_lead
        role = Assignment.Role.LEAD if leads else Assignment.Role.SUPPORTING
        result.append(InstitutionSuggestion(institutions[pk], role, score[pk], len(examples[pk])))
    return result
