"""One table of every M2M facet value of every recommendation (PostgreSQL only).

``recommendations_facetvalue (recommendation_id, facet, value_id)``, its primary key in that
order, holds the rows of the six M2M tables of Recommendation (themes, groups, SDG goals and
targets, recommending States, clusters) and the institutions of the assignments, with a
small number saying which (``FACET_CODES``). Counting the M2M facets of a set of search
matches then reads one index range per match instead of one per match and per table: on
250,000 recommendations, a search matching 3,000 of them spent about a fifth of its time
probing six indexes 3,000 times each (tests/benchmarks/bench_portal.py).

Statement-level triggers keep the table in step with the seven source tables (inserts,
deletes, updates, truncation) and with deletions of recommendations, so bulk imports write
it in one statement per source statement and nothing in Python has to remember it. SQLite
has no such table: there the facets are counted from the M2M tables directly.
"""

from django.db import migrations

from ._postgresql import postgresql_only

TABLE = "recommendations_facetvalue"

# facet code: (source table, value column); the codes are read by recommendations/filters.py.
SOURCES = {
    1: ("recommendations_recommendation_themes", "theme_id"),
    2: ("recommendations_recommendation_groups", "affectedgroup_id"),
    3: ("recommendations_recommendation_sdg_goals", "sdggoal_id"),
    4: ("recommendations_recommendation_sdg_targets", "sdgtarget_id"),
    5: ("recommendations_recommendation_recommending_states", "state_id"),
    6: ("recommendations_recommendation_clusters", "cluster_id"),
    7: ("recommendations_assignment", "institution_id"),
}


def _statements(code: int, source: str, column: str) -> list[str]:
    fn = f"{TABLE}_{code}"
    insert = (
        f"INSERT INTO {TABLE} (recommendation_id, facet, value_id) "
        f"SELECT recommendation_id, {code}, {column} FROM new_rows "
        "ON CONFLICT DO NOTHING"
    )
    delete = (
        f"DELETE FROM {TABLE} f USING old_rows o WHERE f.recommendation_id = o.recommendation_id "
        f"AND f.facet = {code} AND f.value_id = o.{column}"
    )
    return [
        f"CREATE FUNCTION {fn}_ins() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {insert}; RETURN NULL; END $$",
        f"CREATE FUNCTION {fn}_del() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {delete}; RETURN NULL; END $$",
        # An update (an assignment moved to another institution) is a delete and an insert;
        # rows that keep their pair are inserted again after being deleted.
        f"CREATE FUNCTION {fn}_upd() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {delete}; {insert}; RETURN NULL; END $$",
        f"CREATE FUNCTION {fn}_trunc() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN DELETE FROM {TABLE} WHERE facet = {code}; RETURN NULL; END $$",
        f"CREATE TRIGGER {fn}_ins AFTER INSERT ON {source} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}_ins()",
        f"CREATE TRIGGER {fn}_del AFTER DELETE ON {source} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}_del()",
        f"CREATE TRIGGER {fn}_upd AFTER UPDATE ON {source} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}_upd()",
        f"CREATE TRIGGER {fn}_trunc AFTER TRUNCATE ON {source} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {fn}_trunc()",
        f"INSERT INTO {TABLE} (recommendation_id, facet, value_id) "
        f"SELECT recommendation_id, {code}, {column} FROM {source} ON CONFLICT DO NOTHING",
    ]


FORWARD = [
    f"CREATE TABLE {TABLE} (recommendation_id bigint NOT NULL, facet smallint NOT NULL, "
    "value_id bigint NOT NULL, PRIMARY KEY (recommendation_id, facet, value_id))",
    # A recommendation deleted other than through Django (which deletes the M2M rows first).
    f"CREATE FUNCTION {TABLE}_rec_del() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"DELETE FROM {TABLE} f USING old_rows o WHERE f.recommendation_id = o.id; "
    "RETURN NULL; END $$",
    f"CREATE TRIGGER {TABLE}_rec_del AFTER DELETE ON recommendations_recommendation "
    f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_rec_del()",
    f"CREATE FUNCTION {TABLE}_rec_trunc() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"DELETE FROM {TABLE}; RETURN NULL; END $$",
    f"CREATE TRIGGER {TABLE}_rec_trunc AFTER TRUNCATE ON recommendations_recommendation "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_rec_trunc()",
]
for _code, (_source, _column) in SOURCES.items():
    FORWARD += _statements(_code, _source, _column)
FORWARD.append(f"ANALYZE {TABLE}")

BACKWARD = [
    f"DROP TRIGGER IF EXISTS {TABLE}_{code}_{event} ON {source}"
    for code, (source, _column) in SOURCES.items()
    for event in ("ins", "del", "upd", "trunc")
] + [
    f"DROP TRIGGER IF EXISTS {TABLE}_rec_del ON recommendations_recommendation",
    f"DROP TRIGGER IF EXISTS {TABLE}_rec_trunc ON recommendations_recommendation",
    f"DROP TABLE IF EXISTS {TABLE}",
]
BACKWARD += [
    f"DROP FUNCTION IF EXISTS {TABLE}_{code}_{event}()"
    for code in SOURCES
    for event in ("ins", "del", "upd", "trunc")
] + [f"DROP FUNCTION IF EXISTS {TABLE}_rec_del()", f"DROP FUNCTION IF EXISTS {TABLE}_rec_trunc()"]


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0009_comment_drop_is_published")]

    operations = [postgresql_only(FORWARD, BACKWARD)]
