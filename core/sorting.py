"""Lists in the alphabetical order of the page's language.

``by_name("name")`` is what a list orders by to sort on a translated field as the page shows it:
the active language's column, or the English one where that is empty (the text a visitor reads,
``record.name``), compared under the language's own rules. Use it wherever a list sorts by a
name, title or related name (``by_name("organisation__name")``), and inside an aggregate
(``Min(by_name("countries__name"))``); ``by_name(...).desc()`` sorts backwards.

modeltranslation would turn ``order_by("name")`` into ``order_by("name_ru")`` on a Russian page,
which puts every record without a Russian name first (NULL or "") instead of among the others
under its English name; this expression does not.

PostgreSQL compares under the ICU collations it ships (:data:`COLLATIONS`): English letters
regardless of case and accents ("apple" < "Banana" < "Çukurova" < "Delta"), Chinese by pinyin
(阿里巴巴 a, 北京 bei, 成都 cheng, 重庆 chong, 长城 zhang, 中国 zhong), Russian with Cyrillic
before Latin and Ё beside Е. SQLite has no ICU: it compares the same texts by
code point, so capitals come before small letters there, Chinese comes in Unicode order, not pinyin,
and Cyrillic after Latin.
"""

from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from modeltranslation.utils import get_language

from core.translations import DEFAULT_LANGUAGE, column

# PostgreSQL's ICU collation for each language (``SELECT collname FROM pg_collation WHERE
# collprovider = 'i'``; PostgreSQL built with ICU, as Debian's and the official images are).
COLLATIONS = {"en": "en-x-icu", "zh-hans": "zh-Hans-x-icu", "ru": "ru-x-icu"}


def by_name(field="name", language=None):
    """An expression for ordering by translated ``field`` (a path like ``exhibitor__name`` too) in
    ``language`` (default: the active one), falling back to English where it has no text."""
    language = language or get_language()
    text = F(column(field, DEFAULT_LANGUAGE))
    if language != DEFAULT_LANGUAGE:
        # The columns' field classes differ (modeltranslation makes one per field): name the type.
        text = Coalesce(
            NullIf(F(column(field, language)), Value("")), text, output_field=TextField()
        )
    if connection.vendor == "postgresql":
        text = Collate(text, COLLATIONS[language])
    return text


def name_order_index_operations(table, name="name", condition="published"):
    """Migration operations: for each language, a B-tree index on ``table`` in the order
    ``by_name(name)`` sorts (its expression exactly, then ``id``), over the rows where
    ``condition`` holds, so that a list's first page, or its hundredth, reads a few rows of the
    index instead of sorting the table. PostgreSQL only: SQLite has no ICU collations."""
    from django.db import migrations

    from core.models import run_on_postgresql

    english = column(name, DEFAULT_LANGUAGE)
    forwards, backwards = [], []
    for language, collation in COLLATIONS.items():
        text = english
        if language != DEFAULT_LANGUAGE:
            text = f"COALESCE(NULLIF({column(name, language)}, ''), {english})"
        index = f"{table}_{name}_order_{language.replace('-', '_')}"
        forwards.append(
            f'CREATE INDEX IF NOT EXISTS {index} ON {table} (({text} COLLATE "{collation}"), id) '
            f"WHERE {condition};"
        )
        backwards.append(f"DROP INDEX IF EXISTS {index};")
    return [
        migrations.RunPython(
            run_on_postgresql("\n".join(forwards)), run_on_postgresql("\n".join(backwards))
        )
    ]
