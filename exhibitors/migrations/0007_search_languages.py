from django.db import migrations

from core.search import multilingual_search_index_operations


class Migration(migrations.Migration):
    """PostgreSQL search in every language for exhibitors and showcases: name trigrams on the
    English and Russian columns, search vectors made again (the function comes from exhibitions)."""

    dependencies = [
        ("exhibitions", "0006_search_languages"),
        ("exhibitors", "0006_translations"),
    ]

    operations = [
        *multilingual_search_index_operations("exhibitors_exhibitor"),
        *multilingual_search_index_operations("exhibitors_showcase"),
    ]
