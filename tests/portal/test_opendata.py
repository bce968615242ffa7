"""Open data downloads: the current search, streamed, whole, only published."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from recommendations.models import Recommendation
from recommendations.portal.selectors import EXPORT_CHUNK, EXPORT_FIELDS
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _content(response) -> bytes:
    assert response.streaming
    return b"".join(response.streaming_content)


def test_csv_is_streamed_and_holds_the_current_search(client, portal_data):
    response = client.get("/recommendations/download.csv?sdg_goal=16&body=UPR")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_content(response).decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [str(portal_data.older.pk), str(portal_data.torture.pk)]
    torture = rows[1]
    assert torture["recommending_states"] == "France"
    assert torture["lead_institution"] == "Ministry of Justice"
    assert torture["supporting_institutions"] == "Ministry of Health"
    assert torture["sdg_targets"] == "16.3"
    assert torture["themes"] == "D25"
    assert torture["date"] == "2019-05-01"


def test_json_lists_are_lists(client, portal_data):
    data = json.loads(_content(client.get("/recommendations/download.json?search=violence")))
    assert data["fields"] == EXPORT_FIELDS
    (row,) = data["recommendations"]
    assert row["affected_groups"] == ["women"]
    assert row["sdg_goals"] == ["5"]


def test_xlsx_holds_every_row(client, portal_data):
    response = client.get("/recommendations/download.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPORT_FIELDS
    assert len(rows) == 1 + 3


def test_downloads_have_no_row_cap(client, db, settings):
    """More rows than one chunk of the cursor (and than Uwazi's 10,000-row cap would be, at
    scale): every published row arrives, in several chunks."""
    rec = RecommendationFactory()
    total = EXPORT_CHUNK * 2 + 7
    Recommendation.objects.bulk_create(
        Recommendation(text=f"Row {i}", mechanism="upr", body=rec.body, review=rec.review)
        for i in range(total - 1)
    )
    data = json.loads(_content(client.get("/recommendations/download.json")))
    assert len(data["recommendations"]) == total
    lines = _content(client.get("/recommendations/download.csv")).decode("utf-8-sig")
    assert len(lines.strip().splitlines()) == total + 1


def test_download_refuses_post(client, portal_data):
    assert client.post("/recommendations/download.csv").status_code == 405


def test_downloads_reach_the_server_in_large_pieces_not_a_row_at_a_time():
    from recommendations.portal.opendata import STREAM_CHUNK, _chunked

    rows = [f"row {i},some text\n" for i in range(20_000)]
    pieces = list(_chunked(iter(rows)))
    assert "".join(pieces) == "".join(rows)
    assert len(pieces) < 10
    assert all(len(piece) >= STREAM_CHUNK for piece in pieces[:-1])
    assert list(_chunked(iter([]))) == []
