"""Export the directory's data in the formats ``load_expo`` reads.

- **JSON**: every loadable model (``schema.MODEL_LABELS``), in load order, as the fixture format:
  ``{"model": ..., "fields": {...}}`` with relations by natural key and no primary keys. Records are
  sorted by natural key (a sector's parent before the sector), many-to-many lists by natural key,
  so the same data always gives the same bytes. Derived fields (``search_vector``, image sizes) are
  left out; date-times are kept to the microsecond, so loading an export and exporting again
  gives the same bytes (Django's own encoder rounds to the millisecond, which a reload cannot undo).
  They are written in ISO 8601 with their offset: a session's times in its exhibition's time zone
  (``2022-08-22T09:30:00+08:00``, ``schema.LOCAL_TIME_ZONES``), the others in UTC (``...Z``).
  Strings sort by code point on every database.
- **JSON Lines** (``--format jsonl``): the same records, one a line, unindented, each naming only
  records before it (a partner on the later of two exhibitors), as a load in chunks asks.
- **CSV**: one file per template of ``columns``: ``exhibitors.csv`` (one row per exhibitor and
  stand, with the stand's hall and position; an exhibitor without a stand gets one row with the
  stand's cells empty, sorted by slug and exhibition), ``showcases.csv``, ``sessions.csv`` (with
  the people at each session, by role, in their order; times local to the exhibition),
  ``people.csv``, ``participations.csv`` and ``halls.csv``, sorted by slug. Lengths in metres are
  written without trailing zeros (``12.5``, ``4``). CSV carries what its columns hold: not quotes,
  key figures, pavilions (nor their areas in halls), the notes on people at sessions, or
  ``created_at``.

Translated fields are written as the loader reads them: the English text under the field's own
name (``name``, from its column, which holds English whatever language is active), the other
languages under theirs (``name_zh_hans``, ``name_ru``: ``null`` in JSON, an empty cell in CSV,
when there is no translation, however the row stores that); the English column (``name_en``)
is left out, as the loader derives it.

Images are exported as their names in media storage; loading the export on the same site (or one
sharing its media storage) finds them there.

Rows are read a chunk at a time (``EXPORT_CHUNK``, with a database cursor), and what they name
(the natural keys of related rows, many-to-many links, time zones) is looked up for each chunk: a
few queries per chunk, not one per record, and memory that does not grow with the data. Every
format is written a record (a row) at a time.
"""

import csv
import datetime
import itertools
import json
import zoneinfo
from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import F
from django.db.models.functions import Collate
from django.utils.encoding import is_protected_type

from core.geometry import metres
from datafiles import columns as cols
from datafiles.schema import spec, specs

EXPORT_CHUNK = 2000  # rows read, and looked up, together
QUERY_CHUNK = 500  # ids in one IN list


class Chunk:
    """A few thousand rows of one model, with what their records name, looked up for them alone:
    the natural keys of the rows they refer to, the links of each many-to-many field, and the
    time zones their date-times are written in. A few queries per chunk; the memory of a chunk."""

    def __init__(self, model, objects, using=DEFAULT_DB_ALIAS):
        self.model = model
        self.objects = objects
        self.using = using
        self.keys = defaultdict(dict)  # label -> {pk: natural key}
        self.links = {}  # field name -> {pk: [target pk]}
        self.zones = {}  # pk of the row giving the time zone -> zone
        for name, field in model.foreign_keys.items():
            pks = {getattr(obj, field.attname) for obj in objects} - {None}
            self._fetch_keys(model.target(name), pks)
        pks = [obj.pk for obj in objects]
        for name in model.many_to_many:
            through, source, target = model.link_fields(name)
            links = self.links[name] = defaultdict(list)
            rows = through._base_manager.using(using).values_list(source.attname, target.attname)
            for source_pk, target_pk in _where_in(rows, source.attname, pks):
                links[source_pk].append(target_pk)
            linked = {pk for targets in links.values() for pk in targets}
            self._fetch_keys(model.target(name), linked)
        if model.time_zone_from:
            field = model.fields[model.time_zone_from]
            owners = (
                model.target(model.time_zone_from).queryset(using).values_list("pk", "time_zone")
            )
            pks = {getattr(obj, field.attname) for obj in objects} - {None}
            for pk, name in _where_in(owners, "pk", pks):
                try:
                    self.zones[pk] = zoneinfo.ZoneInfo(name)
                except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                    self.zones[pk] = datetime.UTC

    def _fetch_keys(self, target, pks):
        keys = self.keys[target.label]
        rows = target.queryset(self.using).values_list("pk", *target.key_paths())
        for pk, *key in _where_in(rows, "pk", pks - keys.keys()):
            keys[pk] = tuple(key)

    def key_of(self, label, pk):
        return self.keys[label][pk]

    def time_zone(self, model, obj):
        """The time zone ``obj``'s date-times are written in: its related record's, or UTC."""
        if not model.time_zone_from:
            return datetime.UTC
        owner = getattr(obj, model.fields[model.time_zone_from].attname)
        return self.zones.get(owner, datetime.UTC)

    def linked_keys(self, model, name, obj):
        target = model.target(name).label
        return sorted(self.keys[target][pk] for pk in self.links[name].get(obj.pk, ()))


def _where_in(queryset, lookup, values):
    """The rows of ``queryset`` whose ``lookup`` is in ``values``, a few hundred values a query."""
    values = sorted(values)
    for start in range(0, len(values), QUERY_CHUNK):
        yield from queryset.filter(**{f"{lookup}__in": values[start : start + QUERY_CHUNK]})


def chunks(model, queryset=None, using=DEFAULT_DB_ALIAS):
    """The rows of ``model`` (or of ``queryset``, some of them) in natural-key order, as
    ``Chunk``s of ``EXPORT_CHUNK`` rows, read with a database cursor a chunk at a time.

    Strings sort by code point, as Python sorts them, on every database (PostgreSQL's own
    collation would put ``a-c`` after ``ab``). A model whose rows refer to rows of its own (a
    sector's parent) is small: it is read whole and sorted with each row after the rows it
    refers to.
    """
    queryset = model.rows(using) if queryset is None else queryset
    if any(f.related_model is model.model for f in model.foreign_keys.values()):
        rows = iter(_sorted_by_depth(model, list(queryset.order_by()), using))
    else:
        rows = queryset.order_by(*_key_order(model, using)).iterator(chunk_size=EXPORT_CHUNK)
    while objects := list(itertools.islice(rows, EXPORT_CHUNK)):
        yield Chunk(model, objects, using)


def _key_order(model, using):
    """ORDER BY expressions for the natural key, comparing strings by code point."""
    binary = connections[using].vendor == "postgresql"
    order = []
    for name, path in zip(model.key_fields, model.key_paths(), strict=True):
        field = model.fields[name]
        if field.is_relation:
            target = model.target(name)
            field = target.fields[target.key_fields[0]]
        expression = F(path)
        if binary and isinstance(field, (models.CharField, models.TextField)):
            expression = Collate(expression, "C")
        order.append(expression.asc())
    return order


def _sorted_by_depth(model, objects, using):
    """``objects`` in natural-key order, each after the rows of its own model it refers to."""
    keys = {
        pk: tuple(key) for pk, *key in model.queryset(using).values_list("pk", *model.key_paths())
    }
    parents = [f for f in model.foreign_keys.values() if f.related_model is model.model]
    by_pk = {obj.pk: obj for obj in objects}

    def depth(obj):
        seen = {obj.pk}
        level = 0
        while True:
            parent_pks = [getattr(obj, f.attname) for f in parents]
            parent_pk = next((pk for pk in parent_pks if pk in by_pk and pk not in seen), None)
            if parent_pk is None:
                return level
            seen.add(parent_pk)
            obj = by_pk[parent_pk]
            level += 1

    return sorted(objects, key=lambda obj: (depth(obj), keys[obj.pk]))


def _value(model, field, obj, zone):
    """A field's value as Django's serializers give it; date-times in ``zone``."""
    if field.name in model.translations:
        return model.value(obj, field)
    value = field.value_from_object(obj)
    if field.name in model.language_columns:
        return value or None
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(zone)
    if is_protected_type(value):
        return value
    return field.value_to_string(obj)


class ExportEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, with date-times written whole: ``2022-09-07T12:00:00.000500Z``."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def json_records(streamed=False):
    """Every record, in load order, a chunk of rows at a time.

    With ``streamed``, a link that holds both ways (partners) is written once, on the later of
    its two records, so that every record names only records before it, as a streamed load asks
    (``loader.Loader``); loading gives the link both ways all the same.
    """
    for model in specs():
        for chunk in chunks(model):
            for obj in chunk.objects:
                yield _json_record(model, chunk, obj, streamed)


def _json_record(model, chunk, obj, streamed):
    zone = chunk.time_zone(model, obj) if model.datetimes else datetime.UTC
    fields = {}
    for name, field in model.fields.items():
        if field.is_relation:
            pk = getattr(obj, field.attname)
            target = model.target(name).label
            fields[name] = None if pk is None else list(chunk.key_of(target, pk))
        else:
            fields[name] = _value(model, field, obj, zone)
    for name, field in model.many_to_many.items():
        keys = chunk.linked_keys(model, name, obj)
        if streamed and field.remote_field.symmetrical and field.related_model is model.model:
            own = tuple(getattr(obj, model.fields[key].attname) for key in model.key_fields)
            keys = [key for key in keys if key < own]
        fields[name] = [list(key) for key in keys]
    return {"model": model.label, "fields": fields}


def export_json(stream):
    """Write every record as JSON (a list, indented) to ``stream``, a record at a time; return
    the number of records."""
    count = 0
    for record in json_records():
        text = json.dumps(record, indent=2, ensure_ascii=False, cls=ExportEncoder)
        stream.write(("[\n  " if not count else ",\n  ") + text.replace("\n", "\n  "))
        count += 1
    stream.write("\n]\n" if count else "[]\n")
    return count


def export_jsonl(stream):
    """Write every record as JSON Lines to ``stream``, one a line, each naming only records
    before it (``json_records(streamed=True)``); return the number of records."""
    count = 0
    for record in json_records(streamed=True):
        stream.write(json.dumps(record, ensure_ascii=False, cls=ExportEncoder))
        stream.write("\n")
        count += 1
    return count


# --- CSV ----------------------------------------------------------------------------------------


def _cell(template_model, column, obj, chunk):
    model = spec(template_model)
    name = column.field_name
    if column.kind == cols.REFS:
        keys = chunk.linked_keys(model, name, obj)
        return cols.LIST_SEPARATOR.join("/".join(map(str, key)) for key in keys)
    field = model.fields[name]
    if column.kind == cols.REF:
        pk = getattr(obj, field.attname)
        return "" if pk is None else "/".join(chunk.key_of(model.target(name).label, pk))
    value = model.value(obj, field)
    if column.kind == cols.BOOLEAN:
        return "yes" if value else "no"
    if column.kind == cols.FILE:
        return getattr(value, "name", value) or ""
    if column.kind == cols.TIME:
        return _time_of_day(value.astimezone(chunk.time_zone(model, obj))) if value else ""
    if column.kind == cols.METRES:
        return "" if value is None else metres(value)
    return "" if value is None else str(value)


def _time_of_day(moment):
    return f"{moment:%H:%M:%S}" if moment.second or moment.microsecond else f"{moment:%H:%M}"


def exhibitor_rows(template):
    """One row per exhibitor and stand (sorted by exhibition); an exhibitor without a stand gets
    one row with the stand's cells empty."""
    stand_model = spec("exhibitors.stand")
    for chunk in chunks(spec(template.label)):
        stands = defaultdict(list)  # exhibitor pk -> [(stand, its chunk)]
        pks = [exhibitor.pk for exhibitor in chunk.objects]
        for start in range(0, len(pks), QUERY_CHUNK):
            queryset = stand_model.rows().filter(exhibitor_id__in=pks[start : start + QUERY_CHUNK])
            for stand_chunk in chunks(stand_model, queryset):
                for stand in stand_chunk.objects:
                    stands[stand.exhibitor_id].append((stand, stand_chunk))
        for exhibitor in chunk.objects:
            for stand, stand_chunk in stands.get(exhibitor.pk) or [(None, None)]:
                row = []
                for column in template.columns:
                    if column.part != "stand":
                        row.append(_cell(template.label, column, exhibitor, chunk))
                    elif stand is None:
                        row.append("")
                    else:
                        row.append(_cell(stand_model.label, column, stand, stand_chunk))
                yield row


def session_rows(template):
    """One row per session; the people at it listed by role, in their order."""
    named = spec("programme.sessionperson")
    for chunk in chunks(spec(template.label)):
        people = defaultdict(lambda: defaultdict(list))  # session pk -> role -> [(position, slug)]
        rows = named.queryset().values_list("session_id", "role", "position", "person__slug")
        for session_pk, role, position, slug in _where_in(
            rows, "session_id", [session.pk for session in chunk.objects]
        ):
            people[session_pk][role].append((position, slug))
        for session in chunk.objects:
            row = []
            for column in template.columns:
                if column.part == "people":
                    listed = sorted(people[session.pk][column.field_name])
                    row.append(cols.LIST_SEPARATOR.join(slug for _, slug in listed))
                else:
                    row.append(_cell(template.label, column, session, chunk))
            yield row


def plain_rows(template):
    for chunk in chunks(spec(template.label)):
        for obj in chunk.objects:
            yield [_cell(template.label, column, obj, chunk) for column in template.columns]


ROWS = {
    cols.EXHIBITORS: exhibitor_rows,
    cols.SESSIONS: session_rows,
}


def export_csv(directory):
    """Write a file per CSV template (``exhibitors.csv``, ...) into ``directory``, a row at a
    time; return rows per file."""
    directory.mkdir(parents=True, exist_ok=True)
    written = {}
    for template in cols.TEMPLATES:
        rows = ROWS.get(template, plain_rows)(template)
        path = directory / template.filename
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, lineterminator="\r\n")
            writer.writerow(template.header)
            count = 0
            for row in rows:
                writer.writerow(row)
                count += 1
        written[path] = count
    return written
