"""Writing demo rows to PostgreSQL with ``COPY``, a chunk at a time (``generate_demo_data``).

``CopyWriter`` turns record dicts (fixture form, natural keys) into the text format of ``COPY ...
FROM STDIN``, one in-memory buffer per chunk: ids are drawn from the table's sequence first (so the
many-to-many rows can name them), the row goes in with every concrete column but ``search_vector``,
then its many-to-many links. Nothing outlives the chunk but the ids asked for.

``search_vector`` is filled by a row trigger (``core.search``), which costs more than the ``COPY``
itself: ``CopyWriter.making_search_vectors`` disables the trigger for the load and makes the rows'
vectors in the same statement that inserts the rows, from a temporary table, with the trigger's
own expression (``search_vector_sql``), so they end exactly as the trigger would have left them.

Index entries and foreign-key checks made row by row cost more again, at millions of rows:
``without_indexes`` drops a table's secondary indexes and its foreign keys for the load and makes
them again afterwards from their own definitions, each index in one sorted build and each foreign key
checked in one join (the primary key and unique constraints stay, so a duplicate is still refused).
"""

import io
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from core.search import CJK, SEARCH_TEXT_LIMIT
from core.translations import DEFAULT_LANGUAGE, column, translated_fields


def copy_text(value):
    """One value in ``COPY``'s text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = (
                value.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    raise TypeError(f"Cannot COPY {value!r}")


class CopyWriter:
    """Writes records of ``model`` with ``COPY``; ``ids``: model -> natural key -> id, for the
    foreign keys and many-to-many links the records name."""

    def __init__(self, connection, model, ids):
        self.connection = connection
        self.model = model
        self.ids = ids
        self.table = model._meta.db_table
        english = {name: column(name, DEFAULT_LANGUAGE) for name in translated_fields(model)}
        self.columns = []  # (column, how to get its value from a record)
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name == "search_vector":
                continue
            if field.many_to_one:
                self.columns.append((field.column, self.foreign_key(field)))
            else:
                source = next((n for n, en in english.items() if en == field.name), field.name)
                self.columns.append((field.column, self.plain(source, field)))
        self.links = [
            (
                field.name,
                field.remote_field.through._meta.db_table,
                field.m2m_column_name(),
                field.m2m_reverse_name(),
                field.related_model,
            )
            for field in model._meta.many_to_many
        ]
        self.sequence = None
        self.staging = None

    @contextmanager
    def making_search_vectors(self):
        """Inside: rows go through a temporary table and in with their ``search_vector`` made in
        the same statement (``search_vector_sql``), the row trigger off: cheaper than the trigger,
        and than an ``UPDATE`` afterwards (which writes every row and its index entries twice)."""
        table, trigger = self.table, f"{self.table}_search_vector"
        self.staging = f"{table}_demo_load"
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.staging} (LIKE {table} INCLUDING DEFAULTS) "
                f"ON COMMIT DROP"
            )
            set_trigger(cursor, table, trigger, "DISABLE")
        try:
            yield
        finally:
            self.staging = None
        with self.connection.cursor() as cursor:
            # Dropped now, not only at the commit: a run inside a longer transaction (a test)
            # may come again.
            cursor.execute(f"DROP TABLE {table}_demo_load")
            set_trigger(cursor, table, trigger, "ENABLE")

    def foreign_key(self, field):
        keys = self.ids[field.related_model]

        def get(record):
            value = record[field.name]
            return keys[value[0]] if value else None

        return get

    @staticmethod
    def plain(name, field):
        default = field.get_default()  # what bulk_create writes for a field a record leaves out

        def get(record):
            return record.get(name, default)

        return get

    def new_ids(self, cursor, count):
        if self.sequence is None:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.table])
            self.sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [self.sequence, count])
        return [row[0] for row in cursor.fetchall()]

    def write(self, records, keep=None):
        """COPY ``records`` and their links; returns ``{key: id}`` for the slugs in ``keep``."""
        if not records:
            return {}
        with self.connection.cursor() as cursor:
            pks = self.new_ids(cursor, len(records))
            rows = io.StringIO()
            links = {through: io.StringIO() for _, through, _, _, _ in self.links}
            for pk, record in zip(pks, records, strict=True):
                rows.write(str(pk))
                for _, get in self.columns:
                    rows.write("\t")
                    rows.write(copy_text(get(record)))
                rows.write("\n")
                for name, through, _, _, related in self.links:
                    targets = self.ids[related]
                    for key in record.get(name) or ():
                        links[through].write(f"{pk}\t{targets[key[0]]}\n")
            names = ", ".join(["id", *(c for c, _ in self.columns)])
            if self.staging:
                self.copy(cursor, f"{self.staging} ({names})", rows)
                cursor.execute(
                    f"INSERT INTO {self.table} ({names}, search_vector) "
                    f"SELECT {names}, {search_vector_sql(self.model)} FROM {self.staging}; "
                    f"TRUNCATE {self.staging}"
                )
            else:
                self.copy(cursor, f"{self.table} ({names})", rows)
            for _, through, source, target, _ in self.links:
                self.copy(cursor, f"{through} ({source}, {target})", links[through])
        if not keep:
            return {}
        return {r["slug"]: pk for pk, r in zip(pks, records, strict=True) if r["slug"] in keep}

    @staticmethod
    def copy(cursor, target, buffer):
        if buffer.tell():
            buffer.seek(0)
            cursor.copy_expert(f"COPY {target} FROM STDIN", buffer)


def search_vector_sql(model, fields=("name", "summary", "description")):
    """The expression ``expo_search_vector_update(fields)`` gives ``search_vector`` for a row of
    ``model``, over its columns (a missing column reads as empty, as in the trigger)."""
    names = {f.column for f in model._meta.concrete_fields}

    def col(name):
        return name if name in names else "NULL"

    parts = []
    for field, weight in zip(fields, "ABC", strict=True):
        english = f"coalesce(nullif({col(field + '_en')}, ''), {col(field)}, '')"
        parts.append(
            f"setweight({search_text('english', english)}"
            f" || {search_text('russian', col(field + '_ru'))}"
            f" || {search_text('english', col(field + '_zh_hans'))},"
            f" '{weight}')"
        )
    return "''::tsvector || " + " || ".join(parts)


def search_text(config, value):
    """``expo_search_text(config, coalesce(value, ''))``, with its shortcuts: nothing for an empty
    text, and only the words (no CJK n-grams to find) for a text without CJK characters."""
    value = f"coalesce({value}, '')"
    return (
        f"(CASE WHEN {value} = '' THEN ''::tsvector"
        f" WHEN {value} ~ '{CJK}' THEN expo_search_text('{config}', {value})"
        f" ELSE to_tsvector('{config}', left({value}, {SEARCH_TEXT_LIMIT})) END)"
    )


@contextmanager
def without_indexes(connection, tables):
    """Inside: ``tables`` have no secondary indexes and no foreign keys of their own; they are
    made again, from their definitions, on the way out (not if the block raised: the transaction
    is rolled back anyway, and that restores them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) AND contype = 'f' ORDER BY 1, 2",
            [list(tables)],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _ in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for table, name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _, definition in indexes:
            cursor.execute(definition)
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def set_trigger(cursor, table, trigger, action):
    # ALTER TABLE refuses while deferred foreign-key checks are pending: run them first.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(f"ALTER TABLE {table} {action} TRIGGER {trigger}")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
