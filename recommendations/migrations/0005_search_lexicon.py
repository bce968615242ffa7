"""Typo tolerance through a lexicon instead of a trigram index on the texts (PostgreSQL only).

The search trigger now also keeps a lexicon of the words the texts use; a trigram index on
that lexicon corrects typos ("tortre" → "torture") before the full-text query runs (see
recommendations/search.py). Measured on 250,000 recommendations, word similarity over the
texts' own trigram index took about 2 s per typo query (short typos share trigrams with most
texts); the lexicon lookup takes about a millisecond. The texts' trigram index goes: it only
slowed down writes.
"""

from django.db import migrations

FORWARD = """
CREATE TABLE IF NOT EXISTS recommendations_search_word (word text PRIMARY KEY);
CREATE INDEX IF NOT EXISTS rec_search_word_trgm
    ON recommendations_search_word USING gin (word gin_trgm_ops);

CREATE OR REPLACE FUNCTION recommendations_search_vector_update() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.text IS DISTINCT FROM OLD.text THEN
        INSERT INTO recommendations_search_word (word)
            SELECT DISTINCT w FROM regexp_split_to_table(lower(NEW.text), '[^[:alnum:]]+') AS w
            WHERE length(w) >= 4
        ON CONFLICT DO NOTHING;
    END IF;
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.simple', coalesce(NEW.paragraph, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.text, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.simple', coalesce(NEW.document_symbol, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

INSERT INTO recommendations_search_word (word)
    SELECT DISTINCT w
    FROM recommendations_recommendation,
         regexp_split_to_table(lower(text), '[^[:alnum:]]+') AS w
    WHERE length(w) >= 4
ON CONFLICT DO NOTHING;

DROP INDEX IF EXISTS rec_text_trgm;
"""

BACKWARD = """
CREATE INDEX IF NOT EXISTS rec_text_trgm
    ON recommendations_recommendation USING gin (text gin_trgm_ops);
CREATE OR REPLACE FUNCTION recommendations_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('pg_catalog.simple', coalesce(NEW.paragraph, '')), 'A') ||
        setweight(to_tsvector('pg_catalog.english', coalesce(NEW.text, '')), 'B') ||
        setweight(to_tsvector('pg_catalog.simple', coalesce(NEW.document_symbol, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
DROP TABLE IF EXISTS recommendations_search_word;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0004_assistant"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
