"""The facet values table (PostgreSQL, migration 0010) and each recommendation's
``facet_keys`` (migration 0032) stay equal to the M2M tables and the assignments they are
made from, whatever writes them: the ORM's add/remove/set/clear, saving and deleting
assignments, deleting recommendations, and a bulk import."""

import pytest
from django.db import connection, transaction

from recommendations.filtering.facet_sql import (
    FACET_CODES,
    FACET_VALUES,
    decode_facet_key,
    facet_keys_written_once,
)
from recommendations.imports.services import import_recommendations
from recommendations.models import Assignment, Recommendation, Theme
from tests.factories import (
    AssignmentFactory,
    ClusterFactory,
    InstitutionFactory,
    RecommendationFactory,
    ThemeFactory,
)
from tests.recommendations.fixtures.builders import build_uhri_csv, uhri_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the facet values table is PostgreSQL only"
    ),
]

M2M_FIELDS = {
    "theme": "themes",
    "group": "groups",
    "sdg_goal": "sdg_goals",
    "sdg_target": "sdg_targets",
    "recommending_state": "recommending_states",
    "cluster": "clusters",
}


def _source_rows() -> set[tuple[int, int, int]]:
    """(recommendation, facet code, value) read from the tables the facet values mirror."""
    rows = set()
    for name, field in M2M_FIELDS.items():
        m2m = Recommendation._meta.get_field(field)
        through = m2m.remote_field.through
        column = f"{m2m.m2m_reverse_field_name()}_id"
        for rec, value in through.objects.values_list("recommendation_id", column):
            rows.add((rec, FACET_CODES[name], value))
    for rec, institution in Assignment.objects.values_list("recommendation_id", "institution_id"):
        rows.add((rec, FACET_CODES["institution"], institution))
    return rows


def _facet_rows() -> set[tuple[int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT recommendation_id, facet, value_id FROM {FACET_VALUES}")  # noqa: S608
        return set(cursor.fetchall())


def _key_rows() -> set[tuple[int, int, int]]:
    """The same rows read from the recommendations' own ``facet_keys`` (migration 0032)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, facet_keys FROM recommendations_recommendation")
        return {
            (rec, FACET_CODES[decode_facet_key(key)[0]], decode_facet_key(key)[1])
            for rec, keys in cursor.fetchall()
            for key in keys
        }


def test_m2m_writes_through_the_orm_are_mirrored():
    rec, other = RecommendationFactory(), RecommendationFactory()
    a, b, c = ThemeFactory(), ThemeFactory(), ThemeFactory()
    rec.themes.add(a, b)
    other.themes.set([b, c])
    cluster = ClusterFactory()
    rec.clusters.add(cluster)
    assert (rec.pk, FACET_CODES["theme"], a.pk) in _facet_rows()
    assert _facet_rows() == _source_rows() == _key_rows()

    rec.themes.remove(a)
    other.themes.set([a])  # removes b and c, adds a
    rec.clusters.clear()
    assert (rec.pk, FACET_CODES["theme"], a.pk) not in _facet_rows()
    assert (rec.pk, FACET_CODES["cluster"], cluster.pk) not in _facet_rows()
    assert _facet_rows() == _source_rows() == _key_rows()


def test_assignments_saved_moved_and_deleted_are_mirrored():
    health, justice = InstitutionFactory(), InstitutionFactory()
    assignment = AssignmentFactory(institution=health)
    rec = assignment.recommendation
    assert (rec.pk, FACET_CODES["institution"], health.pk) in _facet_rows()

    assignment.role = Assignment.Role.SUPPORTING  # an update that keeps the pair
    assignment.save()
    assert (rec.pk, FACET_CODES["institution"], health.pk) in _facet_rows()

    assignment.institution = justice  # moved to another institution
    assignment.save()
    assert (rec.pk, FACET_CODES["institution"], health.pk) not in _facet_rows()
    assert (rec.pk, FACET_CODES["institution"], justice.pk) in _facet_rows()
    assert _facet_rows() == _key_rows()

    Assignment.objects.filter(pk=assignment.pk).delete()
    assert _facet_rows() == _source_rows() == _key_rows() == set()


def test_deleting_a_recommendation_removes_its_facet_values():
    rec = RecommendationFactory()
    rec.themes.add(ThemeFactory())
    AssignmentFactory(recommendation=rec)
    kept = RecommendationFactory()
    kept.themes.add(ThemeFactory())
    rec.delete()
    assert {row[0] for row in _facet_rows()} == {kept.pk}
    assert _facet_rows() == _source_rows() == _key_rows()

    # A delete that bypasses Django's collector (raw SQL) is covered by its own trigger.
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM recommendations_recommendation_themes WHERE recommendation_id = %s",
            [kept.pk],
        )
        cursor.execute("DELETE FROM recommendations_recommendation WHERE id = %s", [kept.pk])
    assert _facet_rows() == set()


def test_a_bulk_import_is_mirrored(reference_data, tmp_path):
    path = build_uhri_csv(tmp_path / "uhri.csv", rows=uhri_rows()[:3])
    summary = import_recommendations(path)
    assert summary.errors == []
    assert summary.created == 3
    rows = _facet_rows()
    assert {code for _rec, code, _value in rows} >= {
        FACET_CODES["recommending_state"],
        FACET_CODES["sdg_target"],
        FACET_CODES["sdg_goal"],
    }
    assert rows == _source_rows() == _key_rows()


def test_level_one_theme_rows_are_the_recommendations_own_themes():
    """The table mirrors the M2M rows as they are; a level-1 theme filter still includes
    sub-themes because the filter resolves them (tested in test_filters)."""
    parent = ThemeFactory()
    child = Theme.objects.create(code=f"{parent.code}1", name="Child", parent=parent)
    rec = RecommendationFactory()
    rec.themes.add(child)
    assert _facet_rows() == _key_rows() == {(rec.pk, FACET_CODES["theme"], child.pk)}


def test_saving_a_recommendation_loaded_before_an_m2m_write_keeps_its_keys():
    """``facet_keys`` is not a field of the model: a save never writes an old value back."""
    rec = RecommendationFactory(text="Ensure access to education")
    stale = Recommendation.objects.get(pk=rec.pk)
    theme = ThemeFactory()
    rec.themes.add(theme)
    stale.text = "Prevent torture in places of detention"
    stale.save()
    assert _key_rows() == {(rec.pk, FACET_CODES["theme"], theme.pk)}
    # The search vector still follows the text (its trigger fires when the text is written).
    assert Recommendation.objects.filter(pk=rec.pk, search_vector="torture").exists()
    assert not Recommendation.objects.filter(pk=rec.pk, search_vector="education").exists()


def test_a_bulk_write_rewrites_the_keys_once_at_its_end_and_the_triggers_resume():
    """Migration 0033: inside ``facet_keys_written_once`` the triggers leave ``facet_keys``
    alone; it is rewritten at the end, and later writes are followed by the triggers again."""
    rec = RecommendationFactory()
    first, second = ThemeFactory(), ThemeFactory()
    theme = FACET_CODES["theme"]
    with transaction.atomic(), facet_keys_written_once([rec.pk]):
        rec.themes.add(first)
        assert _key_rows() == set()  # left for the end of the bulk write
    assert _key_rows() == _facet_rows() == {(rec.pk, theme, first.pk)}
    rec.themes.add(second)
    assert _key_rows() == _facet_rows() == {(rec.pk, theme, first.pk), (rec.pk, theme, second.pk)}
