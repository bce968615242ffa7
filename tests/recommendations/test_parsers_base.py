import datetime

import pytest

from recommendations.imports.parsers.base import (
    RESPONSE_UNKNOWN,
    ImportFailed,
    ImportProblem,
    clean_text,
    cycle_for_session,
    int_or_none,
    normalise_response,
    parse_date,
    parse_sdg,
    parse_sdgs,
    split_multi_value,
    strip_observer_mark,
    text_key,
)


@pytest.mark.parametrize(
    ("session", "cycle"),
    [(1, 1), (12, 1), (13, 2), (20, 2), (26, 2), (27, 3), (34, 3), (40, 3), (41, 4), (54, 4),
     (55, 5), (None, None), (0, None)],
)  # fmt: skip
def test_cycle_for_session_follows_the_upr_calendar(session, cycle):
    assert cycle_for_session(session) == cycle


def test_problem_names_file_row_and_column():
    problem = ImportProblem("slovenia.docx", 12, "Position", "unknown position 'Maybe'")
    assert str(problem) == "slovenia.docx, row 12, column 'Position': unknown position 'Maybe'"


def test_problem_about_the_whole_file_names_only_the_file():
    assert str(ImportProblem("a.csv", None, None, "empty")) == "a.csv: empty"


def test_import_failed_carries_its_problems():
    error = ImportFailed.for_file("a.csv", "missing required columns: 'From'")
    assert [p.message for p in error.problems] == ["missing required columns: 'From'"]
    assert str(error) == "a.csv: missing required columns: 'From'"


def test_clean_text_unescapes_entities_and_collapses_whitespace():
    assert (
        clean_text(" &#40;Unknown&#41;\n  women&#39;s\u00a0rights ") == "(Unknown) women's rights"
    )


def test_text_key_ignores_case_spacing_and_punctuation_only():
    assert text_key("Ratify the Rome Statute.") == text_key("ratify the  Rome Statute .")
    assert text_key("minorities,inter alia") == text_key("minorities, inter alia")
    assert text_key("Ratify the Rome Statute") != text_key("Ratify the Rome Statutes")


def test_multi_value_cell_is_split_on_bullets_not_on_hyphens():
    assert split_multi_value("- Timor-Leste\n- Guinea-Bissau\n") == ["Timor-Leste", "Guinea-Bissau"]


def test_multi_value_cell_with_a_single_unprefixed_value():
    assert split_multi_value("Guinea-Bissau") == ["Guinea-Bissau"]


def test_multi_value_line_without_bullet_continues_the_previous_value():
    assert split_multi_value("- Right to an adequate\nstandard of living\n- Right to food") == [
        "Right to an adequate standard of living",
        "Right to food",
    ]


def test_multi_value_cell_that_is_empty():
    assert split_multi_value(None) == []
    assert split_multi_value("  \n ") == []


def test_observer_asterisk_is_stripped():
    assert strip_observer_mark("State of Palestine*") == "State of Palestine"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.4 - Equal rights to economic resources", ("1.4", "1")),
        ("- 16.10 - Ensure public access to information", ("16.10", "16")),
        ("16.a - Strengthen relevant national institutions", ("16.a", "16")),
        ("17.19 - By 2030, build on existing initiatives", ("17.19", "17")),
        ("- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS", (None, "16")),
        ("SDG 5 - gender equality", (None, "5")),
        ("18 - not a goal", (None, None)),
        ("Gender equality", (None, None)),
    ],
)
def test_sdg_targets_and_goals(value, expected):
    assert parse_sdg(value) == expected


def test_sdg_goals_include_the_goals_of_targets_once():
    targets, goals, unknown = parse_sdgs(["1.4 - x", "1.2 - y", "16 - PEACE", "Peace"])
    assert (targets, goals, unknown) == (["1.4", "1.2"], ["1", "16"], ["Peace"])


@pytest.mark.parametrize(
    ("label", "upr", "expected"),
    [
        ("Supported", True, "supported"),
        ("Accepted", True, "supported"),
        ("Noted", True, "noted"),
        ("Rejected", True, "noted"),
        ("Supported/Noted", True, "partially_supported"),
        ("partially supported", True, "partially_supported"),
        ("", True, "pending"),
        ("General Response", True, "pending"),
        ("Voluntary Pledge", True, None),
        ("", False, None),
        ("Maybe", True, RESPONSE_UNKNOWN),
    ],
)
def test_response_wording_is_normalised(label, upr, expected):
    assert normalise_response(label, upr=upr) == expected


@pytest.mark.parametrize(
    "value",
    [
        43599,
        43599.0,
        "43599",
        "43599.0",
        datetime.datetime(2019, 5, 14, 10, 30),
        datetime.date(2019, 5, 14),
        "2019-05-14",
        "2019-05-14T00:00:00",
        "14/05/2019",
        "05/14/2019",
        "14.05.2019",
        "14 May 2019",
    ],
)
def test_dates_from_spreadsheets(value):
    assert parse_date(value) == datetime.date(2019, 5, 14)


def test_empty_date_is_none_and_nonsense_is_an_error():
    assert parse_date("") is None
    assert parse_date(None) is None
    with pytest.raises(ValueError, match="not a date"):
        parse_date("next spring")


@pytest.mark.parametrize(
    ("value", "expected"), [("34", 34), (34.0, 34), ("Session 34", 34), ("34th session", 34)]
)
def test_session_numbers(value, expected):
    assert int_or_none(value) == expected


@pytest.mark.parametrize(
    ("value", "sdg"),
    [
        ("S16 SDG 16 - Peace, justice", "SDG 16 - Peace, justice"),
        ("S5 - Gender equality", "5"),
        ("SDG 5", "SDG 5"),
        ("Goal 3", "Goal 3"),
        ("5.2 - End all violence", "5.2 - End all violence"),
        ("A12 Acceptance of international norms", None),
        ("S Sustainable Development Goal implementation", None),
        ("2.1. Acceptance of international norms", None),
        ("Scope of international obligations", None),
    ],
)  # fmt: skip
def test_sdg_written_as_a_theme(value, sdg):
    from recommendations.imports.parsers.base import sdg_in_theme

    assert sdg_in_theme(value) == sdg


@pytest.mark.parametrize(
    ("label", "response"),
    [
        ("Appuyée", "supported"),
        ("Notée", "noted"),
        ("Dont il a été pris note", "noted"),
        ("Aceptada", "supported"),
        ("Apoyada", "supported"),
        ("Tomó nota", "noted"),
    ],
)
def test_french_and_spanish_response_words(label, response):
    from recommendations.imports.parsers.base import normalise_response

    assert normalise_response(label) == response
