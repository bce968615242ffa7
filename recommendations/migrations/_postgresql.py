"""For migrations that create what only PostgreSQL has (triggers, GIN and covering indexes,
tables kept by triggers): a RunPython operation that runs SQL statements there and nothing
on SQLite. Not a migration itself (Django skips modules whose name starts with "_")."""

from django.db import migrations


def postgresql_only(forward: list[str], backward: list[str]) -> migrations.RunPython:
    def run(statements):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(forward), run(backward))
