from django.db import migrations

from core.search import search_trigger_operations


class Migration(migrations.Migration):
    """PostgreSQL search for pavilions (the function comes from exhibitions)."""

    dependencies = [("exhibitions", "0002_search"), ("pavilions", "0001_initial")]

    operations = [*search_trigger_operations("pavilions_pavilion")]
