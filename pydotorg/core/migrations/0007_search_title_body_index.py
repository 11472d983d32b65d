"""A GIN index on `title || body` of Wagtail's search index (PostgreSQL only). The database
backend matches `(title || body) @@ query`, which neither of its two GIN indexes (title, body)
serves: without this one PostgreSQL guesses one match where there are a thousand and rescans
every visible row per match (bench/search.py: "psf board" on 10,000 items, 8.6 s → 0.1 s).
SQLite's full-text table needs nothing."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS wagtailsearch_indexentry_title_body_gin "
    "ON wagtailsearch_indexentry USING GIN ((title || body))"
)
DROP = "DROP INDEX IF EXISTS wagtailsearch_indexentry_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_banner_link_site_path"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
