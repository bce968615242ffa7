"""Export recommendations as JSON through the API, import the export into an emptied
database through the API's upload (the nrtd-json importer), export again: identical."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.imports.parsers import detect, nrtd_json
from recommendations.models import (
    AffectedGroup,
    Body,
    Recommendation,
    Review,
    SdgGoal,
    SdgTarget,
    State,
    Theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(reference_data):
    slovenia, france, kenya = (State.objects.get(iso3=c) for c in ("SVN", "FRA", "KEN"))
    review = Review.objects.create(
        state_under_review=slovenia, cycle=3, session=34, document_symbol="A/HRC/34/15"
    )
    upr = Body.objects.get(code="UPR")
    cedaw = Body.objects.get(code="CEDAW")
    rows = [
        {
            "text": "Ratify the Optional Protocol\nto the Convention against Torture",
            "paragraph": "115.1",
            "mechanism": "upr",
            "body": upr,
            "review": review,
            "response": "supported",
            "response_label": "Supported",
            "date": datetime.date(2016, 12, 14),
            "document_symbol": "A/HRC/34/15",
            "external_id": "uhri:0001",
        },
        {
            "text": "Abolish the death penalty",
            "paragraph": "115.2",
            "mechanism": "upr",
            "body": upr,
            "review": review,
            "response": "noted",
            "response_label": "Noted",
            "external_id": "upr-info:0002",
        },
        {
            "text": "Adopt a national action plan on gender equality",
            "paragraph": "24",
            "mechanism": "treaty_body",
            "body": cedaw,
            "document_symbol": "CEDAW/C/SVN/CO/7",
            "date": datetime.date(2023, 2, 20),
            "review": Review.objects.create(
                state_under_review=slovenia,
                mechanism="treaty_body",
                body=cedaw,
                document_symbol="CEDAW/C/SVN/CO/7",
                date=datetime.date(2023, 2, 20),
            ),
            "external_id": "uhri:0003",
        },
    ]
    recs = [Recommendation.objects.create(**row) for row in rows]
    recs[0].recommending_states.set([france, kenya])
    recs[0].themes.set(Theme.objects.filter(code__in=["A41", "D21"]))
    recs[0].groups.set(AffectedGroup.objects.order_by("code")[:2])
    recs[0].sdg_targets.set(SdgTarget.objects.filter(code__in=["16.3", "16.10"]))
    recs[0].sdg_goals.set(SdgGoal.objects.filter(number=16))
    recs[1].recommending_states.set([france])
    recs[2].sdg_targets.set(SdgTarget.objects.filter(code="5.1"))
    recs[2].sdg_goals.set(SdgGoal.objects.filter(number=5))
    return recs


def _export(client) -> list[dict]:
    rows, url = [], "/api/v1/recommendations/?page_size=2"
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page["next"]
    return rows


def _comparable(rows: list[dict]) -> list[dict]:
    """Database ids are assigned anew by an import; everything else must be the same."""
    result = []
    for row in rows:
        row = {k: v for k, v in row.items() if k != "id"}
        if row["review"]:
            row["review"] = {k: v for k, v in row["review"].items() if k != "id"}
        result.append(row)
    return result


def test_export_import_export_is_identical(
    registry, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(detect.PARSERS, nrtd_json.FORMAT, nrtd_json.parse)
    client = client_for("secretariat_admin")
    first = _export(client)
    assert len(first) == 3
    assert first[0]["text"].count("\n") == 1

    Recommendation.objects.all().delete()
    Review.objects.all().delete()
    assert _export(client) == []

    upload = SimpleUploadedFile(
        "export.json", json.dumps(first).encode(), content_type="application/json"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/imports/", {"file": upload, "format": "nrtd-json"}, format="multipart"
        )
    assert response.status_code == 202, response.content
    job = client.get(response["Location"]).json()
    assert job["status"] == "done", job["errors"]
    assert job["result"]["created"] == 3

    second = _export(client)
    assert _comparable(second) == _comparable(first)


def test_importing_the_same_export_again_creates_nothing(
    registry, client_for, monkeypatch, tmp_path
):
    from recommendations.imports.services import import_recommendations

    monkeypatch.setitem(detect.PARSERS, nrtd_json.FORMAT, nrtd_json.parse)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(_export(client_for("secretariat_admin"))), encoding="utf-8")
    summary = import_recommendations(path, format=nrtd_json.FORMAT)
    assert summary.errors == []
    assert (summary.created, summary.unchanged) == (0, 3)


def test_parser_reports_bad_records_without_stopping(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(
        json.dumps(
            {
                "results": [
                    {"text": "A", "mechanism": "upr", "body": "UPR"},
                    {"text": "B", "mechanism": "nope", "body": "UPR"},
                    {"text": "C", "mechanism": "upr", "body": "UPR", "date": "14/12/2016"},
                    "junk",
                ]
            }
        )
    )
    items = list(nrtd_json.parse(path))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["ParsedRecommendation", "ImportProblem", "ImportProblem", "ImportProblem"]
    assert items[0].external_id.startswith("nrtd:")
