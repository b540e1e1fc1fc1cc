"""Export the directory's data in the formats ``load_expo`` reads.

- **JSON**: every loadable model (``schema.MODEL_LABELS``), in load order, as the fixture format:
  ``{"model": ..., "fields": {...}}`` with relations by natural key and no primary keys. Records are
  sorted by natural key (a sector's parent before the sector), many-to-many lists by natural key,
  so the same data always gives the same bytes. Derived fields (``search_vector``, image sizes) are
  left out; date-times are kept to the microsecond, so loading an export and exporting again
  gives the same bytes (Django's own encoder rounds to the millisecond, which a reload cannot undo).
  They are written in ISO 8601 with their offset: a session's times in its exhibition's time zone
  (``2022-08-22T09:30:00+08:00``, ``schema.LOCAL_TIME_ZONES``), the others in UTC (``...Z``).
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

The whole data set is read with a few queries per model, not one per record.
"""

import csv
import datetime
import json
import zoneinfo
from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.encoding import is_protected_type

from core.geometry import metres
from datafiles import columns as cols
from datafiles.schema import spec, specs


class Snapshot:
    """Every loadable row, with the natural key of each and the links of each many-to-many field."""

    def __init__(self):
        self.objects = {}  # label -> [instance], sorted
        self.keys = {}  # label -> {pk: natural key}
        self.links = {}  # (label, field name) -> {pk: [target pk]}
        self._by_pk = {}  # label -> {pk: instance}, built when needed
        for model in specs():
            objects = list(model.rows().order_by())
            keys = self.keys[model.label] = {}
            for obj in objects:
                keys[obj.pk] = self._key(model, obj)
            for name in model.many_to_many:
                through, source, target = model.link_fields(name)
                links = defaultdict(list)
                rows = through._base_manager.values_list(source.attname, target.attname)
                for source_pk, target_pk in rows:
                    links[source_pk].append(target_pk)
                self.links[(model.label, name)] = links
            self.objects[model.label] = sorted(objects, key=self._sort_key(model, keys, objects))

    def _key(self, model, obj):
        parts = []
        for name in model.key_fields:
            field = model.fields[name]
            value = getattr(obj, field.attname)
            if field.is_relation:
                parts.extend(self.keys[model.target(name).label][value])
            else:
                parts.append(value)
        return tuple(parts)

    @staticmethod
    def _sort_key(model, keys, objects):
        """Natural key order; rows referring to their own table after the rows they refer to."""
        parents = [f for f in model.foreign_keys.values() if f.related_model is model.model]
        if not parents:
            return lambda obj: keys[obj.pk]
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

        return lambda obj: (depth(obj), keys[obj.pk])

    def key_of(self, label, pk):
        return self.keys[label][pk]

    def time_zone(self, model, obj):
        """The time zone ``obj``'s date-times are written in: its related record's, or UTC."""
        if not model.time_zone_from:
            return datetime.UTC
        target = model.target(model.time_zone_from).label
        if target not in self._by_pk:
            self._by_pk[target] = {row.pk: row for row in self.objects[target]}
        owner = self._by_pk[target].get(getattr(obj, model.fields[model.time_zone_from].attname))
        try:
            return zoneinfo.ZoneInfo(owner.time_zone) if owner else datetime.UTC
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return datetime.UTC

    def linked_keys(self, model, name, obj):
        target = model.target(name).label
        return sorted(
            self.keys[target][pk] for pk in self.links[(model.label, name)].get(obj.pk, ())
        )


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


def json_records():
    snapshot = Snapshot()
    for model in specs():
        for obj in snapshot.objects[model.label]:
            zone = snapshot.time_zone(model, obj) if model.datetimes else datetime.UTC
            fields = {}
            for name, field in model.fields.items():
                if field.is_relation:
                    pk = getattr(obj, field.attname)
                    target = model.target(name).label
                    fields[name] = None if pk is None else list(snapshot.key_of(target, pk))
                else:
                    fields[name] = _value(model, field, obj, zone)
            for name in model.many_to_many:
                fields[name] = [list(key) for key in snapshot.linked_keys(model, name, obj)]
            yield {"model": model.label, "fields": fields}


def export_json(stream):
    """Write every record as JSON to ``stream``; return the number of records."""
    records = list(json_records())
    stream.write(json.dumps(records, indent=2, ensure_ascii=False, cls=ExportEncoder))
    stream.write("\n")
    return len(records)


# --- CSV ----------------------------------------------------------------------------------------


def _cell(template_model, column, obj, snapshot):
    model = spec(template_model)
    name = column.field_name
    if column.kind == cols.REFS:
        keys = snapshot.linked_keys(model, name, obj)
        return cols.LIST_SEPARATOR.join("/".join(map(str, key)) for key in keys)
    field = model.fields[name]
    if column.kind == cols.REF:
        pk = getattr(obj, field.attname)
        return "" if pk is None else "/".join(snapshot.key_of(model.target(name).label, pk))
    value = model.value(obj, field)
    if column.kind == cols.BOOLEAN:
        return "yes" if value else "no"
    if column.kind == cols.FILE:
        return getattr(value, "name", value) or ""
    if column.kind == cols.TIME:
        return _time_of_day(value.astimezone(snapshot.time_zone(model, obj))) if value else ""
    if column.kind == cols.METRES:
        return "" if value is None else metres(value)
    return "" if value is None else str(value)


def _time_of_day(moment):
    return f"{moment:%H:%M:%S}" if moment.second or moment.microsecond else f"{moment:%H:%M}"


def exhibitor_rows(snapshot):
    stands = defaultdict(list)
    for stand in snapshot.objects["exhibitors.stand"]:  # sorted by (exhibitor, exhibition)
        stands[stand.exhibitor_id].append(stand)
    for exhibitor in snapshot.objects["exhibitors.exhibitor"]:
        for stand in stands.get(exhibitor.pk) or [None]:
            row = []
            for column in cols.EXHIBITORS.columns:
                if column.part == "stand":
                    row.append(
                        "" if stand is None else _cell("exhibitors.stand", column, stand, snapshot)
                    )
                else:
                    row.append(_cell("exhibitors.exhibitor", column, exhibitor, snapshot))
            yield row


def session_rows(snapshot):
    """One row per session; the people at it listed by role, in their order."""
    people = defaultdict(lambda: defaultdict(list))  # session pk -> role -> [(position, slug)]
    for named in snapshot.objects["programme.sessionperson"]:
        person = snapshot.key_of("exhibitions.person", named.person_id)
        people[named.session_id][named.role].append((named.position, *person))
    template = cols.SESSIONS
    for session in snapshot.objects[template.label]:
        row = []
        for column in template.columns:
            if column.part == "people":
                listed = sorted(people[session.pk][column.field_name])
                row.append(cols.LIST_SEPARATOR.join(slug for _, slug in listed))
            else:
                row.append(_cell(template.label, column, session, snapshot))
        yield row


def plain_rows(template):
    def rows(snapshot):
        for obj in snapshot.objects[template.label]:
            yield [_cell(template.label, column, obj, snapshot) for column in template.columns]

    return rows


ROWS = {
    cols.EXHIBITORS: exhibitor_rows,
    cols.SESSIONS: session_rows,
}


def export_csv(directory):
    """Write a file per CSV template (``exhibitors.csv``, ...) into ``directory``; return rows per
    file."""
    directory.mkdir(parents=True, exist_ok=True)
    snapshot = Snapshot()
    written = {}
    for template in cols.TEMPLATES:
        rows = ROWS.get(template, plain_rows(template))(snapshot)
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
