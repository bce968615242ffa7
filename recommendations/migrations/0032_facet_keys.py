"""Every M2M facet value of a recommendation on its own row (PostgreSQL only).

``recommendations_recommendation.facet_keys`` (bigint[]) holds the rows of the facet values
table of that recommendation (migration 0010), each as one number: the facet's code times
2^48 plus the value's id (``facet_sql.FACET_KEY_SHIFT``). The public search's facet statement
reads it with the text search's matches, so an SDG goal or theme chosen as a filter is an
array test on rows already read, and the M2M facets are counted by unnesting it, with no
join back to the facet values. Over 250,000 recommendations, a search matching 37,469 of them
with an SDG goal chosen probed an index 52,653 times for the filter and 22,747 times for the
counts: about 140 ms of its 370 ms (tests/benchmarks/bench_portal.py).

Statement-level triggers on the facet values table rewrite the column of the recommendations
a statement touched, so it follows every write the facet values follow (imports, the ORM's
M2M writes, assignments). The column is not a field of the model: Django never reads it,
and a ``save()`` of a recommendation loaded before an M2M write cannot write an old value
back. The search trigger now fires only when the columns it indexes are written, so these
updates do not parse the text again.
"""

from django.db import migrations

from ._postgresql import postgresql_only

TABLE = "recommendations_recommendation"
VALUES = "recommendations_facetvalue"
SHIFT = 48  # facet_sql.FACET_KEY_SHIFT: a value id below 2^48, a facet code below 2^15

KEYS_OF = (
    f"SELECT coalesce(array_agg((f.facet::bigint << {SHIFT}) + f.value_id "
    "ORDER BY f.facet, f.value_id), '{}') "
    f"FROM {VALUES} f WHERE f.recommendation_id = r.id"
)


def _refresh(changed: str) -> str:
    return (
        f"UPDATE {TABLE} r SET facet_keys = ({KEYS_OF}) "  # noqa: S608 (fixed names)
        f"WHERE r.id IN (SELECT recommendation_id FROM {changed})"
    )


FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS facet_keys bigint[] NOT NULL DEFAULT '{{}}'",
    # The search vector depends on these three columns only (migration 0002).
    f"DROP TRIGGER IF EXISTS recommendations_search_vector_trigger ON {TABLE}",
    "CREATE TRIGGER recommendations_search_vector_trigger "
    f"BEFORE INSERT OR UPDATE OF paragraph, text, document_symbol ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION recommendations_search_vector_update()",
    f"CREATE FUNCTION {TABLE}_keys_new() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN {_refresh('new_rows')}; RETURN NULL; END $$",
    f"CREATE FUNCTION {TABLE}_keys_old() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN {_refresh('old_rows')}; RETURN NULL; END $$",
    f"CREATE FUNCTION {TABLE}_keys_both() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN {_refresh('old_rows')}; {_refresh('new_rows')}; RETURN NULL; END $$",
    f"CREATE TRIGGER {TABLE}_keys_ins AFTER INSERT ON {VALUES} "
    f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_keys_new()",
    f"CREATE TRIGGER {TABLE}_keys_del AFTER DELETE ON {VALUES} "
    f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_keys_old()",
    f"CREATE TRIGGER {TABLE}_keys_upd AFTER UPDATE ON {VALUES} "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_keys_both()",
    f"UPDATE {TABLE} r SET facet_keys = k.keys FROM ("  # noqa: S608 (fixed names)
    f"SELECT recommendation_id, array_agg((facet::bigint << {SHIFT}) + value_id "
    f"ORDER BY facet, value_id) AS keys FROM {VALUES} GROUP BY recommendation_id) k "
    "WHERE k.recommendation_id = r.id",
    f"ANALYZE {TABLE}",
]

BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_keys_{event} ON {VALUES}" for event in ("ins", "del", "upd")
] + [
    f"DROP FUNCTION IF EXISTS {TABLE}_keys_{kind}()" for kind in ("new", "old", "both")
] + [
    f"DROP TRIGGER IF EXISTS recommendations_search_vector_trigger ON {TABLE}",
    "CREATE TRIGGER recommendations_search_vector_trigger "
    f"BEFORE INSERT OR UPDATE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION recommendations_search_vector_update()",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS facet_keys",
]


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0031_disaggregation_dimensions")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
