"""UHRI exports, built as .xlsx and .csv (there is no real sample)."""

import datetime
import io

import pytest

from recommendations.imports.parsers import uhri
from recommendations.imports.parsers.base import ImportFailed, split_items
from tests.recommendations.fixtures import builders


@pytest.fixture(params=["xlsx", "csv"])
def export(request, tmp_path):
    if request.param == "xlsx":
        return builders.build_uhri_xlsx(tmp_path / "uhri.xlsx")
    return builders.build_uhri_csv(tmp_path / "uhri.csv")


def test_rows_become_records_and_problems(export):
    records, problems = split_items(uhri.parse(export))
    assert [r.external_id for r in records] == [builders.UPR_ID, builders.CEDAW_ID, builders.SR_ID]
    assert [(p.row, p.column, p.message) for p in problems] == [
        (5, "Reccomending Body", "unknown recommending body 'Committee of Friends'"),
        (6, "Text", "the recommendation has no text"),
    ]
    assert str(problems[0]) == (
        f"{export.name}, row 5, column 'Reccomending Body': "
        "unknown recommending body 'Committee of Friends'"
    )


def test_upr_row(export):
    record = next(iter(uhri.parse(export)))
    assert record.source_row == 2
    assert record.source_file == export.name
    assert record.paragraph == "121.1"
    assert record.text.startswith("Ratify the International Convention for the Protection")
    assert (record.mechanism, record.body) == ("upr", "UPR")
    assert record.state_under_review == "Timor-Leste"
    assert record.recommending_states == ["France", "State of Palestine"]
    assert (record.session, record.cycle) == (34, 3)
    assert (record.response_label, record.response) == ("Supported", "supported")
    assert record.date == datetime.date(2019, 5, 14)  # Excel serial 43599
    assert record.document_symbol == "A/HRC/43/15"
    assert record.themes == ["A12 Acceptance of international norms", "D32 Enforced disappearances"]
    assert record.affected_groups == ["Disappeared persons"]
    assert record.sdg_targets == ["16.10", "1.4"]
    assert record.sdg_goals == ["16", "1"]
    assert record.extra["published_on_uhri"] == "2020-03-02"
    assert record.extra["recommending_regions"] == [
        "Western European and other States",
        "Asia-Pacific States",
    ]


def test_treaty_body_row(export):
    record = list(uhri.parse(export))[1]
    assert record.mechanism == "treaty_body"
    assert record.body == "Committee on the Elimination of Discrimination against Women"
    assert record.extra["body_code"] == "CEDAW"
    assert record.state_under_review == "Guinea-Bissau"
    assert (record.response_label, record.response) == ("", None)
    assert (record.session, record.cycle) == (None, None)
    assert record.date == datetime.date(2019, 5, 14)
    assert record.affected_groups == ["Women", "Girls"]
    assert (record.sdg_targets, record.sdg_goals) == (["5.1"], ["5"])


def test_special_procedure_row(export):
    record = list(uhri.parse(export))[2]
    assert (record.mechanism, record.body) == (
        "special_procedure",
        "Special Rapporteur on the right to food",
    )
    assert record.date == datetime.date(2019, 1, 10)


def test_correct_spelling_and_untidy_headers(tmp_path):
    header = [
        f"  {h.upper()} " if i % 2 else h.replace("Reccomending", "Recommending")
        for i, h in enumerate(builders.UHRI_HEADER)
    ]
    path = builders.build_uhri_csv(tmp_path / "u.csv", header=header)
    records, problems = split_items(uhri.parse(path))
    assert len(records) == 3
    assert len(problems) == 2
    assert records[0].recommending_states == ["France", "State of Palestine"]


def test_semicolon_separated_windows_1252_csv_from_a_european_excel(tmp_path):
    path = builders.build_uhri_csv(tmp_path / "u.csv", encoding="cp1252", delimiter=";")
    records, _ = split_items(uhri.parse(path))
    assert [r.state_under_review for r in records] == [
        "Timor-Leste",
        "Guinea-Bissau",
        "Guinea-Bissau",
    ]


def test_uploaded_file_stays_open_for_the_caller(tmp_path):
    upload = io.BytesIO(builders.build_uhri_csv(tmp_path / "u.csv").read_bytes())
    records, _ = split_items(uhri.parse(upload, filename="u.csv"))
    assert len(records) == 3
    assert not upload.closed


def test_excel_serial_stored_as_a_float(tmp_path):
    rows = builders.uhri_rows(serial_date=43599.0)[:1]
    path = builders.build_uhri_xlsx(tmp_path / "u.xlsx", rows=rows)
    (record,) = uhri.parse(path)
    assert record.date == datetime.date(2019, 5, 14)


def test_bad_date_and_session_are_problems(tmp_path):
    row = builders.uhri_rows()[0]
    row[7], row[12] = "last spring", "thirty"
    path = builders.build_uhri_csv(tmp_path / "u.csv", rows=[row])
    _, problems = split_items(uhri.parse(path))
    assert [(p.row, p.column) for p in problems] == [
        (2, "UPR Session"),
        (2, "Document Publication Date"),
    ]


def test_state_filter_keeps_rows_concerning_that_state(export):
    records, problems = split_items(uhri.parse(export, state="Timor-Leste"))
    assert [r.external_id for r in records] == [builders.UPR_ID]
    assert problems == []


def test_session_filter_applies_to_upr_rows_only(export):
    records, _ = split_items(uhri.parse(export, session=20))
    assert [r.mechanism for r in records] == ["treaty_body", "special_procedure"]


def test_missing_columns_are_named_as_uhri_spells_them(tmp_path):
    path = builders.build_uhri_csv(
        tmp_path / "u.csv", header=["Text", "Themes", "OHCHR Annotation Id"], rows=[]
    )
    with pytest.raises(ImportFailed) as failed:
        list(uhri.parse(path))
    assert str(failed.value) == (
        "u.csv: missing required columns: 'Countries Concerned', 'Reccomending Body'"
    )


def test_damaged_xlsx(tmp_path):
    good = builders.build_uhri_xlsx(tmp_path / "u.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[:400])
    with pytest.raises(ImportFailed, match=r"broken\.xlsx: not a readable \.xlsx workbook"):
        list(uhri.parse(broken))


@pytest.mark.parametrize(
    ("body", "kind", "expected"),
    [
        ("UPR", "", ("upr", None)),
        ("Universal Periodic Review", "", ("upr", None)),
        ("CEDAW", "", ("treaty_body", "CEDAW")),
        ("crc-op-sc", "", ("treaty_body", "CRC-OP-SC")),
        ("CRC-OPAC", "", ("treaty_body", "CRC-OP-AC")),
        ("Human Rights Committee", "", ("treaty_body", "CCPR")),
        ("Committee against Torture", "", ("treaty_body", "CAT")),
        ("Subcommittee on Prevention of Torture", "", ("treaty_body", "SPT")),
        ("Committee on Enforced Disappearances", "", ("treaty_body", "CED")),
        ("Working Group on Arbitrary Detention", "", ("special_procedure", None)),
        ("Independent Expert on sexual orientation", "", ("special_procedure", None)),
        ("SR on torture", "", ("special_procedure", None)),
        ("African Commission on Human and Peoples' Rights", "", ("regional", None)),
        ("Committee of Friends", "", None),
        ("Committee of Friends", "Treaty bodies", ("treaty_body", None)),
    ],
)
def test_classify_body(body, kind, expected):
    assert uhri.classify_body(body, kind) == expected
