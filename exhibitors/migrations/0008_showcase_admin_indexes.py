"""Indexes for the showcases' admin at millions of rows, each for a query that otherwise reads the
whole table:

- ``name_en``: the list (and the autocomplete) in the order it shows, by English name (the column
  modeltranslation reads ``name`` from) then id, from either end (the last pages are read from the
  end, ``core.paginators``). Without ``id``: an index holding both would answer "the ids of the
  names like ..." by reading all of it, and the planner would take it over the trigram index;
- ``image``: the "with image" filter (``image > ''``) and the "without image" one;
- ``premiere``: the "premiere" filter;
- the translation filter's condition for each language (``core.admin.lacks_translation_index``,
  PostgreSQL only): lacking it, lacking either, complete; on the exhibitors too (tens of
  thousands of wide rows).

Created with SQL, outside the model's state, so that the model's own indexes stay those of the
public pages.
"""

from django.db import migrations

from core.admin import lacks_translation_index_operations


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0007_search_languages")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS exhibitors_showcase_name_en "
            "ON exhibitors_showcase (name_en);",
            "DROP INDEX IF EXISTS exhibitors_showcase_name_en;",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS exhibitors_showcase_image ON exhibitors_showcase (image);",
            "DROP INDEX IF EXISTS exhibitors_showcase_image;",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS exhibitors_showcase_premiere "
            "ON exhibitors_showcase (premiere);",
            "DROP INDEX IF EXISTS exhibitors_showcase_premiere;",
        ),
        *lacks_translation_index_operations("exhibitors", "Showcase"),
        *lacks_translation_index_operations("exhibitors", "Exhibitor"),
    ]
