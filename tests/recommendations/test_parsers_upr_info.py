"""UPR Info exports: the sessions 1-5 sample, the voluntary pledges, and small built files.

The expected counts were worked out with the csv module alone: 6,094 rows give 5,626
distinct (To, Session, text) when the text is compared without case, spacing and
punctuation (5,643 when only spacing is ignored; the other 17 differ by a full stop
or a comma). The sample is Mac Roman, not UTF-8.
"""

from collections import Counter

import openpyxl
import pytest

from recommendations.imports.parsers import upr_info
from recommendations.imports.parsers.base import ImportFailed, split_items
from tests.recommendations.fixtures.samples import sample

HEADER = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session"


@pytest.fixture(scope="module")
def sessions():
    records, problems = split_items(upr_info.parse(sample("upr-info/upr-info-sessions-01-05.csv")))
    assert problems == []
    return records


def find(records, state, session, text_start):
    matches = [
        r
        for r in records
        if r.state_under_review == state and r.session == session and r.text.startswith(text_start)
    ]
    assert len(matches) == 1, matches
    return matches[0]


def test_sessions_counts(sessions):
    assert len(sessions) == 5626
    assert Counter(r.response for r in sessions) == {"supported": 3811, "noted": 1815}
    assert Counter(r.response_label for r in sessions) == {"Accepted": 3811, "Noted": 1815}
    assert Counter(r.session for r in sessions) == {1: 358, 2: 765, 3: 1218, 4: 1688, 5: 1597}
    assert {r.cycle for r in sessions} == {1}
    assert sum(1 for r in sessions if len(r.recommending_states) > 1) == 296
    assert len({r.state_under_review for r in sessions}) == 80
    assert len({t for r in sessions for t in r.themes}) == 54
    assert sum(len(r.extra["rows"]) for r in sessions) == 6094
    assert len({r.external_id for r in sessions}) == 5626


def test_sessions_recommendation_made_by_eight_states(sessions):
    record = find(sessions, "Switzerland", 2, "Establish a national institution on human rights")
    assert record.recommending_states == [
        "Algeria", "Canada", "Germany", "India", "Jordan", "Morocco", "Philippines",
        "United Kingdom",
    ]  # fmt: skip
    assert record.source_row == 5009
    assert record.extra["rows"] == [5009, 5013, 5019, 5022, 5023, 5024, 5025, 5027]
    assert (record.response, record.action_category, record.themes) == ("noted", 5, ["NHRI"])
    assert (record.mechanism, record.body) == ("upr", "UPR")


def test_sessions_rows_that_differ_in_action_and_issue_are_merged(sessions):
    record = find(sessions, "Argentina", 1, "Continue its efforts to improve the protection")
    assert record.recommending_states == ["Slovenia", "Austria", "Canada"]
    assert record.action_category == 4
    assert record.extra["action_categories"] == [4, 2]
    assert record.extra["from_rgrp"] == {"Slovenia": "EEG", "Austria": "WEOG", "Canada": "WEOG"}


def test_sessions_first_row(sessions):
    record = sessions[0]
    assert record.source_row == 2
    assert record.state_under_review == "Afghanistan"
    assert record.text.startswith("Enact legislation and take effective measures to protect")
    assert record.recommending_states == ["Austria"]
    assert record.themes == ["Rights of the Child", "Women's rights"]
    assert record.extra["to_rgrp"] == "Asia"


def test_sessions_mac_roman_text_is_decoded(sessions):
    record = find(sessions, "Morocco", 1, "While recognizing achievements of the Instance")
    assert "Instance Equité - Reconciliation" in record.text


def test_sessions_unknown_recommending_state_is_flagged_not_named(sessions):
    unknown = [r for r in sessions if r.extra.get("recommending_state_unknown")]
    assert len(unknown) == 9
    assert {r.state_under_review for r in unknown} == {"Indonesia"}
    assert all(r.recommending_states == [] for r in unknown)


def test_voluntary_pledges():
    records, problems = split_items(
        upr_info.parse(sample("upr-info/upr-info-voluntary-pledges.csv"))
    )
    assert problems == []
    assert len(records) == 944
    assert Counter(r.response_label for r in records) == {"Voluntary Pledge": 944}
    assert {r.response for r in records} == {None}
    assert all(r.extra["voluntary_pledge"] for r in records)
    assert Counter(r.cycle for r in records) == {1: 596, 2: 348}
    assert any(r.text.startswith("Côte d'Ivoire intends to honour") for r in records)


def test_state_and_session_filter(sessions):
    path = sample("upr-info/upr-info-sessions-01-05.csv")
    records, problems = split_items(upr_info.parse(path, state="switzerland", session=2))
    assert problems == []
    expected = [r for r in sessions if r.state_under_review == "Switzerland"]
    assert [r.external_id for r in records] == [r.external_id for r in expected]


# --- built files ----------------------------------------------------------------------


def write(tmp_path, lines, *, newline="\n", encoding="utf-8", name="export.csv"):
    path = tmp_path / name
    path.write_bytes(newline.join(lines).encode(encoding))
    return path


def test_old_mac_line_endings_bom_and_entities(tmp_path):
    path = write(
        tmp_path,
        [
            HEADER,
            'Chad,Africa,"AU, OIC",Ratify the OP&#45;CAT.,France,WEOG,EU,Accepted,5,"Torture and '
            'other CID treatment,Detention",4',
            'Chad,Africa,"AU, OIC",ratify the OP-CAT,Brazil,GRULAC,,Accepted,5,Detention,4',
            'Chad,Africa,"AU, OIC","Protect women&#39;s rights,\nin law",Chile,GRULAC,,,2,,4',
        ],
        newline="\r",
        encoding="utf-8-sig",
    )
    records, problems = split_items(upr_info.parse(path))
    assert problems == []
    first, second = records
    assert first.text == "Ratify the OP-CAT."
    assert first.recommending_states == ["France", "Brazil"]
    assert first.themes == ["Torture and other CID treatment", "Detention"]
    assert first.extra["rows"] == [2, 3]
    assert first.extra["from_org"] == {"France": ["EU"], "Brazil": []}
    assert (first.cycle, first.session) == (1, 4)
    assert second.text == "Protect women's rights, in law"
    assert (second.response_label, second.response) == ("", "pending")
    assert second.source_row == 4


def test_windows_1252_export(tmp_path):
    path = write(
        tmp_path,
        [HEADER, "Chad,Africa,,Réviser le code pénal,Côte d'Ivoire,Africa,,Noted,4,Justice,17"],
        newline="\r\n",
        encoding="cp1252",
    )
    (record,) = upr_info.parse(path)
    assert record.text == "Réviser le code pénal"
    assert record.recommending_states == ["Côte d'Ivoire"]
    assert (record.cycle, record.response) == (2, "noted")


def test_general_response_is_pending_and_keeps_its_label(tmp_path):
    path = write(tmp_path, [HEADER, "Chad,Africa,,Do it,Peru,GRULAC,,General Response,3,,2"])
    (record,) = upr_info.parse(path)
    assert (record.response_label, record.response) == ("General Response", "pending")


def test_xlsx_with_the_same_columns(tmp_path):
    path = tmp_path / "export.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(["Chad", "Africa", "", "Do it", "Peru", "GRULAC", "", "Noted", 3, "", 2])
    workbook.save(path)
    (record,) = upr_info.parse(path)
    assert (record.text, record.action_category, record.session) == ("Do it", 3, 2)


def test_row_without_text_names_file_row_and_column(tmp_path):
    path = write(
        tmp_path,
        [
            HEADER,
            "Chad,Africa,,Do it,Peru,GRULAC,,Accepted,3,,2",
            "Chad,Africa,,  ,Peru,GRULAC,,Accepted,3,,2",
        ],
    )
    records, problems = split_items(upr_info.parse(path))
    assert len(records) == 1
    assert [str(p) for p in problems] == [
        "export.csv, row 3, column 'Text': the recommendation has no text"
    ]


def test_bad_values_are_problems_with_their_column(tmp_path):
    path = write(
        tmp_path,
        [
            HEADER,
            "Chad,Africa,,Do it,Peru,GRULAC,,Maybe,3,,2",
            "Chad,Africa,,Do that,Peru,GRULAC,,Noted,9,,2",
            "Chad,Africa,,Do more,Peru,GRULAC,,Noted,3,,second",
            "Chad,Africa,,Do less,,GRULAC,,Noted,3,,2",
        ],
    )
    records, problems = split_items(upr_info.parse(path))
    assert records == []
    assert [(p.row, p.column) for p in problems] == [
        (2, "Response"),
        (3, "Action"),
        (4, "Session"),
        (5, "From"),
    ]
    assert problems[0].message == "unknown response 'Maybe'"


def test_same_recommendation_with_two_responses_is_a_problem(tmp_path):
    path = write(
        tmp_path,
        [
            HEADER,
            "Chad,Africa,,Do it,Peru,GRULAC,,Accepted,3,,2",
            "Chad,Africa,,Do it.,Chile,GRULAC,,Noted,3,,2",
        ],
    )
    records, problems = split_items(upr_info.parse(path))
    assert records == []
    assert [str(p) for p in problems] == [
        "export.csv, row 3, column 'Response': 'Noted' here but 'Accepted' in row 2 "
        "for the same recommendation"
    ]


def test_missing_columns_are_named(tmp_path):
    path = write(tmp_path, ["To,Text,Response,Issue", "Chad,Do it,Accepted,"])
    with pytest.raises(ImportFailed) as failed:
        list(upr_info.parse(path))
    assert str(failed.value) == "export.csv: missing required columns: 'From', 'Session'"


def test_no_matching_rows_is_a_problem(tmp_path):
    path = write(tmp_path, [HEADER, "Chad,Africa,,Do it,Peru,GRULAC,,Accepted,3,,2"])
    _, problems = split_items(upr_info.parse(path, state="Slovenia"))
    assert [str(p) for p in problems] == ["export.csv: no recommendations found for Slovenia"]


def test_text_file_without_the_header(tmp_path):
    path = write(tmp_path, ["name,age", "Ada,36"])
    with pytest.raises(ImportFailed, match="no header row with the expected columns"):
        list(upr_info.parse(path))
