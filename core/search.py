"""Text search with one interface on both databases, in English, Chinese and Russian.

Records keep each translated field in a column per language (``name_en``, ``name_zh_hans``,
``name_ru``; see :mod:`core.translations`), and a visitor may type any script on any page, so a
search looks in every language's columns whatever the page's language.

PostgreSQL: each searchable table has a ``search_vector`` column kept up to date by a trigger
(name weighted A, summary B, description C; see :func:`multilingual_search_function_sql`): the
English and Chinese columns' words through the 'english' text-search configuration, the Russian
columns' through 'russian' (stemmed: "комбайн" finds "комбайны"), and every run of CJK characters,
which has no spaces between its words, as its single characters and pairs of characters ("收割机"
gives 收, 割, 机, 收割, 割机). A query becomes the tsquery "its words in English or in Russian, and
all the character pairs of its CJK runs", answered by a GIN index. A trigram GIN index on the
English and on the Russian name lets a misspelt name ("Gomselmsh") still match through word
similarity. Results are ordered by rank, then by name in the page's language (:mod:`core.sorting`).

SQLite (the embedded default): every word of the query must appear, case-insensitively, in one of
the searched fields in one of the languages; name matches come first. SQLite's own LIKE and lower()
fold only ASCII letters, so the fields and the words are compared through ``unicode_casefold``,
Python's ``str.casefold`` registered on each SQLite connection (:func:`register_sqlite_functions`):
"гомсельмаш" finds "Гомсельмаш" there as on PostgreSQL. It finds words as written (a word found
inside a longer one counts: "комбайн" finds "комбайны", "收割机" finds "玉米收割机"): no stemming
("harvester" does not find "harvesting"), no typo tolerance.
"""

import json
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, connections, migrations, transaction
from django.db.models import Case, F, FloatField, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Greatest
from django.db.models.lookups import Contains

from core.models import run_on_postgresql
from core.sorting import by_name
from core.translations import column, columns, translated_fields

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
TRIGRAM_THRESHOLD = 0.4


def clean_query(value):
    """Collapse whitespace, drop NUL and control characters, cap the length."""
    value = "".join(ch for ch in str(value) if ch.isprintable() or ch == " ")
    return " ".join(value.split())[:MAX_QUERY_LENGTH]


def terms(query):
    return [t for t in re.split(r"\W+", query) if t][:MAX_TERMS]


# A character of the scripts written without spaces between words: kana and CJK ideographs. The
# same class reads the same in Python's re and in PostgreSQL's regular expressions.
CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]"


def cjk_grams(text):
    """The character pairs of each run of CJK characters in ``text`` (a lone character for a run of
    one), without repeats: what a CJK query looks for in the index (its n-grams)."""
    grams = []
    for run in re.findall(f"{CJK}+", text):
        grams += [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
    return list(dict.fromkeys(grams))


def field_columns(model, field):
    """The columns searched for ``field``: one per language when it is translated."""
    return columns(field) if field in translated_fields(model) else [field]


def name_columns(model, field):
    """The columns a misspelt name is looked for in (trigrams): the English and the Russian
    name, the scripts whose words trigrams compare. The field itself when it is not translated."""
    if field in translated_fields(model):
        return [column(field, "en"), column(field, "ru")]
    return [field]


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


def _contains_folded_any(fields, word):
    """One of ``fields`` contains ``word``, any letter's case ignored (SQLite)."""
    return Q(*[_contains_folded(field, word) for field in fields], _connector=Q.OR)


class SearchableQuerySet:
    """QuerySet mixin over ``search_fields`` (name first): ``search()`` finds and orders,
    ``matching()`` only finds, ``ranked()`` only orders; ``limit`` bounds what is read (see
    :func:`match`)."""

    search_fields = ()

    def search(self, query, limit=None):
        return search(self, query, self.search_fields, limit)

    def matching(self, query, limit=None):
        return match(self, query, self.search_fields, limit)

    def ranked(self, query):
        return rank(self, query, self.search_fields)


# A page's search reads at most this many matching rows of each kind of match (its words, each
# name's trigrams); past that, its counts are estimates (``Candidates.estimate``). A common word
# matches a quarter of 3,000,000 showcases, and finding, counting and ranking all of them takes
# seconds; reading a thousand of them takes milliseconds.
SEARCH_CANDIDATES = 1_000


def search(queryset, query, fields, limit=None):
    """Filter ``queryset`` to rows matching ``query`` and order them by relevance.

    ``fields`` are the searched text fields, most important first; the first is the name.
    """
    return rank(match(queryset, query, fields, limit), query, fields)


def match(queryset, query, fields, limit=None):
    """Filter ``queryset`` to rows matching ``query``, in no particular order.

    With ``limit`` (PostgreSQL), the rows are the search's :func:`candidates`: it costs the same
    however common its words. Pages search so (``SEARCH_CANDIDATES``) and say when the candidates
    were not all the matches; downloads search unbounded.
    """
    words = terms(clean_query(query))
    if not words:
        return queryset.none()
    if is_postgresql():
        if limit is not None:
            return queryset.filter(pk__in=candidates(queryset, query, fields, limit).pks)
        return queryset.filter(pk__in=_matches_postgresql(queryset, " ".join(words), fields[0]))
    return queryset.filter(_matches_fallback(queryset.model, words, fields))


@dataclass
class Candidates:
    """What a bounded search read: ``pks`` of the rows found, and ``more``, the kinds of match
    (querysets) that had more than ``limit`` rows. None had: the candidates are every match."""

    pks: list
    more: list
    limit: int

    def estimate(self):
        """``None`` when the candidates are every match; else how many rows match, more than
        ``limit``: the planner's estimate for the largest kind of match (EXPLAIN, from the
        columns' statistics: no row is read)."""
        if not self.more:
            return None
        return max(self.limit + 1, *(_planned_rows(part) for part in self.more))


def candidates(queryset, query, fields, limit):
    """The first ``limit`` rows the search's words find (one query, however many match) and, when
    they are fewer (a rare word, a misspelling), the first ``limit`` each name's trigrams find
    (one more). A word that finds ``limit`` rows is no misspelling, so the trigrams are not
    read then. PostgreSQL only."""
    words = " ".join(terms(clean_query(query)))
    if not words:
        return Candidates([], [], limit)
    parts = _match_parts(queryset, words, fields[0])
    pks, more = [], []
    for group in (parts[:1], parts[1:]):
        if more or not group:
            break
        tagged = [
            part.annotate(part=Value(i, output_field=IntegerField())).values_list("pk", "part")[
                : limit + 1
            ]
            for i, part in enumerate(group)
        ]
        rows = list(tagged[0].union(*tagged[1:], all=True) if len(tagged) > 1 else tagged[0])
        for i, part in enumerate(group):
            found = [pk for pk, tag in rows if tag == i]
            if len(found) > limit:
                more.append(part)
            pks.extend(found[:limit])
    return Candidates(list(dict.fromkeys(pks)), more, limit)


def _planned_rows(queryset):
    """The planner's estimate of how many rows ``queryset`` holds (EXPLAIN, nothing is run)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def rank(queryset, query, fields):
    """Order ``queryset`` by relevance to ``query`` without filtering it (best first, then name in
    the page's language).

    For rows already known to match: ranking a few hundred rows is cheap, finding them is not.
    """
    words = terms(clean_query(query))
    name_field = fields[0]
    if not words:
        return queryset.order_by(by_name(name_field), "pk")
    names = name_columns(queryset.model, name_field)
    if is_postgresql():
        query = " ".join(words)
        relevance = Greatest(
            SearchRank(F("search_vector"), ts_query(query)),
            _name_similarity(query, names),
            output_field=FloatField(),
        )
    else:
        in_name = _contains_folded_any(field_columns(queryset.model, name_field), words[0])
        relevance = Case(
            When(in_name, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    return queryset.annotate(search_rank=relevance).order_by(
        "-search_rank", by_name(name_field), "pk"
    )


def _name_similarity(query, names):
    """Trigram word similarity of ``query`` to the closest of the name columns (PostgreSQL's
    GREATEST skips NULLs: a record without a Russian name is compared with the others)."""
    similarities = [TrigramWordSimilarity(query, name) for name in names]
    if len(similarities) == 1:
        return similarities[0]
    return Greatest(*similarities, output_field=FloatField())


def ts_query(query):
    """The tsquery of ``query`` (PostgreSQL): its words in English or in Russian, and the character
    pairs of its CJK runs, all of them (see :func:`multilingual_search_function_sql`)."""
    grams = cjk_grams(query)
    words = re.sub(f"{CJK}+", " ", query).strip()
    parts = []
    if words:
        parts.append(
            SearchQuery(words, search_type="websearch", config="english")
            | SearchQuery(words, search_type="websearch", config="russian")
        )
    if grams:
        parts.append(NgramQuery(grams))
    return parts[0] & parts[1] if len(parts) == 2 else parts[0]


class NgramQuery(SearchQuery):
    """A tsquery of CJK n-grams that must all be in the text, ``'收割' & '割机'``, taken as written
    (no parser, no dictionary), as the trigger stores them."""

    template = "%(expressions)s::tsquery"

    def __init__(self, grams):
        # The grams are CJK characters only: nothing in them needs quoting.
        super().__init__(" & ".join(f"'{gram}'" for gram in grams), search_type="raw")


def _match_parts(queryset, query, name_field):
    """The ways a row matches ``query`` (PostgreSQL): its words in the search vector, then the
    trigrams of each name column; each a queryset of primary keys answered by its own GIN index."""
    base = queryset.model._default_manager.order_by()
    parts = [base.filter(search_vector=ts_query(query)).values("pk")]
    for name in name_columns(queryset.model, name_field):
        parts.append(base.filter(**{f"{name}__trigram_word_similar": query}).values("pk"))
    return parts


def _matches_postgresql(queryset, query, name_field, limit=None):
    """Primary keys of the rows matching ``query``, as a subquery: the union of
    :func:`_match_parts`, each read up to ``limit`` rows.

    Each part is answered by its own GIN index; their union feeds an ``IN`` so the planner never
    falls back to testing every condition on every row of the table.
    """
    parts = _match_parts(queryset, query, name_field)
    if limit is not None:
        parts = [part[:limit] for part in parts]
    return parts[0].union(*parts[1:])


def _matches_fallback(model, words, fields):
    """Every word in one of the fields, in one of the languages, case-insensitively."""
    searched = [name for field in fields for name in field_columns(model, field)]
    condition = Q()
    for word in words:
        condition &= _contains_folded_any(searched, word)
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


def search_function_operations(text_limit=SEARCH_TEXT_LIMIT):
    """Migration operations: the trigger function, indexing the first ``text_limit`` characters of
    each field."""
    return [
        migrations.RunPython(
            run_on_postgresql(search_function_sql(text_limit)),
            run_on_postgresql("DROP FUNCTION IF EXISTS expo_search_vector_update() CASCADE;"),
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
    return [migrations.RunPython(run_on_postgresql(forwards), run_on_postgresql(backwards))]


# The trigger makes CJK n-grams of the first this many characters of each column: up to two
# lexemes a character, so a lower bound than for words keeps a column of any CJK text within a
# tsvector, and still takes the longest text validation allows (core.models.LONG_TEXT_MAX_LENGTH).
CJK_TEXT_LIMIT = 20_000


def multilingual_search_function_sql():
    """SQL creating (or replacing) the trigger function over every language's column.

    For each of the three fields the trigger names (weighted A, B and C): the words of the
    English column (or of the field's own column when that is empty) and of the Chinese column
    through the 'english' configuration, those of the Russian column through 'russian', and in all
    three, each CJK character and each pair of neighbouring ones as lexemes taken as written
    (PostgreSQL cannot split Chinese into words; :func:`ts_query` looks for the pairs). A missing
    column reads as empty, so the function serves every table, translated or not.
    """
    return f"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Each CJK character of the text and each pair of neighbours in a run, numbered in order, as
-- tsvector input ('收割':2). A gram holds CJK characters only: nothing in it needs escaping.
CREATE OR REPLACE FUNCTION expo_cjk_ngrams(value text) RETURNS tsvector AS $$
  SELECT coalesce(string_agg(quote_literal(gram) || ':' || least(position, 16383), ' ')::tsvector, '')
  FROM (
    SELECT substr(found.run[1], start, size) AS gram, row_number() OVER () AS position
    FROM regexp_matches(left(value, {CJK_TEXT_LIMIT}), '{CJK}+', 'g') AS found(run),
      generate_series(1, char_length(found.run[1])) AS start,
      (VALUES (1), (2)) AS sizes(size)
    WHERE start + size - 1 <= char_length(found.run[1])
  ) AS grams
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

-- The words of the text through config (CJK characters aside), and its CJK n-grams.
CREATE OR REPLACE FUNCTION expo_search_text(config regconfig, value text) RETURNS tsvector AS $$
  SELECT to_tsvector(config, regexp_replace(left(value, {SEARCH_TEXT_LIMIT}), '{CJK}+', ' ', 'g'))
    || expo_cjk_ngrams(value)
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION expo_search_vector_update() RETURNS trigger AS $$
DECLARE
  row_data jsonb := to_jsonb(NEW);
  weights "char"[] := ARRAY['A', 'B', 'C'];
  field text;
  vector tsvector := '';
BEGIN
  FOR n IN 1..3 LOOP
    field := TG_ARGV[n - 1];
    vector := vector || setweight(
      expo_search_text('english',
        coalesce(nullif(row_data ->> (field || '_en'), ''), row_data ->> field, ''))
      || expo_search_text('russian', coalesce(row_data ->> (field || '_ru'), ''))
      || expo_search_text('english', coalesce(row_data ->> (field || '_zh_hans'), '')),
      weights[n]);
  END LOOP;
  NEW.search_vector := vector;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def multilingual_search_function_operations():
    """Migration operations: the trigger function over every language (PostgreSQL only); backwards,
    the English one again."""
    backwards = search_function_sql(SEARCH_TEXT_LIMIT) + (
        "DROP FUNCTION IF EXISTS expo_search_text(regconfig, text);\n"
        "DROP FUNCTION IF EXISTS expo_cjk_ngrams(text);\n"
    )
    return [
        migrations.RunPython(
            run_on_postgresql(multilingual_search_function_sql()),
            run_on_postgresql(backwards),
        )
    ]


def multilingual_search_index_operations(table, name="name"):
    """Migration operations for ``table`` once its texts have languages (PostgreSQL only): trigram
    indexes on the English and the Russian name in place of the original column's, and every
    row's search vector made again by the trigger."""
    forwards = f"""
DROP INDEX IF EXISTS {table}_{name}_trgm;
CREATE INDEX IF NOT EXISTS {table}_{name}_en_trgm ON {table} USING gin ({name}_en gin_trgm_ops);
CREATE INDEX IF NOT EXISTS {table}_{name}_ru_trgm ON {table} USING gin ({name}_ru gin_trgm_ops);
UPDATE {table} SET {name} = {name};
"""
    backwards = f"""
DROP INDEX IF EXISTS {table}_{name}_en_trgm;
DROP INDEX IF EXISTS {table}_{name}_ru_trgm;
CREATE INDEX IF NOT EXISTS {table}_{name}_trgm ON {table} USING gin ({name} gin_trgm_ops);
"""
    return [migrations.RunPython(run_on_postgresql(forwards), run_on_postgresql(backwards))]


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
    a search that found nothing. PostgreSQL ranks by trigram word similarity to the English or the
    Russian name; SQLite by difflib's similarity of the query to a whole name, in any language, or
    to one word of it."""
    query = clean_query(query)
    if not query:
        return []
    if is_postgresql():
        names = name_columns(queryset.model, name_field)
        similarity = _name_similarity(query, names)
        # Only the rows the names' trigram indexes find at the suggestions' threshold (set for
        # this transaction alone), not a similarity worked out for every row.
        near = Q(
            *[Q(**{f"{name}__trigram_word_similar": query}) for name in names], _connector=Q.OR
        )
        with transaction.atomic(using=queryset.db), connections[queryset.db].cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(SUGGESTION_THRESHOLD)],
            )
            return list(
                queryset.filter(near)
                .annotate(similarity=similarity)
                .filter(similarity__gte=SUGGESTION_THRESHOLD)
                .order_by("-similarity", by_name(name_field), "pk")[:limit]
            )
    import difflib

    wanted = query.casefold()
    names = field_columns(queryset.model, name_field)

    def ratio(name):
        candidates = [name.casefold(), *terms(name.casefold())]
        return max(difflib.SequenceMatcher(None, wanted, c).ratio() for c in candidates)

    def best_ratio(row):
        return max((ratio(value) for name in names if (value := getattr(row, name))), default=0)

    rows = queryset.order_by(by_name(name_field), "pk")[:SUGGESTION_SCAN_LIMIT]
    scored = [(best_ratio(row), row) for row in rows]
    scored = [item for item in scored if item[0] >= SUGGESTION_RATIO]
    scored.sort(key=lambda item: -item[0])
    return [row for _, row in scored[:limit]]
