"""Disaggregation dimensions the secretariat defines, and values entered as a grid: the
dimension service and screen, the grid service (all or nothing, validation naming the cell,
someone else's change refused), the grid screen per role and the API."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from recommendations.followup import services as followup
from recommendations.followup.dimensions import dimension_save
from recommendations.followup.grid import GridCell, indicator_values_grid_write
from recommendations.models import Assignment, DisaggregationDimension, IndicatorValue
from tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 6, 30)


@pytest.fixture
def indicator(people, own_institution):
    rec = RecommendationFactory(text="Reduce maternal mortality")
    Assignment.objects.create(recommendation=rec, institution=own_institution, role="lead")
    return followup.indicator_create(
        actor=people["focal_own"],
        name="School enrolment",
        unit="%",
        recommendations=[rec],
        institution=own_institution,
    )


def _stored(indicator):
    return {
        tuple(sorted(v.disaggregation.items())): v.value
        for v in IndicatorValue.objects.filter(indicator=indicator, date=DAY)
    }


# --- dimensions ---------------------------------------------------------------------------


def test_migration_seeds_the_nine_grounds_with_their_categories():
    codes = list(DisaggregationDimension.objects.values_list("code", flat=True))
    assert codes == [
        "sex",
        "age",
        "disability",
        "region",
        "residence",
        "ethnicity",
        "migratory_status",
        "income",
        "other",
    ]
    sex = DisaggregationDimension.objects.get(code="sex")
    assert [c.name for c in sex.categories.all()] == ["female", "male"]
    assert sex.name_translations["fr"] == "Sexe"


def test_secretariat_defines_a_dimension_with_ordered_translated_categories(people):
    dimension = dimension_save(
        actor=people["secretariat_staff"],
        code="language",
        name="Mother tongue",
        name_translations={"fr": "Langue maternelle", "es": " "},
        position=5,
        categories=[
            {"name": "Guarani", "name_translations": {"es": "guaraní"}},
            {"name": "  Spanish ", "name_translations": {}},
            {"name": "", "name_translations": {}},
        ],
    )
    assert dimension.name_translations == {"fr": "Langue maternelle"}
    assert [(c.name, c.name_translations) for c in dimension.categories.all()] == [
        ("Guarani", {"es": "guaraní"}),
        ("Spanish", {}),
    ]


def test_a_category_listed_twice_is_refused_and_nothing_saved(people):
    with pytest.raises(ValidationError, match="listed twice"):
        dimension_save(
            actor=people["secretariat_staff"],
            code="language",
            name="Mother tongue",
            categories=[{"name": "Guarani"}, {"name": "guarani"}],
        )
    assert not DisaggregationDimension.objects.filter(code="language").exists()


@pytest.mark.parametrize("role", ["focal_own", "viewer", "nhri", "cso"])
def test_only_the_secretariat_defines_dimensions(people, role):
    with pytest.raises(PermissionDenied):
        dimension_save(actor=people[role], code="x", name="X", categories=[])


def test_values_are_checked_against_the_active_dimensions(people, indicator):
    focal = people["focal_own"]
    with pytest.raises(ValidationError, match="“Mars” is not a category of Region"):
        followup.indicator_value_add(
            actor=focal, indicator=indicator, date=DAY, value=1, disaggregation={"region": "Mars"}
        )
    row = followup.indicator_value_add(
        actor=focal, indicator=indicator, date=DAY, value=1, disaggregation={"sex": "FEMALE"}
    )
    assert row.disaggregation == {"sex": "female"}  # as the secretariat spells it
    DisaggregationDimension.objects.filter(code="sex").update(is_active=False)
    with pytest.raises(ValidationError, match="Unknown ground: sex"):
        followup.indicator_value_add(
            actor=focal, indicator=indicator, date=DAY, value=2, disaggregation={"sex": "male"}
        )


def test_breakdown_is_labelled_in_the_readers_language(people, indicator):
    from django.utils import translation

    row = followup.indicator_value_add(
        actor=people["focal_own"],
        indicator=indicator,
        date=DAY,
        value=1,
        disaggregation={"region": "North", "sex": "female"},
    )
    with translation.override("fr"):
        row = IndicatorValue.objects.get(pk=row.pk)
        assert row.breakdown == [("Sexe", "femmes"), ("Région", "Nord")]


# --- the grid service ---------------------------------------------------------------------


def _grid(actor, indicator, cells, **kw):
    return indicator_values_grid_write(
        actor=actor, indicator=indicator, date=DAY, rows="sex", columns="age", cells=cells, **kw
    )


def test_grid_writes_cells_and_totals_in_one_call(people, indicator):
    counts = _grid(
        people["focal_own"],
        indicator,
        [
            GridCell("female", "15-24", Decimal("81.5")),
            GridCell("male", "15-24", Decimal("79")),
            GridCell("female", "", Decimal("80")),
            GridCell("", "", Decimal("78")),
            GridCell("male", "0-14", None),
        ],
    )
    assert counts == {"added": 4, "changed": 0, "removed": 0}
    assert _stored(indicator) == {
        (("age", "15-24"), ("sex", "female")): Decimal("81.5"),
        (("age", "15-24"), ("sex", "male")): Decimal("79"),
        (("sex", "female"),): Decimal("80"),
        (): Decimal("78"),
    }


def test_grid_changes_and_removes_and_records_who(people, indicator):
    focal = people["focal_own"]
    _grid(focal, indicator, [GridCell("female", "15-24", Decimal(1)), GridCell("male", "", 2)])
    staff = people["secretariat_staff"]
    counts = _grid(
        staff,
        indicator,
        [
            GridCell("female", "15-24", Decimal(3), expected=Decimal(1)),
            GridCell("male", "", None, expected=Decimal(2)),
        ],
    )
    assert counts == {"added": 0, "changed": 1, "removed": 1}
    assert _stored(indicator) == {(("age", "15-24"), ("sex", "female")): Decimal(3)}
    changed = IndicatorValue.objects.get(indicator=indicator)
    assert changed.history.first().history_user == staff


def test_a_bad_cell_refuses_the_whole_grid_naming_it(people, indicator):
    with pytest.raises(ValidationError) as caught:
        _grid(
            people["focal_own"],
            indicator,
            [GridCell("female", "15-24", Decimal(1)), GridCell("female", "99+", Decimal(2))],
        )
    assert "female|99+" in caught.value.message_dict
    assert not indicator.values.exists()


def test_a_cell_changed_meanwhile_refuses_the_grid(people, indicator):
    focal = people["focal_own"]
    _grid(focal, indicator, [GridCell("female", "15-24", Decimal(1))])
    _grid(people["secretariat_staff"], indicator, [GridCell("female", "15-24", Decimal(5))])
    with pytest.raises(ValidationError) as caught:
        _grid(
            focal,
            indicator,
            [
                GridCell("female", "15-24", Decimal(2), expected=Decimal(1)),
                GridCell("male", "15-24", Decimal(2), expected=None),
            ],
        )
    assert "it is now 5" in caught.value.message_dict["female|15-24"][0]
    assert _stored(indicator) == {(("age", "15-24"), ("sex", "female")): Decimal(5)}


def test_grid_refuses_the_same_dimension_twice_and_inactive_ones(people, indicator):
    with pytest.raises(ValidationError, match="other than the first"):
        indicator_values_grid_write(
            actor=people["focal_own"],
            indicator=indicator,
            date=DAY,
            rows="sex",
            columns="sex",
            cells=[GridCell("female", "male", Decimal(1))],
        )
    DisaggregationDimension.objects.filter(code="age").update(is_active=False)
    with pytest.raises(ValidationError, match="dimension in use"):
        _grid(people["focal_own"], indicator, [GridCell("female", "15-24", Decimal(1))])


@pytest.mark.parametrize("role", ["focal_other", "viewer", "nhri", "cso"])
def test_only_the_institution_and_the_secretariat_write_a_grid(people, indicator, role):
    with pytest.raises(PermissionDenied):
        _grid(people[role], indicator, [GridCell("female", "15-24", Decimal(1))])


# --- the grid screen ----------------------------------------------------------------------


def _grid_url(indicator):
    return reverse("followup:indicator_grid", args=[indicator.pk])


PICK = {"date": "2025-06-30", "rows": "sex", "columns": "age"}


def test_grid_screen_lays_out_categories_and_shows_stored_values(client, people, indicator):
    _grid(people["focal_own"], indicator, [GridCell("male", "25-64", Decimal("7.25"))])
    client.force_login(people["focal_own"])
    response = client.get(_grid_url(indicator), PICK)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<th scope="row">') == 3  # female, male, total
    grid = response.context["grid"]
    assert [label for _name, label in grid.column_axis] == [
        "0-14",
        "15-24",
        "25-64",
        "65+",
        "Total",
    ]
    assert grid["cell_1_2"].value() == "7.25"


def test_grid_screen_saves_everything_at_once(client, people, indicator):
    client.force_login(people["focal_own"])
    data = {**PICK, "cell_0_1": "81.5", "cell_1_1": "79", "cell_2_4": "80", "note": "Survey"}
    response = client.post(_grid_url(indicator), data)
    assert response.status_code == 302
    assert _stored(indicator) == {
        (("age", "15-24"), ("sex", "female")): Decimal("81.5"),
        (("age", "15-24"), ("sex", "male")): Decimal("79"),
        (): Decimal("80"),
    }
    assert set(indicator.values.values_list("note", flat=True)) == {"Survey"}


def test_grid_screen_returns_what_was_typed_and_names_the_bad_cell(client, people, indicator):
    client.force_login(people["focal_own"])
    response = client.post(_grid_url(indicator), {**PICK, "cell_0_1": "12", "cell_1_3": "lots"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="lots"' in html
    assert 'value="12"' in html
    assert "<bdi>male × 65+</bdi>" in html
    assert not indicator.values.exists()


def test_grid_screen_tells_of_a_change_made_meanwhile(client, people, indicator):
    client.force_login(people["focal_own"])
    _grid(people["secretariat_staff"], indicator, [GridCell("female", "15-24", Decimal(5))])
    response = client.post(_grid_url(indicator), {**PICK, "cell_0_1": "6", "was_0_1": ""})
    assert response.status_code == 409
    html = response.content.decode()
    assert "it is now 5" in html
    assert 'name="was_0_1" value="5"' in html  # saving again overrides knowingly
    assert _stored(indicator) == {(("age", "15-24"), ("sex", "female")): Decimal(5)}


def test_grid_screen_works_in_arabic(client, people, indicator):
    client.force_login(people["focal_own"])
    response = client.get(_grid_url(indicator), PICK, HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "إناث" in html


@pytest.mark.parametrize(
    ("role", "expected"),
    [("secretariat_staff", 200), ("focal_own", 200), ("focal_other", 403), ("viewer", 403)],
)
def test_grid_screen_per_role(client, people, indicator, role, expected):
    client.force_login(people[role])
    assert client.get(_grid_url(indicator), PICK).status_code == expected
    response = client.post(_grid_url(indicator), {**PICK, "cell_0_0": "1"})
    assert response.status_code == (302 if expected == 200 else 403)


def test_grid_screen_anonymous_and_wrong_method(client, people, indicator):
    response = client.get(_grid_url(indicator), PICK)
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(people["focal_own"])
    assert client.put(_grid_url(indicator)).status_code == 405


# --- the dimensions screen ----------------------------------------------------------------


def test_dimensions_screen_lists_creates_and_edits(client, people):
    client.force_login(people["secretariat_staff"])
    page = client.get(reverse("followup:dimensions")).content.decode()
    assert 'data-dimension="sex"' in page
    response = client.post(
        reverse("followup:dimension_new"),
        {
            "code": "language",
            "name": "Mother tongue",
            "position": "5",
            "is_active": "on",
            "fr": "Langue maternelle",
            "cat0-name": "Guarani",
            "cat0-es": "guaraní",
            "cat1-name": "Spanish",
        },
    )
    assert response.status_code == 302
    dimension = DisaggregationDimension.objects.get(code="language")
    assert dimension.name_translations == {"fr": "Langue maternelle"}
    first = dimension.categories.first()
    url = reverse("followup:dimension_edit", args=[dimension.pk])
    response = client.post(
        url,
        {
            "name": "Mother tongue",
            "position": "5",
            "cat0-pk": first.pk,
            "cat0-fr": "guarani",
            "cat1-pk": dimension.categories.last().pk,
            "cat1-delete": "on",
            "cat2-name": "Other",
        },
    )
    assert response.status_code == 302
    dimension.refresh_from_db()
    assert dimension.is_active is False
    assert [(c.name, c.name_translations) for c in dimension.categories.all()] == [
        ("Guarani", {"fr": "guarani"}),
        ("Other", {}),
    ]


def test_dimensions_screen_refuses_a_code_taken(client, people):
    client.force_login(people["secretariat_staff"])
    response = client.post(
        reverse("followup:dimension_new"), {"code": "sex", "name": "Gender", "position": "0"}
    )
    assert response.status_code == 400
    assert DisaggregationDimension.objects.get(code="sex").name == "Sex"


@pytest.mark.parametrize("role", ["focal_own", "focal_other", "viewer", "nhri", "cso"])
def test_dimensions_screen_is_the_secretariats(client, people, role):
    client.force_login(people[role])
    assert client.get(reverse("followup:dimensions")).status_code == 403
    assert client.post(reverse("followup:dimension_new"), {"code": "x"}).status_code == 403


def test_dimensions_screen_anonymous_and_wrong_method(client, people):
    response = client.get(reverse("followup:dimensions"))
    assert response.status_code == 302
    client.force_login(people["secretariat_staff"])
    assert client.post(reverse("followup:dimensions")).status_code == 405


# --- the API ------------------------------------------------------------------------------


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def _api_url(indicator):
    return f"/api/v1/indicators/{indicator.pk}/grid/"


BODY = {
    "date": "2025-06-30",
    "rows": "sex",
    "columns": "age",
    "cells": [{"row": "female", "column": "15-24", "value": "81.5"}, {"row": "", "value": "78"}],
}


def test_api_writes_a_grid_through_the_same_service(people, indicator):
    response = _api(people["focal_own"]).post(_api_url(indicator), BODY, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"added": 2, "changed": 0, "removed": 0}
    assert _stored(indicator)[()] == Decimal("78")


def test_api_grid_names_the_bad_cell_and_refuses_a_stale_one(people, indicator):
    api = _api(people["focal_own"])
    body = {**BODY, "cells": [{"row": "female", "column": "nope", "value": "1"}]}
    response = api.post(_api_url(indicator), body, format="json")
    assert response.status_code == 400
    assert "female|nope" in response.json()["error"]["fields"]
    api.post(_api_url(indicator), BODY, format="json")
    stale = {**BODY, "cells": [{"row": "", "value": "1", "expected": None}]}
    response = api.post(_api_url(indicator), stale, format="json")
    assert response.status_code == 409
    assert "it is now 78" in response.json()["error"]["fields"]["|"][0]
    assert _stored(indicator)[()] == Decimal("78")


@pytest.mark.parametrize("role", ["focal_other", "viewer"])
def test_api_grid_refused_to_others(people, indicator, role):
    response = _api(people[role]).post(_api_url(indicator), BODY, format="json")
    assert response.status_code in (403, 404)
    assert not indicator.values.exists()


def test_api_grid_anonymous_and_wrong_method(people, indicator):
    assert APIClient().post(_api_url(indicator), BODY, format="json").status_code in (401, 403)
    assert _api(people["focal_own"]).get(_api_url(indicator)).status_code == 405
