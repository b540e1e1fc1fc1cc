from django.db import migrations

from core.search import multilingual_search_index_operations


class Migration(migrations.Migration):
    """PostgreSQL search in every language for pavilions: name trigrams on the English and Russian
    columns, search vectors made again (the function comes from exhibitions)."""

    dependencies = [
        ("exhibitions", "0006_search_languages"),
        ("pavilions", "0005_translations"),
    ]

    operations = [*multilingual_search_index_operations("pavilions_pavilion")]
