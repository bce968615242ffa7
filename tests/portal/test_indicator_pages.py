"""Published indicators on the public recommendation, cluster and SDG pages (latest value,
target, a small trend line and the latest breakdown as a table and a grouped bar chart), and
their disaggregated values in open data. Nothing unpublished leaks."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from recommendations.followup.grid import GridCell, indicator_values_grid_write
from recommendations.models import Cluster, ClusterSet, Indicator, IndicatorValue, SdgGoal
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 30)
SECRET = "Internal-only indicator 7741"
HIDDEN_REC = "Unpublished recommendation 5512"


@pytest.fixture
def world(people):
    goal = SdgGoal.objects.create(number=4, titles={"en": "Quality education"})
    cluster = Cluster.objects.create(
        cluster_set=ClusterSet.objects.create(name="Mid-term 2027"), name="Education"
    )
    rec = RecommendationFactory(text="Ensure girls complete secondary school", paragraph="140.3")
    hidden = RecommendationFactory(text=HIDDEN_REC, is_published=False)
    for r in (rec, hidden):
        r.sdg_goals.add(goal)
        r.clusters.add(cluster)
    enrolment = Indicator.objects.create(
        name="Secondary enrolment rate", unit="%", target=Decimal("95"), is_published=True
    )
    enrolment.recommendations.set([rec, hidden])
    IndicatorValue.objects.create(indicator=enrolment, date=datetime.date(2023, 6, 30), value=70)
    IndicatorValue.objects.create(indicator=enrolment, date=DAY, value=80)
    indicator_values_grid_write(
        actor=people["secretariat_staff"],
        indicator=enrolment,
        date=DAY,
        rows="sex",
        columns="residence",
        cells=[
            GridCell("female", "urban", Decimal("88")),
            GridCell("female", "rural", Decimal("61.5")),
            GridCell("male", "urban", Decimal("86")),
            GridCell("male", "rural", Decimal("70")),
        ],
    )
    secret = Indicator.objects.create(name=SECRET)
    secret.recommendations.set([rec])
    IndicatorValue.objects.create(indicator=secret, date=DAY, value=1)
    return {"goal": goal, "cluster": cluster, "rec": rec, "hidden": hidden, "ind": enrolment}


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _assert_card(html: str):
    assert "Secondary enrolment rate" in html
    assert "Target 95" in html
    assert "<strong><bdi>80 %</bdi></strong>" in html  # the latest total
    assert "data-trend" in html  # two totals: a line
    assert "data-breakdown-table" in html
    assert "<bdi>61.5</bdi>" in html
    assert 'role="img"' in html
    assert "<title id=" in html
    assert "<desc id=" in html
    assert html.count("<rect ") == 4  # female and male, urban and rural
    assert SECRET not in html
    assert HIDDEN_REC not in html


def test_recommendation_page_shows_the_breakdown_table_and_chart(client, world):
    html = _page(client, reverse("portal:recommendation", args=[world["rec"].pk]))
    _assert_card(html)
    assert "By Sex × Urban or rural" in html
    assert f'href="/clusters/{world["cluster"].pk}/">Mid-term 2027: Education</a>' in html


def test_cluster_page_lists_published_indicators_of_its_recommendations(client, world):
    html = _page(client, reverse("portal:cluster", args=[world["cluster"].pk]))
    _assert_card(html)
    assert f'href="/recommendations/{world["rec"].pk}/"' in html
    assert f'href="/recommendations/{world["hidden"].pk}/"' not in html


def test_sdg_page_lists_published_indicators_of_its_recommendations(client, world):
    html = _page(client, reverse("portal:sdg_goal", args=[4]))
    _assert_card(html)


def test_a_cluster_without_published_recommendations_is_not_shown(client, world):
    world["rec"].is_published = False
    world["rec"].save()
    assert client.get(reverse("portal:cluster", args=[world["cluster"].pk])).status_code == 404
    assert client.post(reverse("portal:cluster", args=[world["cluster"].pk])).status_code == 405


def test_unpublished_indicator_leaves_the_pages(client, world):
    Indicator.objects.filter(pk=world["ind"].pk).update(is_published=False)
    for url in (
        reverse("portal:recommendation", args=[world["rec"].pk]),
        reverse("portal:cluster", args=[world["cluster"].pk]),
        reverse("portal:sdg_goal", args=[4]),
    ):
        html = _page(client, url)
        assert "Secondary enrolment rate" not in html
        assert SECRET not in html


def test_chart_and_labels_follow_arabic(client, world):
    url = reverse("portal:recommendation", args=[world["rec"].pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html
    assert "<bdi>إناث</bdi>" in html
    assert 'text-anchor="start" direction="ltr"' in html  # the scale on the right


def test_open_data_has_a_row_per_value_with_dimension_columns(client, world):
    response = client.get(reverse("portal:indicators_download", args=["csv"]))
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert {r["indicator"] for r in rows} == {"Secondary enrolment rate"}
    assert len(rows) == 6
    cell = next(r for r in rows if r["value"] == "61.5")
    assert (cell["sex"], cell["residence"], cell["region"]) == ("female", "rural", "")
    assert cell["recommendations"] == str(world["rec"].pk)  # not the unpublished one
    total = next(r for r in rows if r["date"] == "2025-06-30" and r["value"] == "80")
    assert total["sex"] == total["residence"] == ""


def test_open_data_columns_follow_the_dimensions(client, world, people):
    from recommendations.followup.dimensions import dimension_save

    dimension_save(
        actor=people["secretariat_staff"],
        code="language",
        name="Mother tongue",
        categories=[{"name": "Guarani"}],
    )
    response = client.get(reverse("portal:indicators_download", args=["json"]))
    data = json.loads(b"".join(response.streaming_content))
    assert "language" in data["fields"]
    assert all(row["language"] == "" for row in data["indicator-values"])
    page = _page(client, reverse("portal:data_dictionary"))
    assert "<code>language</code>" in page
    assert "category by mother tongue" in page


def test_breakdown_without_totals_has_no_total_row_or_column(client, world):
    html = _page(client, reverse("portal:recommendation", args=[world["rec"].pk]))
    table = html[
        html.index("data-breakdown-table") : html.index(
            "</table>", html.index("data-breakdown-table")
        )
    ]
    assert "Total" not in table


def test_cluster_without_sdg_links_says_so_instead_of_an_empty_chart(client, world):
    world["rec"].sdg_goals.clear()
    html = _page(client, reverse("portal:cluster", args=[world["cluster"].pk]))
    assert "None of these recommendations is linked to a goal yet." in html
    assert "chart-sdg-data" not in html
    assert 'data-chart="chart-theme-data"' in html  # the theme chart stays
