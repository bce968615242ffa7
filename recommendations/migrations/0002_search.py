"""Full-text search upkeep on PostgreSQL: a trigger fills Recommendation.search_vector, and a
trigram index on the text serves typo-tolerant search. Nothing happens on SQLite, where
search falls back to icontains (see recommendations/search.py)."""

from django.db import migrations

# 'english': recommendation texts are overwhelmingly English UN wording, and stemming makes
# "ensure" find "ensuring", "women" find "woman". Paragraph numbers and document symbols
# are indexed with 'simple' so "140.12" or "CEDAW/C/IRQ/CO/8" are kept whole.
FORWARD = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION recommendations_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.simple', coalesce(NEW.paragraph, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.text, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.simple', coalesce(NEW.document_symbol, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS recommendations_search_vector_trigger ON recommendations_recommendation;
CREATE TRIGGER recommendations_search_vector_trigger
    BEFORE INSERT OR UPDATE ON recommendations_recommendation
    FOR EACH ROW EXECUTE FUNCTION recommendations_search_vector_update();

-- Fill rows written before the trigger existed (the trigger fires on this UPDATE).
UPDATE recommendations_recommendation SET text = text;

CREATE INDEX IF NOT EXISTS rec_text_trgm
    ON recommendations_recommendation USING gin (text gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS rec_text_trgm;
DROP TRIGGER IF EXISTS recommendations_search_vector_trigger ON recommendations_recommendation;
DROP FUNCTION IF EXISTS recommendations_search_vector_update();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
