from django.db import migrations

from core.search import search_function_operations, search_trigger_operations


class Migration(migrations.Migration):
    """PostgreSQL full-text and trigram search: the trigger function every searchable table uses,
    and the people's trigger and indexes (nothing on SQLite)."""

    dependencies = [("exhibitions", "0001_initial")]

    operations = [
        *search_function_operations(),
        *search_trigger_operations("exhibitions_person", "name", "role", "bio"),
    ]
