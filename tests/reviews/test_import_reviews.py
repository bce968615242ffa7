"""Treaty-body and special-procedure items of a UHRI export become reviews grouped by
document symbol; a re-import finds the same reviews."""

import datetime

import pytest

from recommendations.imports.parsers.base import ParsedRecommendation
from recommendations.imports.services import import_parsed
from recommendations.models import Review

pytestmark = pytest.mark.django_db


def _record(row, symbol, body="CEDAW", mechanism="treaty_body"):
    return ParsedRecommendation(
        source_file="uhri.csv",
        source_row=row,
        text=f"Recommendation of row {row}",
        mechanism=mechanism,
        body=body,
        external_id=f"uhri:{row}",
        document_symbol=symbol,
        date=datetime.date(2023, 3, 1),
        state_under_review="Slovenia",
    )


def test_uhri_items_get_one_review_per_document(reference_data):
    records = [
        _record(1, "CEDAW/C/SVN/CO/7"),
        _record(2, "CEDAW/C/SVN/CO/7"),
        _record(3, "CEDAW/C/SVN/CO/6"),
        _record(4, "A/HRC/59/40/Add.1", body="SR Health", mechanism="special_procedure"),
    ]
    summary = import_parsed(records, filename="uhri.csv", format="uhri")
    assert summary.errors == []
    reviews = Review.objects.exclude(mechanism="upr").order_by("document_symbol")
    assert [(r.document_symbol, r.recommendations.count()) for r in reviews] == [
        ("A/HRC/59/40/Add.1", 1),
        ("CEDAW/C/SVN/CO/6", 1),
        ("CEDAW/C/SVN/CO/7", 2),
    ]
    assert {r.state_under_review.iso3 for r in reviews} == {"SVN"}
    assert reviews[2].body.code == "CEDAW"
    assert reviews[2].date == datetime.date(2023, 3, 1)

    import_parsed(records, filename="uhri.csv", format="uhri")
    assert Review.objects.exclude(mechanism="upr").count() == 3


def test_an_item_naming_no_state_is_the_own_states_or_refused(reference_data, settings):
    """Every recommendation belongs to a review: an item with an empty "Countries Concerned"
    is the deployment's own State's; without NRTD_OWN_STATE it is refused, with a reason."""
    record = _record(5, "CERD/C/SVN/CO/12", body="CERD")
    record.state_under_review = ""
    settings.NRTD_OWN_STATE = ""
    summary = import_parsed([record], filename="uhri.csv", format="uhri")
    assert any("no State under review" in str(e) for e in summary.errors), summary.errors
    assert not Review.objects.exclude(mechanism="upr").exists()

    settings.NRTD_OWN_STATE = "SVN"
    summary = import_parsed([record], filename="uhri.csv", format="uhri")
    assert summary.errors == []
    review = Review.objects.get(document_symbol="CERD/C/SVN/CO/12")
    assert review.state_under_review.iso3 == "SVN"
    assert review.recommendations.count() == 1
