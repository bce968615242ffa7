"""Indicators on the portal: the secretariat publishes an indicator (service, HTML, API;
only one with a value), the portal's recommendation page shows its latest values, open data
lists them; values carry a disaggregation (sex, age group, disability, region …) entered on
the value form and shown in tables."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from recommendations.followup import services as followup
from recommendations.models import Assignment, IndicatorValue
from recommendations.publishing.services import indicator_set_published
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 30)


@pytest.fixture
def rec(own_institution):
    rec = RecommendationFactory(text="Reduce maternal mortality")
    Assignment.objects.create(recommendation=rec, institution=own_institution, role="lead")
    return rec


@pytest.fixture
def indicator(people, rec, own_institution):
    return followup.indicator_create(
        actor=people["focal_own"],
        name="Maternal mortality ratio",
        unit="per 100,000",
        baseline=Decimal("120"),
        recommendations=[rec],
        institution=own_institution,
    )


@pytest.fixture
def with_values(people, indicator):
    """A total for 2024 and 2025, and the 2025 value broken down by sex and region."""
    focal = people["focal_own"]
    followup.indicator_value_add(
        actor=focal, indicator=indicator, date=datetime.date(2024, 6, 30), value="110"
    )
    followup.indicator_value_add(actor=focal, indicator=indicator, date=DAY, value="95.5")
    followup.indicator_value_add(
        actor=focal,
        indicator=indicator,
        date=DAY,
        value="130",
        disaggregation={"region": "North", "residence": "rural"},
    )
    followup.indicator_value_add(
        actor=focal, indicator=indicator, date=DAY, value="80", disaggregation={"region": "South"}
    )
    return indicator


# --- the service ---------------------------------------------------------------------


def test_an_indicator_without_a_value_cannot_be_published(people, indicator):
    with pytest.raises(ValidationError, match="once it has a value"):
        indicator_set_published(
            actor=people["secretariat_staff"], indicator=indicator, published=True
        )
    indicator.refresh_from_db()
    assert indicator.is_published is False


def test_secretariat_publishes_and_withdraws_with_history(people, with_values):
    staff = people["secretariat_staff"]
    indicator_set_published(actor=staff, indicator=with_values, published=True)
    with_values.refresh_from_db()
    assert with_values.is_published is True
    latest = with_values.history.first()
    assert latest.history_user == staff
    assert latest.history_change_reason == "published"
    indicator_set_published(actor=staff, indicator=with_values, published=False)
    with_values.refresh_from_db()
    assert with_values.is_published is False


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_only_the_secretariat_publishes(people, with_values, role):
    with pytest.raises(PermissionDenied):
        indicator_set_published(actor=people[role], indicator=with_values, published=True)


def test_disaggregation_is_cleaned_and_unknown_grounds_refused(people, indicator):
    row = followup.indicator_value_add(
        actor=people["focal_own"],
        indicator=indicator,
        date=DAY,
        value="3",
        disaggregation={"sex": " female ", "age": "15-24", "disability": ""},
    )
    assert row.disaggregation == {"sex": "female", "age": "15-24"}
    assert row.breakdown == [("Sex", "female"), ("Age group", "15-24")]
    with pytest.raises(ValidationError, match="Unknown ground: caste"):
        followup.indicator_value_add(
            actor=people["focal_own"],
            indicator=indicator,
            date=DAY,
            value="3",
            disaggregation={"caste": "x"},
        )
    assert IndicatorValue.objects.count() == 1


# --- HTML ------------------------------------------------------------------------------


def _publish_url(indicator):
    return reverse("publishing:indicator", args=[indicator.pk])


def test_secretariat_publishes_from_the_indicator_page(client, people, with_values):
    client.force_login(people["secretariat_staff"])
    page = client.get(reverse("followup:indicator", args=[with_values.pk]))
    assert _publish_url(with_values) in page.content.decode()
    queue = client.get(reverse("publishing:queue"))
    assert f'data-indicator="{with_values.pk}"' in queue.content.decode()
    response = client.post(
        _publish_url(with_values),
        {"action": "publish", "next": reverse("followup:indicator", args=[with_values.pk])},
    )
    assert response.status_code == 302
    with_values.refresh_from_db()
    assert with_values.is_published is True


def test_publishing_without_a_value_says_why_and_changes_nothing(client, people, indicator):
    client.force_login(people["secretariat_staff"])
    queue = client.get(reverse("publishing:queue"))
    assert f'data-indicator="{indicator.pk}"' not in queue.content.decode()
    response = client.post(_publish_url(indicator), {"action": "publish"}, follow=True)
    assert "once it has a value" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.is_published is False


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_other_roles_cannot_publish_in_html(client, people, with_values, role):
    client.force_login(people[role])
    assert client.post(_publish_url(with_values), {"action": "publish"}).status_code == 403
    with_values.refresh_from_db()
    assert with_values.is_published is False


def test_anonymous_cannot_publish_and_get_is_refused(client, people, with_values):
    response = client.post(_publish_url(with_values), {"action": "publish"})
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(people["secretariat_staff"])
    assert client.get(_publish_url(with_values)).status_code == 405


def test_value_form_records_a_breakdown(client, people, indicator):
    client.force_login(people["focal_own"])
    url = reverse("followup:indicator_value_add", args=[indicator.pk])
    response = client.post(
        url, {"date": "2025-06-30", "value": "12", "by_sex": "female", "by_age": "15-24"}
    )
    assert response.status_code == 302
    row = indicator.values.get()
    assert row.disaggregation == {"sex": "female", "age": "15-24"}
    page = client.get(reverse("followup:indicator", args=[indicator.pk])).content.decode()
    assert (
        'Sex: <bdi>female</bdi></span> · <span class="text-nowrap">Age group: <bdi>15-24</bdi>'
        in page
    )


def test_value_form_keeps_what_was_typed_on_error(client, people, indicator):
    client.force_login(people["focal_own"])
    url = reverse("followup:indicator_value_add", args=[indicator.pk])
    response = client.post(url, {"date": "2025-06-30", "value": "", "by_region": "North"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the value." in html
    assert '<option value="North" selected>' in html
    assert not indicator.values.exists()


def test_indicator_values_table_shows_totals_before_breakdowns(client, people, with_values):
    client.force_login(people["viewer"])
    response = client.get(reverse("followup:indicator", args=[with_values.pk]))
    rows = response.context["values"]
    assert [(r.date.year, r.disaggregation) for r in rows] == [
        (2025, {}),
        (2025, {"region": "North", "residence": "rural"}),
        (2025, {"region": "South"}),
        (2024, {}),
    ]


# --- API -------------------------------------------------------------------------------


def _api(user=None):
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_api_publishes_an_indicator(people, with_values, indicator):
    url = f"/api/v1/indicators/{with_values.pk}/publish/"
    response = _api(people["secretariat_staff"]).post(url, {"published": True}, format="json")
    assert response.status_code == 200
    assert response.json()["is_published"] is True
    response = _api(people["secretariat_staff"]).post(url, {"published": False}, format="json")
    assert response.json()["is_published"] is False


def test_api_refuses_to_publish_without_a_value(people, indicator):
    url = f"/api/v1/indicators/{indicator.pk}/publish/"
    response = _api(people["secretariat_staff"]).post(url, {"published": True}, format="json")
    assert response.status_code == 400
    assert "once it has a value" in json.dumps(response.json())


@pytest.mark.parametrize(
    ("role", "expected"),
    [("focal_own", 403), ("focal_other", 403), ("viewer", 403), ("nhri", 404), ("cso", 404)],
)
def test_api_publish_refused_to_other_roles(people, with_values, role, expected):
    url = f"/api/v1/indicators/{with_values.pk}/publish/"
    response = _api(people[role]).post(url, {"published": True}, format="json")
    assert response.status_code == expected
    with_values.refresh_from_db()
    assert with_values.is_published is False


def test_api_publish_anonymous_and_wrong_method(people, with_values):
    url = f"/api/v1/indicators/{with_values.pk}/publish/"
    assert _api().post(url, {"published": True}, format="json").status_code == 401
    assert _api(people["secretariat_staff"]).get(url).status_code == 405


def test_api_adds_a_disaggregated_value(people, indicator):
    url = f"/api/v1/indicators/{indicator.pk}/values/"
    response = _api(people["focal_own"]).post(
        url,
        {"date": "2025-06-30", "value": "7", "disaggregation": {"disability": "with disability"}},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["disaggregation"] == {"disability": "with disability"}
    bad = _api(people["focal_own"]).post(
        url, {"date": "2025-06-30", "value": "7", "disaggregation": {"colour": "x"}}, format="json"
    )
    assert bad.status_code == 400
    assert indicator.values.count() == 1


# --- the portal and open data ------------------------------------------------------------


def test_portal_shows_published_indicators_with_their_latest_values(
    client, people, rec, with_values
):
    page = client.get(reverse("portal:recommendation", args=[rec.pk])).content.decode()
    assert "Maternal mortality ratio" not in page  # not published yet
    indicator_set_published(
        actor=people["secretariat_staff"], indicator=with_values, published=True
    )
    response = client.get(reverse("portal:recommendation", args=[rec.pk]))
    (shown,) = response.context["rec"].public_indicators
    assert shown.latest["date"] == DAY
    assert shown.latest["total"].value == Decimal("95.5")
    assert [r.disaggregation for r in shown.latest["breakdown"]] == [
        {"region": "North", "residence": "rural"},
        {"region": "South"},
    ]
    html = response.content.decode()
    assert "Maternal mortality ratio" in html
    assert "95.5" in html
    # The breakdown as a table: rows by region, a column by residence, South's total.
    table = html[html.index("data-breakdown-table") :]
    assert '<th scope="col">Region</th>' in table
    assert '<bdi>rural</bdi></th><th scope="col" class="text-end">Total</th>' in table
    assert '<bdi>North</bdi></th><td class="text-end text-nowrap"><bdi>130</bdi>' in table
    assert '<bdi>South</bdi></th><td class="text-end text-nowrap"><bdi>—</bdi></td>' in table
    assert "110" not in html  # the older value is not the latest


def test_open_data_lists_published_indicator_values_only(
    client, people, rec, with_values, indicator
):
    other = followup.indicator_create(
        actor=people["secretariat_staff"], name="Internal only", recommendations=[rec]
    )
    followup.indicator_value_add(
        actor=people["secretariat_staff"], indicator=other, date=DAY, value="1"
    )
    indicator_set_published(
        actor=people["secretariat_staff"], indicator=with_values, published=True
    )
    response = client.get(reverse("portal:indicators_download", args=["csv"]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["indicator"] for r in rows} == {"Maternal mortality ratio"}
    assert len(rows) == 4
    north = next(r for r in rows if r["region"] == "North")
    assert north["value"] == "130"
    assert north["residence"] == "rural"
    assert north["sex"] == ""
    assert north["recommendations"] == str(rec.pk)
    totals = [r for r in rows if not any(r[g] for g in ("sex", "age", "region", "residence"))]
    assert [t["value"] for t in totals] == ["110", "95.5"]
    data = json.loads(
        b"".join(client.get(reverse("portal:indicators_download", args=["json"])).streaming_content)
    )
    assert len(data["indicator-values"]) == 4
    assert data["indicator-values"][0]["recommendations"] == [str(rec.pk)]
    xlsx = client.get(reverse("portal:indicators_download", args=["xlsx"]))
    assert xlsx.status_code == 200
    assert client.get("/indicators/download.pdf").status_code == 404
    assert client.post(reverse("portal:indicators_download", args=["csv"])).status_code == 405


def test_data_dictionary_documents_the_indicator_dataset(client):
    html = client.get(reverse("portal:data_dictionary")).content.decode()
    assert reverse("portal:indicators_download", args=["csv"]) in html
    assert "<code>migratory_status</code>" in html


def test_reports_read_the_totals_not_the_breakdown(with_values, rec):
    """The report engine's rows carry one series per indicator: the totals."""
    from reporting.selectors.report import iter_rows

    ((_clusters, row),) = list(iter_rows(type(rec).objects.filter(pk=rec.pk)))
    (series,) = row.indicators
    assert series.values == [(datetime.date(2024, 6, 30), Decimal("110")), (DAY, Decimal("95.5"))]
