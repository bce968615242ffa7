"""The four label sets the assistant suggests, read from the reference data and the registry."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, QuerySet

from nrtd.i18n import in_language
from recommendations.models import AffectedGroup, Recommendation, SdgGoal, SdgTarget, Theme

SDG_GOALS = "sdg_goals"
SDG_TARGETS = "sdg_targets"
THEMES = "themes"
GROUPS = "groups"
LABEL_SETS = (SDG_GOALS, SDG_TARGETS, THEMES, GROUPS)

# label set -> (related model, field of the model holding the code)
_MODELS = {
    SDG_GOALS: (SdgGoal, "number"),
    SDG_TARGETS: (SdgTarget, "code"),
    THEMES: (Theme, "code"),
    GROUPS: (AffectedGroup, "code"),
}


@dataclass
class Label:
    code: str
    titles: dict[str, str]  # {"en": ..., "fr": ...}; themes and groups have English only
    parent: str = ""  # a target's goal; a theme's parent theme
    level: int = 0  # themes: 0 letter group, 1 "A4", 2 "A41"
    document: list[str] = field(default_factory=list)  # texts that describe the label

    def title(self, language: str | None = None) -> str:
        return in_language(self.titles, self.code, language=language)


def reference_fingerprint() -> tuple:
    """Changes whenever reference labels are added: the caches below rebuild then."""
    return tuple(
        (m.objects.count(), m.objects.aggregate(m=Max("pk"))["m"]) for m, _ in _MODELS.values()
    )


def reference_labels() -> dict[str, list[Label]]:
    """Every label of every set, with the texts that describe it (English)."""
    goals = [
        Label(
            code=str(g.number),
            titles={
                lang: f"{g.number}. {g.short_titles.get(lang) or title}"
                for lang, title in g.titles.items()
            },
            document=[g.short_titles.get("en", ""), g.titles.get("en", "")],
        )
        for g in SdgGoal.objects.all()
    ]
    targets = []
    for t in SdgTarget.objects.select_related("goal").prefetch_related("indicators"):
        targets.append(
            Label(
                code=t.code,
                titles={lang: f"{t.code} {title}" for lang, title in t.titles.items()},
                parent=str(t.goal.number),
                document=[t.titles.get("en", ""), t.titles.get("en", "")]
                + [i.titles.get("en", "") for i in t.indicators.all()]
                + [t.goal.short_titles.get("en", "")],
            )
        )
    by_goal = defaultdict(list)
    for t in targets:
        by_goal[t.parent].append(t.document[0])
    for g in goals:
        g.document += by_goal[g.code]

    themes_by_pk = {t.pk: t for t in Theme.objects.all()}
    themes = []
    for t in themes_by_pk.values():
        chain, node = [], t
        while node.parent_id:
            node = themes_by_pk[node.parent_id]
            chain.append(node)
        if not chain:
            continue  # letter groups ("A") organise the list; recommendations get themes
        themes.append(
            Label(
                code=t.code,
                titles={"en": f"{t.code} {t.name}"},
                parent=chain[0].code if chain else "",
                level=len(chain),
                document=[t.name, t.name, *t.aliases, *(a.name for a in chain)],
            )
        )
    groups = [
        Label(code=g.code, titles={"en": g.name}, document=[g.name, g.name, *g.aliases])
        for g in AffectedGroup.objects.all()
    ]
    return {SDG_GOALS: goals, SDG_TARGETS: targets, THEMES: themes, GROUPS: groups}


def recommendation_labels(
    recommendations: QuerySet[Recommendation],
) -> dict[int, dict[str, set[str]]]:
    """{recommendation id: {label set: codes}} read from the M2M tables in five queries."""
    ids = list(recommendations.values_list("pk", flat=True))
    subquery = recommendations.values("pk")
    result: dict[int, dict[str, set[str]]] = defaultdict(lambda: {s: set() for s in LABEL_SETS})
    for name, (_model, code_field) in _MODELS.items():
        m2m = Recommendation._meta.get_field(name)
        through = m2m.remote_field.through
        fk = m2m.m2m_reverse_field_name()
        rows = through.objects.filter(**{m2m.m2m_field_name() + "_id__in": subquery}).values_list(
            m2m.m2m_field_name() + "_id", f"{fk}__{code_field}"
        )
        for rec_id, code in rows.iterator(chunk_size=5000):
            result[rec_id][name].add(str(code))
    return {i: result[i] for i in ids}


def theme_top(code: str, themes: dict[str, Label]) -> str:
    """The level-1 theme ("A4") of a theme ("A41"); a level-1 or letter theme is itself."""
    label = themes.get(code)
    while label is not None and label.level > 1:
        label = themes.get(label.parent)
    return label.code if label is not None else code
