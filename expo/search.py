"""Text search with one interface on both databases.

PostgreSQL: each searchable table has a ``search_vector`` column kept up to date by a trigger
(name weighted A, summary B, description C; see :func:`search_trigger_operations`), a GIN index on
it, and a trigram GIN index on ``name`` so that a misspelt name ("Gomselmsh") still matches through
word similarity. Results are ordered by rank.

SQLite (the embedded default): every word of the query must appear, case-insensitively, in one of
the searched fields; name matches come first.
"""

import re

from django.db import connection, migrations
from django.db.models import Case, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Greatest

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
TRIGRAM_THRESHOLD = 0.4


def clean_query(value):
    """Collapse whitespace, drop NUL and control characters, cap the length."""
    value = "".join(ch for ch in str(value) if ch.isprintable() or ch == " ")
    return " ".join(value.split())[:MAX_QUERY_LENGTH]


def terms(query):
    return [t for t in re.split(r"\W+", query) if t][:MAX_TERMS]


def is_postgresql():
    return connection.vendor == "postgresql"


class SearchableQuerySet:
    """QuerySet mixin over ``search_fields`` (name first): ``search()`` finds and orders,
    ``matching()`` only finds, ``ranked()`` only orders."""

    search_fields = ()

    def search(self, query):
        return search(self, query, self.search_fields)

    def matching(self, query):
        return match(self, query, self.search_fields)

    def ranked(self, query):
        return rank(self, query, self.search_fields)


def search(queryset, query, fields):
    """Filter ``queryset`` to rows matching ``query`` and order them by relevance.

    ``fields`` are the searched text fields, most important first; the first is the name.
    """
    return rank(match(queryset, query, fields), query, fields)


def match(queryset, query, fields):
    """Filter ``queryset`` to rows matching ``query``, in no particular order."""
    words = terms(clean_query(query))
    if not words:
        return queryset.none()
    if is_postgresql():
        return queryset.filter(pk__in=_matches_postgresql(queryset, " ".join(words), fields[0]))
    return queryset.filter(_matches_fallback(words, fields))


def rank(queryset, query, fields):
    """Order ``queryset`` by relevance to ``query`` without filtering it (best first, then name).

    For rows already known to match: ranking a few hundred rows is cheap, finding them is not.
    """
    words = terms(clean_query(query))
    name_field = fields[0]
    if not words:
        return queryset.order_by(name_field, "pk")
    if is_postgresql():
        from django.contrib.postgres.search import SearchRank, TrigramWordSimilarity

        query = " ".join(words)
        relevance = Greatest(
            SearchRank(F("search_vector"), _ts_query(query)),
            TrigramWordSimilarity(query, name_field),
            output_field=FloatField(),
        )
    else:
        relevance = Case(
            When(**{f"{name_field}__icontains": words[0]}, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    return queryset.annotate(search_rank=relevance).order_by("-search_rank", name_field, "pk")


def _ts_query(query):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, search_type="websearch", config="english")


def _matches_postgresql(queryset, query, name_field):
    """Primary keys of the rows matching ``query``, as a subquery.

    Each half is answered by its own GIN index; their union feeds an ``IN`` so the planner never
    falls back to testing both conditions on every row of the table.
    """
    base = queryset.model._default_manager.order_by()
    return (
        base.filter(search_vector=_ts_query(query))
        .values("pk")
        .union(base.filter(**{f"{name_field}__trigram_word_similar": query}).values("pk"))
    )


def _matches_fallback(words, fields):
    """Every word in one of the fields, case-insensitively."""
    condition = Q()
    for word in words:
        condition &= Q(*[Q(**{f"{field}__icontains": word}) for field in fields], _connector=Q.OR)
    return condition


# --- PostgreSQL schema: function, triggers and indexes, created by migrations -----------------

SEARCH_FUNCTION_SQL = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE OR REPLACE FUNCTION expo_search_vector_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(to_jsonb(NEW) ->> TG_ARGV[0], '')), 'A') ||
    setweight(to_tsvector('english', coalesce(to_jsonb(NEW) ->> TG_ARGV[1], '')), 'B') ||
    setweight(to_tsvector('english', coalesce(to_jsonb(NEW) ->> TG_ARGV[2], '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def _run_on_postgresql(sql):
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return forwards


def search_function_operations():
    return [
        migrations.RunPython(
            _run_on_postgresql(SEARCH_FUNCTION_SQL),
            _run_on_postgresql("DROP FUNCTION IF EXISTS expo_search_vector_update() CASCADE;"),
        )
    ]


def search_trigger_operations(table, name="name", summary="summary", description="description"):
    """Migration operations: trigger, GIN and trigram indexes for ``table`` (PostgreSQL only)."""
    forwards = f"""
CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE ON {table}
  FOR EACH ROW EXECUTE FUNCTION expo_search_vector_update('{name}', '{summary}', '{description}');
CREATE INDEX IF NOT EXISTS {table}_search_vector_gin ON {table} USING gin (search_vector);
CREATE INDEX IF NOT EXISTS {table}_{name}_trgm ON {table} USING gin ({name} gin_trgm_ops);
UPDATE {table} SET {name} = {name};
"""
    backwards = f"""
DROP TRIGGER IF EXISTS {table}_search_vector ON {table};
DROP INDEX IF EXISTS {table}_search_vector_gin;
DROP INDEX IF EXISTS {table}_{name}_trgm;
"""
    return [migrations.RunPython(_run_on_postgresql(forwards), _run_on_postgresql(backwards))]
