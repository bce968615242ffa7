"""Fixtures of the assistant tests: a small reference set (fast) and cache resets."""

import pytest

__all__ = ["_fresh_assistant_caches", "small_reference"]

from recommendations.assistant import engine, similarity, storage
from recommendations.models import AffectedGroup, SdgGoal, SdgIndicator, SdgTarget, Theme

GOALS = {
    4: ("Quality education", "Ensure inclusive and equitable quality education"),
    5: ("Gender equality", "Achieve gender equality and empower all women and girls"),
    16: (
        "Peace, justice and strong institutions",
        "Promote peaceful and inclusive societies, provide access to justice for all",
    ),
}
TARGETS = {
    "4.1": "Ensure that all girls and boys complete free primary and secondary education",
    "5.2": "Eliminate all forms of violence against all women and girls",
    "16.10": "Ensure public access to information and protect fundamental freedoms",
}
INDICATORS = {
    "4.1.1": ("4.1", "Proportion of children achieving minimum proficiency in reading"),
    "5.2.1": ("5.2", "Proportion of women subjected to violence by an intimate partner"),
    "16.10.1": ("16.10", "Number of verified cases of killing of journalists"),
}
THEMES = [
    ("D", "Civil and political rights", None),
    ("D4", "Fundamental freedoms", "D"),
    ("D43", "Freedom of opinion and expression", "D4"),
    ("F", "Rights of women, children and persons with disabilities", None),
    ("F1", "Women's rights", "F"),
    ("F13", "Violence against women", "F1"),
    ("E", "Economic, social and cultural rights", None),
    ("E5", "Right to education", "E"),
    ("E51", "Right to education - General", "E5"),
]
GROUPS = [("women", "Women"), ("journalists", "Journalists"), ("children", "Children")]

TEXTS = {
    "women": "Adopt a law to combat violence against women and domestic violence (France);",
    "press": "Protect journalists and guarantee freedom of expression and of the media (Norway);",
    "school": "Ensure access to primary education for all children in schools (Chile);",
}


@pytest.fixture(autouse=True)
def _fresh_assistant_caches():
    """The assistant caches the baseline, the loaded model and the similarity index per
    process; each test gets its own database contents, so start from nothing."""
    engine._baseline = None
    similarity._index = None
    storage.forget_loaded_model()
    yield
    engine._baseline = None
    similarity._index = None
    storage.forget_loaded_model()


@pytest.fixture
def small_reference(db):
    goals = {
        n: SdgGoal.objects.create(number=n, titles={"en": long}, short_titles={"en": short})
        for n, (short, long) in GOALS.items()
    }
    targets = {
        code: SdgTarget.objects.create(
            code=code, goal=goals[int(code.split(".")[0])], titles={"en": title}, sort_key=code
        )
        for code, title in TARGETS.items()
    }
    for code, (target, title) in INDICATORS.items():
        SdgIndicator.objects.create(
            code=code, target=targets[target], titles={"en": title}, sort_key=code
        )
    themes = {}
    for code, name, parent in THEMES:
        themes[code] = Theme.objects.create(code=code, name=name, parent=themes.get(parent))
    groups = {code: AffectedGroup.objects.create(code=code, name=name) for code, name in GROUPS}
    return {"goals": goals, "targets": targets, "themes": themes, "groups": groups}
