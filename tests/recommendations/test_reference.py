import unicodedata

import pytest

from recommendations.models import (
    AffectedGroup,
    Body,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
    State,
    Theme,
)
from recommendations.reference.services import REFERENCE_DIR, load_reference

pytestmark = pytest.mark.django_db


def test_reference_data_loads_every_un_member_and_observer_state(reference_data):
    assert State.objects.filter(un_status="member").count() == 193
    assert set(State.objects.filter(un_status="observer").values_list("name", flat=True)) == {
        "Holy See",
        "State of Palestine",
    }
    assert State.objects.get(iso3="SVN").name == "Slovenia"


def test_reference_data_has_all_treaty_bodies_and_optional_protocols(reference_data):
    codes = set(Body.objects.filter(mechanism="treaty_body").values_list("code", flat=True))
    expected = {
        "CCPR",
        "CESCR",
        "CERD",
        "CEDAW",
        "CAT",
        "SPT",
        "CRC",
        "CRC-OP-AC",
        "CRC-OP-SC",
        "CMW",
        "CRPD",
        "CED",
    }
    assert expected <= codes
    assert Body.objects.get(code="CRC-OP-SC").parent.code == "CRC"
    assert Body.objects.filter(mechanism="special_procedure").count() >= 50
    assert Body.objects.filter(mechanism="regional").exists()
    assert Body.objects.get(code="UPR").mechanism == "upr"


def test_sdgs_load_in_the_six_un_languages(reference_data):
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    assert SdgIndicator.objects.count() >= 231
    goal = SdgGoal.objects.get(number=1)
    assert set(goal.titles) == {"en", "fr", "es", "ar", "ru", "zh-Hans"}
    assert goal.short_titles["en"] == "No poverty"
    target = SdgTarget.objects.get(code="16.10")
    assert target.goal.number == 16
    assert "fundamental freedoms" in target.titles["en"]
    # Targets sort numerically, letters last: 16.9 before 16.10 before 16.a.
    codes = list(SdgTarget.objects.filter(goal__number=16).values_list("code", flat=True))
    assert codes.index("16.9") < codes.index("16.10") < codes.index("16.a")


def test_themes_have_two_levels_and_groups_exist(reference_data):
    theme = Theme.objects.get(code="A41")
    assert theme.parent is not None
    assert AffectedGroup.objects.filter(code="women").exists()


def test_loading_twice_changes_nothing(reference_data):
    report = load_reference()
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0


def test_the_sdg_licence_notice_is_shipped():
    assert "MIT" in (REFERENCE_DIR / "sdg" / "LICENSE").read_text()


def test_sdg_titles_are_stored_composed_as_people_type_them(reference_data):
    # The French file spells "é" as "e" and a combining acute accent.
    source = (REFERENCE_DIR / "sdg" / "fr" / "global_goals.yml").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", source) != source
    goal = SdgGoal.objects.get(number=5)
    assert "égalité" in goal.titles["fr"].lower()
    titles = [
        text
        for model in (SdgGoal, SdgTarget, SdgIndicator)
        for titles in model.objects.values_list("titles", flat=True)
        for text in titles.values()
    ]
    assert len(titles) > 1000
    assert all(unicodedata.is_normalized("NFC", text) for text in titles)
    assert SdgGoal.objects.filter(titles__fr__icontains="égalité").exists()
