"""Matrices as they come from OHCHR, not as we wish them: rows cut in two, SDGs written as
themes, older theme codes, misspelt States split across Word runs, title rows above the
header, French headers. Each built file reproduces one layout; each test checks the exact
counts, and that a refused file writes nothing."""

import json

import docx
import pytest
from django.core.management import call_command

from recommendations.imports.parsers import ohchr_matrix
from recommendations.imports.parsers.base import split_all
from recommendations.imports.services import import_recommendations
from recommendations.models import Recommendation, Review, State, StateAlias
from tests.recommendations.fixtures import builders
from tests.recommendations.fixtures.builders import build_uhri_csv
from tests.recommendations.fixtures.samples import sample

pytestmark = pytest.mark.django_db

HEADER = builders.CYCLE4_HEADER
PAGE_HEADER = "UPR of Slovenia (4th Cycle – 48th session)"
SOURCE = "Source of Position: A/HRC/59/15/Add.1"


def _matrix(tmp_path, rows, name="m.docx", header=HEADER, page_header=PAGE_HEADER):
    return builders.build_matrix(tmp_path / name, header, rows, page_header=page_header)


# --- continuation rows ----------------------------------------------------------------

CUT_ROWS = [
    "Theme: Ratification of & accession to international instruments",
    [
        "140.7 Ratify the Optional Protocol to the International Covenant on Economic, "
        "Social and Cultural Rights (Maldives)",
        "Supported",
        "- Acceptance of international norms",
        "",
    ],
    # Word broke the row across a page: the second State and the source on a row of their own.
    ["(Portugal);\n" + SOURCE, "", "", ""],
    ["140.8 Accede to the 1961 Convention (Chile);\n" + SOURCE, "Noted", "", ""],
]


def test_continuation_row_is_merged_into_the_recommendation_above(tmp_path):
    records, problems, warnings = split_all(ohchr_matrix.parse(_matrix(tmp_path, CUT_ROWS)))
    assert problems == []
    assert [r.paragraph for r in records] == ["140.7", "140.8"]
    first = records[0]
    assert first.text == (
        "Ratify the Optional Protocol to the International Covenant on Economic, Social and "
        "Cultural Rights (Maldives) (Portugal);"
    )
    assert first.recommending_states == ["Maldives", "Portugal"]
    assert (first.response, first.source_row) == ("supported", 3)
    assert first.response_source == "A/HRC/59/15/Add.1"
    assert [str(w) for w in warnings] == [
        "m.docx, row 4: row 4 has no paragraph number and no position: merged into the "
        "recommendation of row 3 (140.7)"
    ]


def test_continuation_row_import_counts_and_warning(reference_data, tmp_path):
    summary = import_recommendations(_matrix(tmp_path, CUT_ROWS))
    assert summary.errors == []
    assert (summary.created, summary.warnings_total) == (2, 1)
    rec = Recommendation.objects.get(paragraph="140.7")
    assert {s.name for s in rec.recommending_states.all()} == {"Maldives", "Portugal"}
    assert rec.response == "supported"
    assert not Recommendation.objects.filter(paragraph="").exists()
    assert summary.as_dict()["warnings"] == 1


def test_row_that_cannot_be_placed_refuses_the_file_and_writes_nothing(reference_data, tmp_path):
    rows = [
        "Theme: Ratification of & accession to international instruments",
        ["and its communications procedure (Portugal);\n" + SOURCE, "", "", ""],
        ["140.8 Accede to the 1961 Convention (Chile);\n" + SOURCE, "Noted", "", ""],
    ]
    summary = import_recommendations(_matrix(tmp_path, rows))
    assert summary.errors == [
        "m.docx, row 3, column 'Recommendation and recommending State': this row is neither "
        "a theme heading nor a numbered recommendation"
    ]
    assert not Recommendation.objects.exists()
    assert not Review.objects.exists()
    assert "created" not in summary.as_dict()
    assert "by_response" not in summary.as_dict()


# --- header below a title row, French header ------------------------------------------


def test_header_below_a_title_row(reference_data, tmp_path):
    path = _matrix(tmp_path, CUT_ROWS[:2] + CUT_ROWS[3:])
    document = docx.Document(path)
    table = document.tables[0]
    title = table.add_row()  # moved above the header: a title row spanning the table
    table._tbl.remove(title._tr)
    table._tbl.insert(table._tbl.index(table.rows[0]._tr), title._tr)
    merged = table.rows[0].cells[0].merge(table.rows[0].cells[-1])
    merged.text = "Thematic list of recommendations - Slovenia"
    document.save(path)
    summary = import_recommendations(path)
    assert summary.errors == []
    assert summary.created == 2
    assert Recommendation.objects.get(paragraph="140.7").source_row == 4


FRENCH_HEADER = ["Recommandation", "Position", "Thème(s) et personnes concernées", "ODD"]


def test_french_header_and_responses(reference_data, tmp_path):
    rows = [
        "Thème: Acceptation des normes internationales",
        [
            "98.1 Ratifier le Protocole facultatif (France);\n"
            "Source de la position: A/HRC/38/9/Add.1",
            "Appuyée",
            "A12 Acceptance of international norms",
            "SDG 16",
        ],
        [
            "98.2 Abolir la peine de mort (Portugal) (Chili);\n"
            "Source de la position: A/HRC/38/9/Add.1",
            "Dont il a été pris note",
            "",
            "",
        ],
        ["98.3 Adoptar medidas (Uruguay);", "Tomó nota", "", ""],
    ]
    path = _matrix(tmp_path, rows, header=FRENCH_HEADER, page_header=None)
    summary = import_recommendations(path, state="Haiti", session=26)
    assert summary.errors == ["m.docx, row 4, column 'recommending States': unknown State 'Chili'"]
    assert not Recommendation.objects.exists()
    summary = import_recommendations(path, state="Haiti", session=26, mappings={"Chili": "Chile"})
    assert summary.errors == []
    assert summary.created == 3
    by_paragraph = {r.paragraph: r for r in Recommendation.objects.all()}
    assert (by_paragraph["98.1"].response, by_paragraph["98.1"].response_label) == (
        "supported",
        "Appuyée",
    )
    assert by_paragraph["98.2"].response == "noted"
    assert by_paragraph["98.3"].response == "noted"
    assert {s.name for s in by_paragraph["98.2"].recommending_states.all()} == {
        "Portugal",
        "Chile",
    }
    assert [g.number for g in by_paragraph["98.1"].sdg_goals.all()] == [16]
    assert StateAlias.objects.get().state.name == "Chile"
    assert Review.objects.get().document_symbol == "A/HRC/38/9"


# --- SDGs written as themes, older theme codes ----------------------------------------


def test_s_codes_in_the_themes_cell_become_sdg_goals_and_targets(reference_data, tmp_path):
    rows = [
        [
            "140.7 Ratify it (Maldives);\n" + SOURCE,
            "Supported",
            "A12 Acceptance of international norms\nS16 SDG 16 - Peace, justice and strong "
            "institutions\nS5 SDG 5 - Gender equality\n5.2 - End all violence against women",
            "",
        ],
        [
            "140.8 Accede to it (Chile);\n" + SOURCE,
            "Noted",
            "S10 SDG 10 - Reduced inequalities",
            "",
        ],
    ]
    summary = import_recommendations(_matrix(tmp_path, rows))
    assert summary.errors == []
    assert summary.warnings == []
    first = Recommendation.objects.get(paragraph="140.7")
    assert sorted(g.number for g in first.sdg_goals.all()) == [5, 16]
    assert [t.code for t in first.sdg_targets.all()] == ["5.2"]
    assert [t.code for t in first.themes.all()] == ["A12"]
    second = Recommendation.objects.get(paragraph="140.8")
    assert [g.number for g in second.sdg_goals.all()] == [10]
    assert second.unmapped_labels == []


def test_old_codes_map_by_name_and_unknown_codes_are_kept_and_counted(reference_data, tmp_path):
    rows = [
        [
            "140.7 Ratify it (Maldives);\n" + SOURCE,
            "Supported",
            # A28: an older code; its name is the one of A26 today.
            "A28 Cooperation with other international mechanisms and institutions\n"
            # A known code with other wording: the code decides.
            "D25 Torture and other cruel, inhuman or degrading treatment\n"
            "B73 Something UHRI no longer lists\n"
            "S Sustainable Development Goal implementation\n"
            "Affected persons:\n- prison officials\n- keepers of lighthouses",
            "",
        ],
    ]
    summary = import_recommendations(_matrix(tmp_path, rows))
    assert summary.errors == []
    rec = Recommendation.objects.get()
    assert sorted(t.code for t in rec.themes.all()) == ["A26", "D25"]
    assert [g.code for g in rec.groups.all()] == ["law-enforcement"]
    assert rec.unmapped_labels == [
        "B73 Something UHRI no longer lists",
        "S Sustainable Development Goal implementation",
        "keepers of lighthouses",
    ]
    assert summary.unmapped == 3
    assert summary.as_dict()["unmapped_labels"] == 3
    assert summary.warnings_total == 3
    again = import_recommendations(_matrix(tmp_path, rows))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


# --- misspelt States ------------------------------------------------------------------


def _split_runs(path, row: int, runs: list[str]):
    """Write the recommendation cell of a row as separate Word runs, as OHCHR's files do."""
    document = docx.Document(path)
    cell = document.tables[0].rows[row].cells[0]
    paragraph = cell.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    for text in runs:
        paragraph.add_run(text)
    document.save(path)


def test_misspelt_states_split_across_runs_are_matched_with_a_warning(reference_data, tmp_path):
    rows = [
        ["140.7 Ratify it (Maldives);\n" + SOURCE, "Supported", "", ""],
        ["140.8 Accede to it (Sierra Le one);\n" + SOURCE, "Noted", "", ""],
        ["140.9 Adopt it (Lithuana);\n" + SOURCE, "Noted", "", ""],
    ]
    path = _matrix(tmp_path, rows)
    _split_runs(path, 1, ["140.7 Ratify it (Bolivia (Plurinational S", " tate of));"])
    _split_runs(path, 2, ["140.8 Accede to it (Sierra Le", " one);"])
    summary = import_recommendations(path)
    assert summary.errors == []
    assert summary.created == 3
    names = {
        r.paragraph: [s.name for s in r.recommending_states.all()]
        for r in Recommendation.objects.all()
    }
    assert names == {
        "140.7": ["Bolivia (Plurinational State of)"],
        "140.8": ["Sierra Leone"],
        "140.9": ["Lithuania"],
    }
    assert summary.warnings == [
        "m.docx, rows 2: the State 'Bolivia (Plurinational S tate of)' was read as Bolivia "
        "(Plurinational State of) (a near match; map it if wrong)",
        "m.docx, rows 3: the State 'Sierra Le one' was read as Sierra Leone (a near match; "
        "map it if wrong)",
        "m.docx, rows 4: the State 'Lithuana' was read as Lithuania (a near match; map it "
        "if wrong)",
    ]


def test_ambiguous_state_is_refused_then_mapped_on_the_command_line(
    reference_data, tmp_path, capsys
):
    # "Austrila" is one edit from Austria and two from Australia: no guess.
    rows = [["140.7 Ratify it (Austrila);\n" + SOURCE, "Supported", "", ""]]
    path = _matrix(tmp_path, rows)
    with pytest.raises(SystemExit):
        call_command("import_recommendations", str(path))
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["errors"] == [
        "m.docx, row 2, column 'recommending States': unknown State 'Austrila'"
    ]
    assert result["unresolved"] == [{"what": "recommending State", "name": "Austrila", "count": 1}]
    assert "created" not in result
    assert not Recommendation.objects.exists()
    assert not StateAlias.objects.exists()

    call_command("import_recommendations", str(path), "--map", "Austrila=Australia")
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (result["created"], result["errors"]) == (1, [])
    alias = StateAlias.objects.get()
    assert (alias.name, alias.state.name) == ("Austrila", "Australia")
    # Next time the alias is enough.
    Recommendation.objects.all().delete()
    assert import_recommendations(path).created == 1


# --- summary --------------------------------------------------------------------------


def test_without_reference_data_one_message_names_the_command(db):
    summary = import_recommendations(sample("ohchr-matrices/slovenia-upr-cycle2-session20.docx"))
    assert summary.errors == [
        "slovenia-upr-cycle2-session20.docx: the reference data (States, bodies, themes, SDGs) "
        "is not loaded: run `python manage.py load_reference` first"
    ]
    assert not Recommendation.objects.exists()


def test_problem_lists_are_capped_with_their_total(reference_data, tmp_path):
    bad = ["Strengthen it.", "Guinea-Bissau", "Committee of Friends", "X/1"] + [""] * 12
    path = build_uhri_csv(tmp_path / "bad.csv", [bad] * 1200)
    summary = import_recommendations(path)
    assert len(summary.errors) == 1000
    assert summary.errors_total == 1200
    result = summary.as_dict()
    assert (len(result["errors"]), result["errors_total"]) == (1000, 1200)
    assert "created" not in result
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    ("file", "created", "symbol", "sdg_links"),
    [
        ("slovenia-upr-cycle2-session20.docx", 163, "A/HRC/28/15", 0),
        ("slovenia-upr-cycle3-session34.docx", 215, "A/HRC/43/15", 317),
    ],
)
def test_real_matrices_give_the_review_its_symbol(reference_data, file, created, symbol, sdg_links):
    summary = import_recommendations(sample(f"ohchr-matrices/{file}"))
    assert summary.errors == []
    assert summary.created == created
    assert summary.warnings_total == 0
    assert Review.objects.get().document_symbol == symbol
    assert Recommendation.sdg_goals.through.objects.count() == sdg_links
    assert State.objects.filter(name="Slovenia").exists()


def test_unknown_labels_are_warned_once_with_their_rows(reference_data, tmp_path):
    rows = [
        ["140.7 Ratify it (Maldives);\n" + SOURCE, "Supported", "B73 Something old", ""],
        ["140.8 Accede to it (Chile);\n" + SOURCE, "Noted", "B73 Something old", ""],
    ]
    summary = import_recommendations(_matrix(tmp_path, rows))
    assert summary.errors == []
    assert summary.warnings == [
        "m.docx, rows 2, 3: unknown theme 'B73 Something old' (not in the reference data; "
        "kept as text on the recommendation)"
    ]
    assert summary.unmapped == 2


def test_continuation_row_at_the_top_of_the_next_table(reference_data, tmp_path):
    """A page break that ends the table: the rest of the row opens a header-less table."""
    path = _matrix(tmp_path, CUT_ROWS[:2])
    document = docx.Document(path)
    document.add_paragraph("")
    table = document.add_table(rows=0, cols=len(HEADER))
    for row in CUT_ROWS[2:]:
        builders.fill_row(table.add_row().cells, row)
    document.save(path)
    summary = import_recommendations(path)
    assert summary.errors == []
    assert (summary.created, summary.warnings_total) == (2, 1)
    rec = Recommendation.objects.get(paragraph="140.7")
    assert rec.text.endswith("(Maldives) (Portugal);")
    assert {s.name for s in rec.recommending_states.all()} == {"Maldives", "Portugal"}


def test_a_refused_import_keeps_no_mapping(reference_data, tmp_path):
    rows = [
        ["140.7 Ratify it (Austrila);\n" + SOURCE, "Supported", "", ""],
        ["140.8 Accede to it (Narnia);\n" + SOURCE, "Noted", "", ""],
    ]
    summary = import_recommendations(_matrix(tmp_path, rows), mappings={"Austrila": "Australia"})
    assert summary.errors == ["m.docx, row 3, column 'recommending States': unknown State 'Narnia'"]
    assert not StateAlias.objects.exists()
    assert not Recommendation.objects.exists()
