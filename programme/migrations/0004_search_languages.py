from django.db import migrations

from core.search import multilingual_search_index_operations


class Migration(migrations.Migration):
    """PostgreSQL search in every language for sessions: title trigrams on the English and Russian
    columns, search vectors made again (the function comes from exhibitions)."""

    dependencies = [
        ("exhibitions", "0006_search_languages"),
        ("programme", "0003_translations"),
    ]

    operations = [*multilingual_search_index_operations("programme_session", "title")]
