"""Covering indexes for filtering and facet counts (PostgreSQL only; nothing on SQLite).

* Each M2M table of Recommendation (themes, groups, SDG goals and targets, clusters,
  recommending States) and the assignments get (target, recommendation): a filter such as
  ``?theme=F13`` reads the recommendation ids from the index alone, without visiting the
  table. The reverse order (recommendation, target) already exists as the unique
  constraint Django creates, and serves the facet counts over a set of ids.
* The recommendations get a narrow index on the primary key that carries the columns facets
  group by and the public flag: counting body, mechanism, response, status, year, cycle
  and session over 20,000 search matches becomes an index-only scan instead of 20,000 visits
  to the wide rows (text, search vector) of a 365 MB table.

Measured on 250,000 synthetic recommendations: see tests/benchmarks/bench_portal.py.
"""

from django.db import migrations

from ._postgresql import postgresql_only

THROUGH = [
    ("recommendations_recommendation_themes", "theme_id"),
    ("recommendations_recommendation_groups", "affectedgroup_id"),
    ("recommendations_recommendation_sdg_goals", "sdggoal_id"),
    ("recommendations_recommendation_sdg_targets", "sdgtarget_id"),
    ("recommendations_recommendation_clusters", "cluster_id"),
    ("recommendations_recommendation_recommending_states", "state_id"),
    ("recommendations_assignment", "institution_id"),
]


def _name(table: str) -> str:
    return (
        table.replace("recommendations_recommendation_", "rec_").replace("recommendations_", "rec_")
        + "_target_rec"
    )


FORWARD = [
    f"CREATE INDEX IF NOT EXISTS {_name(table)} ON {table} ({column}, recommendation_id)"
    for table, column in THROUGH
] + [
    "CREATE INDEX IF NOT EXISTS rec_facet_cover ON recommendations_recommendation (id) "
    "INCLUDE (is_published, body_id, mechanism, response, status, date, review_id)",
]

BACKWARD = [f"DROP INDEX IF EXISTS {_name(table)}" for table, _column in THROUGH] + [
    "DROP INDEX IF EXISTS rec_facet_cover",
]


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0005_search_lexicon"),
    ]

    operations = [postgresql_only(FORWARD, BACKWARD)]
