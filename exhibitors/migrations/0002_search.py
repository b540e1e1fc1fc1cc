from django.db import migrations

from core.search import search_trigger_operations


class Migration(migrations.Migration):
    """PostgreSQL search for exhibitors and showcases (the function comes from exhibitions)."""

    dependencies = [("exhibitions", "0002_search"), ("exhibitors", "0001_initial")]

    operations = [
        *search_trigger_operations("exhibitors_exhibitor"),
        *search_trigger_operations("exhibitors_showcase"),
    ]
