"""Text search with one interface on both databases.

PostgreSQL: each searchable table has a ``search_vector`` column kept up to date by a trigger
(name weighted A, summary B, description C, each up to its first ``SEARCH_TEXT_LIMIT`` characters;
see :func:`search_trigger_operations`), a GIN index on it, and a trigram GIN index on ``name`` so
that a misspelt name ("Gomselmsh") still matches through word similarity. Results are ordered by
rank.

SQLite (the embedded default): every word of the query must appear, case-insensitively, in one of
the searched fields; name matches come first. SQLite's own LIKE and lower() fold only ASCII letters,
so the fields and the words are compared through ``unicode_casefold``, Python's ``str.casefold``
registered on each SQLite connection (:func:`register_sqlite_functions`): "гомсельмаш" finds
"Гомсельмаш" there as on PostgreSQL. It finds words as written: no stemming, no typo tolerance, and
Chinese only where the record's own text has the characters.
"""

import re

from django.db import connection, migrations
from django.db.models import Case, F, FloatField, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Greatest
from django.db.models.lookups import Contains

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


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def register_sqlite_functions(sender, connection, **kwargs):
    """``connection_created``: give each SQLite connection ``unicode_casefold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("unicode_casefold", 1, _casefold, deterministic=True)


class CaseFold(Func):
    function = "unicode_casefold"
    output_field = TextField()


def _contains_folded(field, word):
    """``field`` contains ``word``, any letter's case ignored (SQLite)."""
    return Contains(CaseFold(F(field)), word.casefold())


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
            When(_contains_folded(name_field, words[0]), then=Value(1)),
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
        condition &= Q(*[_contains_folded(field, word) for field in fields], _connector=Q.OR)
    return condition


# --- PostgreSQL schema: function, triggers and indexes, created by migrations -----------------

# The trigger indexes the first this many characters of each field. PostgreSQL refuses a tsvector
# over 1 MB ("string is too long for tsvector"); 100,000 characters make at most about 600 kB,
# whatever the words. Validation keeps texts far shorter (core.models.LONG_TEXT_MAX_LENGTH); this
# bound keeps a write that goes around it (bulk_create, update(), raw SQL) from failing.
SEARCH_TEXT_LIMIT = 100_000


def search_function_sql(text_limit=None):
    """SQL creating (or replacing) the trigger function: the three fields the trigger names, weighted
    A, B and C, each cut to its first ``text_limit`` characters (None: whole, as first created)."""

    def field(n):
        value = f"coalesce(to_jsonb(NEW) ->> TG_ARGV[{n}], '')"
        return f"left({value}, {text_limit})" if text_limit else value

    return f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE OR REPLACE FUNCTION expo_search_vector_update() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('english', {field(0)}), 'A') ||
    setweight(to_tsvector('english', {field(1)}), 'B') ||
    setweight(to_tsvector('english', {field(2)}), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def _run_on_postgresql(sql):
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return forwards


def search_function_operations(text_limit=SEARCH_TEXT_LIMIT):
    """Migration operations: the trigger function, indexing the first ``text_limit`` characters of
    each field."""
    return [
        migrations.RunPython(
            _run_on_postgresql(search_function_sql(text_limit)),
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


# --- "Did you mean": the closest names, for a search that found nothing ---------------------------

SUGGESTION_LIMIT = 5
# PostgreSQL: word similarity of the query to a name, from 0 to 1. The search itself matches names
# from pg_trgm's word_similarity_threshold (0.6); suggestions reach further down.
SUGGESTION_THRESHOLD = 0.3
# SQLite: difflib's ratio (0 to 1) of the query to the name or to one of its words, over at most
# this many names (enough for the embedded database; PostgreSQL uses its trigram index).
SUGGESTION_RATIO = 0.6
SUGGESTION_SCAN_LIMIT = 5000


def closest(queryset, query, name_field="name", limit=SUGGESTION_LIMIT):
    """Rows of ``queryset`` whose names are closest to ``query``, closest first: spelling hints for
    a search that found nothing. PostgreSQL ranks by trigram word similarity; SQLite by difflib's
    similarity of the query to the whole name or to one word of it."""
    query = clean_query(query)
    if not query:
        return []
    if is_postgresql():
        from django.contrib.postgres.search import TrigramWordSimilarity

        return list(
            queryset.annotate(similarity=TrigramWordSimilarity(query, name_field))
            .filter(similarity__gte=SUGGESTION_THRESHOLD)
            .order_by("-similarity", name_field, "pk")[:limit]
        )
    import difflib

    wanted = query.casefold()

    def ratio(name):
        candidates = [name.casefold(), *terms(name.casefold())]
        return max(difflib.SequenceMatcher(None, wanted, c).ratio() for c in candidates)

    rows = queryset.order_by(name_field, "pk")[:SUGGESTION_SCAN_LIMIT]
    scored = [(ratio(getattr(row, name_field)), row) for row in rows]
    scored = [item for item in scored if item[0] >= SUGGESTION_RATIO]
    scored.sort(key=lambda item: -item[0])
    return [row for _, row in scored[:limit]]
