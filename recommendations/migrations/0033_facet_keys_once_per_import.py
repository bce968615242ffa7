"""``facet_keys`` (migration 0032) rewritten once per recommendation by a bulk write.

Each statement on the facet values table rewrote the ``facet_keys`` of the recommendations
it touched. A first import writes six M2M tables, so each new recommendation was rewritten
six times, and every rewrite also wrote each index of the table: the UPR Info sample (5,626
recommendations) took 7.4 s instead of 5.5 s (tests/benchmarks/bench_import.py).

A writer that inserts many M2M rows at once now sets ``nrtd.facet_keys_later`` for its
transaction, and the triggers leave the column alone; the writer then rewrites it once for
its recommendations with ``recommendations_recommendation_keys_refresh(ids)``
(``facet_sql.facet_keys_written_once``). Every other write keeps the triggers' behaviour.
"""

from django.db import migrations

from ._postgresql import postgresql_only

TABLE = "recommendations_recommendation"
VALUES = "recommendations_facetvalue"
SHIFT = 48
REFRESH = f"{TABLE}_keys_refresh"
LATER = "coalesce(current_setting('nrtd.facet_keys_later', true), '') = 'on'"

KEYS_OF = (
    f"SELECT coalesce(array_agg((f.facet::bigint << {SHIFT}) + f.value_id "
    "ORDER BY f.facet, f.value_id), '{}') "
    f"FROM {VALUES} f WHERE f.recommendation_id = r.id"
)


def _trigger(body: str) -> str:
    return f"BEGIN IF {LATER} THEN RETURN NULL; END IF; {body} RETURN NULL; END"


def _functions(later: bool) -> list[str]:
    def refresh(changed: str) -> str:
        return f"PERFORM {REFRESH}(ARRAY(SELECT DISTINCT recommendation_id FROM {changed}));"

    bodies = {
        "new": refresh("new_rows"),
        "old": refresh("old_rows"),
        "both": refresh("old_rows") + " " + refresh("new_rows"),
    }
    return [
        f"CREATE OR REPLACE FUNCTION {TABLE}_keys_{kind}() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ {_trigger(body) if later else 'BEGIN ' + body + ' RETURN NULL; END'} $$"
        for kind, body in bodies.items()
    ]


FORWARD = [
    f"CREATE FUNCTION {REFRESH}(ids bigint[]) RETURNS void LANGUAGE sql AS $$ "
    f"UPDATE {TABLE} r SET facet_keys = ({KEYS_OF}) WHERE r.id = ANY(ids) $$",
    *_functions(later=True),
]

BACKWARD = [*_functions(later=False), f"DROP FUNCTION IF EXISTS {REFRESH}(bigint[])"]


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0032_facet_keys")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
