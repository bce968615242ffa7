"""OHCHR thematic matrices: the two Slovenia samples, and built files for other layouts.

The expected counts were worked out from the document XML, not from the parser:
paragraphs that start with a paragraph number (163 and 215), "Theme:" paragraphs
(37 and 53, of which 32 and 42 differ), and the position paragraphs.
"""

import io
import zipfile
from collections import Counter

import docx
import pytest

from recommendations.imports.parsers import ohchr_matrix
from recommendations.imports.parsers.base import (
    ImportFailed,
    ImportProblem,
    split_all,
    split_items,
)
from recommendations.imports.parsers.matrix_cells import states_in_text
from tests.recommendations.fixtures import builders
from tests.recommendations.fixtures.samples import sample

CYCLE2 = "ohchr-matrices/slovenia-upr-cycle2-session20.docx"
CYCLE3 = "ohchr-matrices/slovenia-upr-cycle3-session34.docx"


@pytest.fixture(scope="module")
def cycle2():
    records, problems = split_items(ohchr_matrix.parse(sample(CYCLE2)))
    assert problems == []
    return records


@pytest.fixture(scope="module")
def cycle3():
    records, problems = split_items(ohchr_matrix.parse(sample(CYCLE3)))
    assert problems == []
    return records


def by_paragraph(records):
    return {r.paragraph: r for r in records}


def blocks(records):
    """Theme blocks in document order (a heading may come back later in the table)."""
    return 1 + sum(1 for a, b in zip(records, records[1:], strict=False) if a.cluster != b.cluster)


# --- cycle 2 sample -----------------------------------------------------------------


def test_cycle2_counts(cycle2):
    assert len(cycle2) == 163
    assert Counter(r.response for r in cycle2) == {"supported": 142, "noted": 21}
    assert Counter(r.response_label for r in cycle2) == {"Supported": 142, "Noted": 21}
    assert blocks(cycle2) == 37
    assert len({r.cluster for r in cycle2}) == 32
    assert sum(1 for r in cycle2 if len(r.recommending_states) > 1) == 7
    assert sum(len(r.recommending_states) for r in cycle2) == 180
    assert len({t for r in cycle2 for t in r.themes}) == 53
    assert len({g for r in cycle2 for g in r.affected_groups}) == 13
    assert len({r.paragraph for r in cycle2}) == 163


def test_cycle2_review_comes_from_the_page_header(cycle2):
    assert {(r.state_under_review, r.cycle, r.session) for r in cycle2} == {("Slovenia", 2, 20)}
    assert {(r.mechanism, r.body) for r in cycle2} == {("upr", "UPR")}
    # The position's source is a Human Rights Council document, not the UPR session.
    assert {r.response_source for r in cycle2} == {"A/HRC/28/15/Add.1"}
    assert {r.document_symbol for r in cycle2} == {"A/HRC/28/15"}


def test_cycle2_recommendation_with_five_states(cycle2):
    record = by_paragraph(cycle2)["115.16"]
    assert record.text == (
        "Ratify the International Convention for the Protection of All Persons from "
        "Enforced Disappearance (Belgium, France, Tunisia, Sierra Leone, Argentina);"
    )
    assert record.recommending_states == [
        "Belgium",
        "France",
        "Tunisia",
        "Sierra Leone",
        "Argentina",
    ]
    assert record.response == "supported"
    assert record.themes == ["A12 Acceptance of international norms", "D32 Enforced disappearances"]
    assert record.affected_groups == ["disappeared persons"]
    assert record.cluster == "Theme: A12 Acceptance of international norms"
    assert record.extra["source_of_position"] == "A/HRC/28/15/Add.1 - Para. 3"
    assert record.source_row == 11
    assert record.source_file == "slovenia-upr-cycle2-session20.docx"


def test_cycle2_state_name_with_brackets_inside_the_brackets(cycle2):
    record = by_paragraph(cycle2)["115.8"]
    assert record.text.startswith("Ratify ICRMW (Senegal")
    assert record.recommending_states == [
        "Senegal", "Sierra Leone", "Venezuela (Bolivarian Republic of)", "Peru", "Uruguay",
    ]  # fmt: skip
    assert record.response == "noted"
    assert record.extra["source_of_position"] == "A/HRC/28/15/Add.1 - Para. 5"


def test_cycle2_combined_recommendation_keeps_each_states_part(cycle2):
    record = by_paragraph(cycle2)["115.106"]
    # "(2009–2014)" inside the text is not a State.
    assert record.recommending_states == ["Netherlands", "Bahrain"]
    assert "(2009–2014)" in record.text


def test_cycle2_text_stays_verbatim(cycle2):
    # The source itself lacks the spaces; the parser does not correct wording.
    assert (
        "amendment toarticle8 of the International Convention" in by_paragraph(cycle2)["115.2"].text
    )


# --- cycle 3 sample -----------------------------------------------------------------


def test_cycle3_counts(cycle3):
    assert len(cycle3) == 215
    assert Counter(r.response for r in cycle3) == {"supported": 182, "noted": 33}
    assert blocks(cycle3) == 53
    assert len({r.cluster for r in cycle3}) == 42
    assert sum(1 for r in cycle3 if len(r.recommending_states) > 1) == 6
    assert sum(len(r.recommending_states) for r in cycle3) == 223
    assert len({t for r in cycle3 for t in r.themes}) == 62
    assert len({g for r in cycle3 for g in r.affected_groups}) == 26
    assert {(r.state_under_review, r.cycle, r.session) for r in cycle3} == {("Slovenia", 3, 34)}


def test_cycle3_sdgs_come_from_the_themes_cell(cycle3):
    goals = {g for r in cycle3 for g in r.sdg_goals}
    assert goals == {"1", "2", "3", "4", "5", "6", "8", "10", "11", "12", "13", "16", "17"}
    assert all(r.sdg_targets == [] for r in cycle3)
    assert not any("SDG" in t or t[0].isdigit() for r in cycle3 for t in r.themes)


def test_cycle3_positions_given_at_the_review_and_in_the_addendum(cycle3):
    sources = Counter(r.response_source for r in cycle3)
    assert sources == {"A/HRC/43/15/Add.1": 159, "A/HRC/43/15": 56}
    assert {r.document_symbol for r in cycle3} == {"A/HRC/43/15"}


def test_cycle3_first_recommendation(cycle3):
    record = cycle3[0]
    assert record.paragraph == "121.1"
    assert record.source_row == 3
    assert record.recommending_states == ["France", "Lithuania"]
    assert record.themes == ["Acceptance of international norms", "Enforced disappearances"]
    assert record.affected_groups == ["Disappeared persons"]
    assert record.sdg_goals == ["16"]
    assert record.cluster == "Theme: Acceptance of international norms"


def test_cycle3_convention_number_in_brackets_is_not_a_state(cycle3):
    assert by_paragraph(cycle3)["121.3"].recommending_states == [
        "United Kingdom of Great Britain and Northern Ireland"
    ]


def test_cycle3_three_states_in_separate_brackets(cycle3):
    record = by_paragraph(cycle3)["122.7"]
    assert record.recommending_states == ["Slovakia", "Spain", "North Macedonia"]
    assert record.response == "noted"


def test_external_id_is_stable_per_review_and_paragraph(cycle3):
    again, _ = split_items(ohchr_matrix.parse(sample(CYCLE3)))
    assert [r.external_id for r in again] == [r.external_id for r in cycle3]
    assert len({r.external_id for r in cycle3}) == 215


# --- recommending States in brackets --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Ratify ICRMW (ICRMW) (Iran (Islamic Republic of));", ["Iran (Islamic Republic of)"]),
        ("Ratify the Convention, 1930 (No. 29) (Ghana);", ["Ghana"]),
        ("Ratify it (France) (Lithuania);", ["France", "Lithuania"]),
        ("Do A (Ukraine); Do B (Slovakia);", ["Ukraine", "Slovakia"]),
        ("Do A (Egypt); do B (Peru);do C (Azerbaijan); ", ["Egypt", "Peru", "Azerbaijan"]),
        ("Protect migrants’ rights (Nigeria).", ["Nigeria"]),
        ("Combat hate speech (State of Palestine*);", ["State of Palestine"]),
        ("Help (Côte d’Ivoire) (Timor-Leste);", ["Côte d’Ivoire", "Timor-Leste"]),
    ],
)
def test_states_in_brackets(text, states):
    assert states_in_text(text) == states


# --- other layouts, built -------------------------------------------------------------


def test_cycle4_layout(tmp_path):
    path = builders.build_matrix(
        tmp_path / "upr48.docx",
        builders.CYCLE4_HEADER,
        builders.CYCLE4_ROWS,
        page_header="UPR of Slovenia (4th Cycle – 48th session)\tThematic list of recommendations",
    )
    records, problems = split_items(ohchr_matrix.parse(path))
    assert problems == []
    assert [r.paragraph for r in records] == ["140.7", "140.11", "140.145"]
    first, second, third = records
    assert (first.state_under_review, first.cycle, first.session) == ("Slovenia", 4, 48)
    assert first.recommending_states == ["Maldives", "Portugal"]
    assert first.themes == [
        "Ratification of & accession to international instruments",
        "Economic, social & cultural rights - general measures of implementation",
    ]
    assert first.affected_groups == ["Public officials"]
    assert first.sdg_targets == ["16.10"]
    assert first.sdg_goals == ["1", "16"]
    assert first.response_source == "A/HRC/59/15/Add.1"
    assert second.recommending_states == ["State of Palestine"]
    assert (second.response_label, second.response) == ("Supported/Noted", "partially_supported")
    assert second.affected_groups == ["Stateless persons"]
    assert third.recommending_states == ["Timor-Leste"]
    assert third.response == "noted"
    assert third.cluster == "Theme: Human rights & the environment"
    assert third.source_row == 6


def test_older_layout_with_a_recommending_states_column(tmp_path):
    path = builders.build_matrix(tmp_path / "old.docx", builders.OLD_HEADER, builders.OLD_ROWS)
    records, problems = split_items(ohchr_matrix.parse(path, state="Ruritania", session=3))
    assert problems == []
    first, second = records
    assert first.recommending_states == ["Algeria", "Iran (Islamic Republic of)"]
    assert first.text.endswith("Members of Their Families (ICRMW)")
    assert (first.response_label, first.response) == ("Rejected", "noted")
    assert first.affected_groups == ["migrants"]
    assert first.cluster == "Right or area: 2.1. Acceptance of international norms"
    assert second.recommending_states == ["Guinea-Bissau", "Timor-Leste"]
    assert second.response == "supported"
    assert (second.state_under_review, second.cycle, second.session) == ("Ruritania", 1, 3)


def test_review_missing_from_document_and_arguments_is_a_problem(tmp_path):
    path = builders.build_matrix(tmp_path / "old.docx", builders.OLD_HEADER, builders.OLD_ROWS)
    _, problems = split_items(ohchr_matrix.parse(path))
    assert [str(p) for p in problems] == [
        "old.docx: the document does not name the State under review; give it",
        "old.docx: the document does not name the UPR session; give it",
    ]


def test_explicit_state_wins_over_the_page_header_with_a_warning(tmp_path):
    path = builders.build_matrix(
        tmp_path / "m.docx",
        builders.CYCLE4_HEADER,
        builders.CYCLE4_ROWS,
        page_header="UPR of Slovenia (4th Cycle – 48th session)",
    )
    records, problems, warnings = split_all(ohchr_matrix.parse(path, state="Croatia", session=48))
    assert problems == []
    assert {r.state_under_review for r in records} == {"Croatia"}
    assert [str(w) for w in warnings] == [
        "m.docx: the page header names 'Slovenia'; the State given, Croatia, is used"
    ]


def test_state_from_a_running_header_without_brackets(tmp_path):
    path = builders.build_matrix(
        tmp_path / "m.docx",
        builders.CYCLE4_HEADER,
        builders.CYCLE4_ROWS,
        page_header="UPR of Sierra Leone - Second Cycle Thematic list of recommendations "
        "Page 2 of 39",
    )
    records, problems = split_items(ohchr_matrix.parse(path, session=24))
    assert problems == []
    assert {(r.state_under_review, r.cycle) for r in records} == {("Sierra Leone", 2)}


def test_reads_an_uploaded_file_object(tmp_path):
    path = builders.build_matrix(
        tmp_path / "m.docx",
        builders.CYCLE4_HEADER,
        builders.CYCLE4_ROWS,
        page_header="UPR of Slovenia (4th Cycle – 48th session)",
    )
    upload = io.BytesIO(path.read_bytes())
    records, problems = split_items(ohchr_matrix.parse(upload, filename="uploads/Matrix.docx"))
    assert problems == []
    assert {r.source_file for r in records} == {"Matrix.docx"}
    assert len(records) == 3


# --- bad input ------------------------------------------------------------------------


def test_unknown_position_names_row_and_column(tmp_path):
    rows = [
        "Theme: A12 Acceptance of international norms",
        ["1.1 Ratify it (Chile);\nSource of position: A/HRC/1/1/Add.1", "Maybe", "A12", ""],
    ]
    path = builders.build_matrix(tmp_path / "slovenia.docx", builders.CYCLE4_HEADER, rows)
    _, problems = split_items(ohchr_matrix.parse(path, state="Slovenia", session=1))
    assert [str(p) for p in problems] == [
        "slovenia.docx, row 3, column 'Position of the State under review': "
        "unknown position 'Maybe'"
    ]


def test_row_that_is_neither_heading_nor_recommendation(tmp_path):
    rows = [["Some note without a number", "Supported", "", ""]]
    path = builders.build_matrix(tmp_path / "m.docx", builders.CYCLE4_HEADER, rows)
    _, problems = split_items(ohchr_matrix.parse(path, state="Slovenia", session=1))
    assert problems == [
        ImportProblem(
            "m.docx",
            2,
            "Recommendation and recommending State",
            "this row is neither a theme heading nor a numbered recommendation",
        )
    ]


def test_recommendation_without_recommending_state(tmp_path):
    rows = [["1.1 Ratify it;\nSource of position: A/HRC/1/1/Add.1", "Supported", "", ""]]
    path = builders.build_matrix(tmp_path / "m.docx", builders.CYCLE4_HEADER, rows)
    _, problems = split_items(ohchr_matrix.parse(path, state="Slovenia", session=1))
    assert [(p.row, p.message) for p in problems] == [
        (2, "no recommending State found in brackets")
    ]


def test_random_bytes_are_not_a_docx(tmp_path):
    path = tmp_path / "matrix.docx"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ImportFailed, match=r"matrix\.docx: not a Word \.docx file"):
        list(ohchr_matrix.parse(path))


def test_truncated_docx_is_damaged(tmp_path):
    good = builders.build_matrix(tmp_path / "m.docx", builders.OLD_HEADER, builders.OLD_ROWS)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(good.read_bytes()[:600])
    with pytest.raises(ImportFailed, match=r"broken\.docx: the \.docx file is damaged"):
        list(ohchr_matrix.parse(broken))


def test_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(ImportFailed, match=r"other\.docx: not a readable Word \.docx file"):
        list(ohchr_matrix.parse(path))


def test_legacy_doc_file_asks_for_docx(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500)
    with pytest.raises(ImportFailed, match=r"save it as \.docx"):
        list(ohchr_matrix.parse(path))


def test_word_file_without_the_table(tmp_path):
    path = builders.build_matrix(tmp_path / "letter.docx", ["Dear", "Sir"], [])
    with pytest.raises(ImportFailed) as failed:
        list(ohchr_matrix.parse(path))
    assert failed.value.problems[0].message.startswith(
        "no table with 'Recommendation' and 'Position' columns"
    )


def test_spanish_matrix_below_a_title_row(tmp_path):
    header = ["Recomendación", "Posición", "Tema(s)", "ODS"]
    rows = [
        "Tema: Aceptación de las normas internacionales",
        [
            "120.1 Ratificar el Protocolo (Chile) (Perú);\nFuente de la posición: A/HRC/41/5/Add.1",
            "Aceptada",
            "A12 Acceptance of international norms",
            "SDG 16",
        ],
        ["120.2 Abolir la pena de muerte (España);", "Tomó nota", "", "5.1 - Poner fin"],
    ]
    path = builders.build_matrix(tmp_path / "es.docx", header, rows)
    document = docx.Document(path)
    table = document.tables[0]
    title = table.add_row()
    table._tbl.remove(title._tr)
    table._tbl.insert(table._tbl.index(table.rows[0]._tr), title._tr)
    title.cells[0].text = "Lista temática de recomendaciones"
    document.save(path)
    records, problems = split_items(ohchr_matrix.parse(path, state="Honduras", session=36))
    assert problems == []
    assert [(r.paragraph, r.response, r.source_row) for r in records] == [
        ("120.1", "supported", 4),
        ("120.2", "noted", 5),
    ]
    assert records[0].recommending_states == ["Chile", "Perú"]
    assert records[0].cluster == "Tema: Aceptación de las normas internacionales"
    assert records[0].response_source == "A/HRC/41/5/Add.1"
    assert (records[0].sdg_goals, records[1].sdg_targets) == (["16"], ["5.1"])


@pytest.mark.parametrize(
    ("page_header", "review"),
    [
        ("EPU de la France (3e cycle – 29e session)", ("France", 3, 29)),
        ("EPU de Honduras (3er ciclo – 36º período de sesiones)", ("Honduras", 3, 36)),
        ("UPR of Slovenia (3rd Cycle - 34th Session)", ("Slovenia", 3, 34)),
    ],
)
def test_review_from_french_spanish_and_english_page_headers(tmp_path, page_header, review):
    path = builders.build_matrix(
        tmp_path / "m.docx", builders.CYCLE4_HEADER, builders.CYCLE4_ROWS, page_header=page_header
    )
    records, problems = split_items(ohchr_matrix.parse(path))
    assert problems == []
    assert {(r.state_under_review, r.cycle, r.session) for r in records} == {review}
