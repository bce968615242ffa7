"""Interface languages: the catalogues behind them and the per-language texts of the data."""

import pytest
from django.utils import translation

from nrtd.i18n import in_language

# Called under other names so that makemessages does not list this file as a place of use.
translate, translate_plural = translation.gettext, translation.ngettext

SDG_TITLES = {"en": "Gender equality", "ru": "Гендерное равенство", "zh-Hans": "性别平等"}


def test_in_language_matches_language_codes_whatever_their_case():
    # The SDG reference data says "zh-Hans"; Django's active language is "zh-hans".
    with translation.override("zh-hans"):
        assert in_language(SDG_TITLES) == "性别平等"
    with translation.override("ru"):
        assert in_language(SDG_TITLES) == "Гендерное равенство"


def test_in_language_falls_back_to_english_then_to_the_default():
    with translation.override("pt"):
        assert in_language(SDG_TITLES) == "Gender equality"
    assert in_language({"fr": "Égalité entre les sexes"}, "SDG 5", language="pt") == "SDG 5"
    assert in_language({"ru": ""}, "SDG 5", language="ru") == "SDG 5"


@pytest.mark.django_db
def test_an_institution_shows_its_name_as_entered_unless_translated():
    from mechanisms.models import Institution

    ministry = Institution.objects.create(
        name="Ministrstvo za zdravje",
        name_translations={"en": "Ministry of Health", "zh-Hans": "卫生部"},
    )
    with translation.override("zh-hans"):
        assert ministry.localized_name == "卫生部"
    with translation.override("en"):
        assert ministry.localized_name == "Ministry of Health"
    with translation.override("fr"):  # no French name: the name as entered, not the English
        assert ministry.localized_name == "Ministrstvo za zdravje"


def test_an_explicit_language_wins_over_the_active_one():
    with translation.override("ru"):
        assert in_language(SDG_TITLES, language="zh-hans") == "性别平等"


@pytest.mark.parametrize(
    ("language", "upr", "supported", "noted", "focal_point"),
    [
        (
            "ru",
            "Универсальный периодический обзор",
            "Поддержана",
            "Принята к сведению",
            "Координатор",
        ),
        ("zh-hans", "普遍定期审议", "支持", "注意到", "联络人"),
        ("pt", "Revisão Periódica Universal", "Apoiada", "Anotada", "Ponto focal"),
    ],
)
def test_new_interface_languages_use_the_un_terms(language, upr, supported, noted, focal_point):
    with translation.override(language):
        assert translate("Universal Periodic Review") == upr
        assert translate("Supported") == supported
        assert translate("Noted") == noted
        assert translate("Focal point") == focal_point


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # Russian has three forms: 1 and 21, 2-4 and 22-24, the rest (5-20, 11-14, 25...).
        (
            "ru",
            {
                1: "1 рекомендация",
                3: "3 рекомендации",
                5: "5 рекомендаций",
                11: "11 рекомендаций",
                21: "21 рекомендация",
                22: "22 рекомендации",
            },
        ),
        ("zh-hans", {1: "1 项建议", 5: "5 项建议"}),
        ("pt", {1: "1 recomendação", 0: "0 recomendações", 5: "5 recomendações"}),
    ],
)
def test_plural_forms_follow_each_language(language, expected):
    with translation.override(language):
        for n, text in expected.items():
            found = translate_plural("%(n)s recommendation", "%(n)s recommendations", n)
            assert found % {"n": n} == text


def test_every_interface_language_has_a_catalogue(settings):
    for code, _name in settings.LANGUAGES:
        if code == "en":
            continue
        with translation.override(code):
            assert translate("Search the recommendations") != "Search the recommendations", code
