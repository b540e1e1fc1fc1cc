from django.db import migrations

from core.search import (
    multilingual_search_function_operations,
    multilingual_search_index_operations,
)


class Migration(migrations.Migration):
    """PostgreSQL search in every language: the trigger function reads each language's column
    (English and Russian words, Chinese as character n-grams), and the people's name trigrams
    move to the English and Russian columns (nothing on SQLite)."""

    dependencies = [("exhibitions", "0005_translations")]

    operations = [
        *multilingual_search_function_operations(),
        *multilingual_search_index_operations("exhibitions_person"),
    ]
