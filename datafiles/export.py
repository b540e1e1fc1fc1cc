"""Export the directory's data in the formats ``load_expo`` reads.

- **JSON**: every loadable model (``schema.MODEL_LABELS``), in load order, as the fixture format:
  ``{"model": ..., "fields": {...}}`` with relations by natural key and no primary keys. Records are
  sorted by natural key (a sector's parent before the sector), many-to-many lists by natural key,
  so the same data always gives the same bytes. Derived fields (``search_vector``, image sizes) are
  left out; ``created_at`` is kept to the microsecond, so loading an export and exporting again
  gives the same bytes (Django's own encoder rounds to the millisecond, which a reload cannot undo).
- **CSV**: ``exhibitors.csv`` and ``showcases.csv`` in the templates of ``columns``, one row per
  exhibitor and stand (an exhibitor without a stand gets one row with the stand's cells empty), sorted
  by slug and exhibition. CSV carries what its columns hold: not people, sources, or ``created_at``.

Images are exported as their names in media storage; loading the export on the same site (or one
sharing its media storage) finds them there.

The whole data set is read with a few queries per model, not one per record.
"""

import csv
import datetime
import json
from collections import defaultdict

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.encoding import is_protected_type

from datafiles import columns as cols
from datafiles.schema import spec, specs


class Snapshot:
    """Every loadable row, with the natural key of each and the links of each many-to-many field."""

    def __init__(self):
        self.objects = {}  # label -> [instance], sorted
        self.keys = {}  # label -> {pk: natural key}
        self.links = {}  # (label, field name) -> {pk: [target pk]}
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

    def linked_keys(self, model, name, obj):
        target = model.target(name).label
        return sorted(
            self.keys[target][pk] for pk in self.links[(model.label, name)].get(obj.pk, ())
        )


def _value(field, obj):
    """A field's value as Django's serializers give it."""
    value = field.value_from_object(obj)
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
            fields = {}
            for name, field in model.fields.items():
                if field.is_relation:
                    pk = getattr(obj, field.attname)
                    target = model.target(name).label
                    fields[name] = None if pk is None else list(snapshot.key_of(target, pk))
                else:
                    fields[name] = _value(field, obj)
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
    value = getattr(obj, field.attname)
    if column.kind == cols.BOOLEAN:
        return "yes" if value else "no"
    if column.kind == cols.FILE:
        return getattr(value, "name", value) or ""
    return "" if value is None else str(value)


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


def showcase_rows(snapshot):
    for showcase in snapshot.objects["exhibitors.showcase"]:
        yield [
            _cell("exhibitors.showcase", column, showcase, snapshot)
            for column in cols.SHOWCASES.columns
        ]


def export_csv(directory):
    """Write ``exhibitors.csv`` and ``showcases.csv`` into ``directory``; return rows per file."""
    directory.mkdir(parents=True, exist_ok=True)
    snapshot = Snapshot()
    written = {}
    for template, rows in (
        (cols.EXHIBITORS, exhibitor_rows(snapshot)),
        (cols.SHOWCASES, showcase_rows(snapshot)),
    ):
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
