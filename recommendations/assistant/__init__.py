"""The classification assistant: suggestions of SDG goals and targets, themes and affected
groups for a recommendation; repeated and similar recommendations; cluster proposals.

Public entry points: ``suggest(text, top=5)`` and ``similar_to(recommendation, limit=10)``.
Django models must be loaded before importing them (they query the database).
"""


def suggest(text: str, *, top: int = 5) -> dict[str, list[dict]]:
    from recommendations.assistant.suggestions import suggest as _suggest

    return _suggest(text, top=top)


def similar_to(recommendation, *, limit: int = 10):
    from recommendations.assistant.similarity import similar_to as _similar_to

    return _similar_to(recommendation, limit=limit)
