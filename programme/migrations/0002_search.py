from django.db import migrations

from core.search import search_trigger_operations


class Migration(migrations.Migration):
    """PostgreSQL full-text and trigram search on sessions (nothing on SQLite)."""

    dependencies = [("programme", "0001_initial"), ("exhibitions", "0002_search")]

    operations = [
        *search_trigger_operations("programme_session", "title", "summary", "description"),
    ]
