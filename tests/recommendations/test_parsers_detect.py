import io
import zipfile

import pytest

from recommendations.imports.parsers import ImportFailed, detect_format, parse_file, split_items
from tests.recommendations.fixtures import builders
from tests.recommendations.fixtures.samples import sample


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("ohchr-matrices/slovenia-upr-cycle2-session20.docx", "ohchr-matrix"),
        ("ohchr-matrices/slovenia-upr-cycle3-session34.docx", "ohchr-matrix"),
        ("upr-info/upr-info-sessions-01-05.csv", "upr-info"),
        ("upr-info/upr-info-voluntary-pledges.csv", "upr-info"),
    ],
)
def test_samples_are_recognised(relative, expected):
    assert detect_format(sample(relative)) == expected


def test_uhri_exports_are_recognised_whatever_their_name(tmp_path):
    xlsx = builders.build_uhri_xlsx(tmp_path / "export.docx")
    csv_file = builders.build_uhri_csv(tmp_path / "export")
    assert detect_format(xlsx) == "uhri"
    assert detect_format(csv_file) == "uhri"


def test_upr_info_in_an_uploaded_file_object():
    upload = io.BytesIO(b"To,Text,From,Response,Session\nChad,Do it,Peru,Accepted,2\n")
    assert detect_format(upload, filename="x.csv") == "upr-info"
    records, problems = split_items(parse_file(upload, filename="x.csv"))
    assert problems == []
    assert [(r.state_under_review, r.recommending_states) for r in records] == [("Chad", ["Peru"])]


def test_parse_file_uses_the_matching_parser(tmp_path):
    path = builders.build_matrix(
        tmp_path / "m.docx",
        builders.CYCLE4_HEADER,
        builders.CYCLE4_ROWS,
        page_header="UPR of Slovenia (4th Cycle – 48th session)",
    )
    records, problems = split_items(parse_file(path))
    assert problems == []
    assert [r.paragraph for r in records] == ["140.7", "140.11", "140.145"]


def test_random_bytes_are_not_recognised(tmp_path):
    path = tmp_path / "noise.bin"
    path.write_bytes(bytes(range(1, 256)) * 20)
    with pytest.raises(ImportFailed, match=r"noise\.bin: not a recognised file"):
        detect_format(path)


def test_damaged_zip(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00\x01" * 100)
    with pytest.raises(ImportFailed, match=r"broken\.docx: the file is a damaged zip archive"):
        detect_format(path)


def test_zip_of_something_else(tmp_path):
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.jpg", b"\xff\xd8")
    with pytest.raises(ImportFailed, match="not a recognised file"):
        detect_format(path)


def test_legacy_office_file(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ImportFailed, match="old binary Office file"):
        detect_format(path)


def test_missing_file(tmp_path):
    with pytest.raises(ImportFailed, match="cannot open the file"):
        detect_format(tmp_path / "nowhere.csv")
