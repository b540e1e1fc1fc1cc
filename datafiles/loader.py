"""Load records into the database: check every record first, then write them all in one transaction.

The steps, each in bulk (a handful of queries per model, not per record):

1. **Read** the files into records (``readers``), noting each record's file and line.
2. **Match** each record to an existing row by natural key, and every relation in it (a stand's
   exhibition, an exhibitor's countries) to a row in the database or a record in the files. A country
   code that is a real ISO 3166-1 code but not in the database yet is added as a country.
3. **Check** every record with the model's own validation (``full_clean()``: field validators,
   choices, lengths, and ``clean()`` rules such as a stand's pavilion belonging to its exhibition),
   with uniqueness checked here in bulk: a natural key given twice in the input is a problem. New
   records get stand-in ids while they are checked, so that rules spanning several new records
   (a new stand in a new pavilion of a new exhibition) are checked too. Images named in the files are
   checked as the admin checks an upload.
4. If anything is wrong, stop with **every** problem (``LoadFailed``; the first thousand, and how
   many more); nothing is written.
5. Otherwise **write**, inside one ``transaction.atomic()``: images into media storage, new rows with
   bulk inserts, changed rows with bulk updates (only the changed columns), and many-to-many links as
   inserts and deletes of the link rows. A record identical to its row is left alone, so loading a
   file twice changes nothing the second time.

Files of more than ``LOAD_CHUNK`` records are not held in memory: JSON Lines and CSV files are read
a line at a time, and steps 2-5 run a chunk at a time inside the one transaction, which is rolled
back at the end if any chunk had a problem (see ``Loader``). Memory then follows the chunk, not the
files: a million records load in the memory of a few thousand.

What a record leaves out keeps its current value (or the model's default on a new row); loading
never deletes rows. A translated field's English text is its own name (``name``), and the loader
copies it into the English column (``name_en``) as saving a model does (``core.translations``); the
other languages' columns (``name_zh_hans``, ``name_ru``) are ordinary fields, checked like the
others, where an empty value means "no translation" (``schema``). Everything runs with English
active, so that django-modeltranslation reads and writes each field's own column whatever the
language of the request (an admin upload) or the shell. Many-to-many fields a record gives replace
that record's links; partners are linked both ways, so listing a partner on one side is enough.
``created_at`` takes the file's value when it gives one and keeps the current value (or now, for a
new row) otherwise. A date-time without an offset is UTC, except a session's, which is local to its
exhibition's time zone (``schema.LOCAL_TIME_ZONES``): the CSV templates give session times that way.

No model signals are sent for the rows written (as with ``bulk_create``). Instead, a load that
changes anything bumps the content version once (``core.content.content_changed``), so cached public
pages expire.
"""

import contextlib
import datetime
import functools
import hashlib
import itertools
import os
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django_countries import countries as iso_countries

from core.content import content_changed
from core.geometry import check_placement, inside, metres, overlap
from core.images import RenditionImageField, prepare_image
from core.translations import DEFAULT_LANGUAGE, LANGUAGE_CODES, column
from datafiles.readers import FORMATS, open_source, with_lines
from datafiles.records import LoadFailed, Origin, Problem, Problems, Record
from datafiles.schema import spec, specs
from exhibitions.models import country_code

QUERY_CHUNK = 500
BULK_SCAN_MIN = 2000
WRITE_BATCH = 1000
LINK_BATCH = 400  # rows per INSERT: 800 parameters, under SQLite's oldest limit of 999
PROGRESS_STEP = 100
# Records checked and written together; a load of more is checked and written a chunk at a time.
LOAD_CHUNK = 5000
EARLIER = "earlier in the files"  # where a record of an earlier chunk is, in messages
OTHER_LANGUAGES = tuple(code for code in LANGUAGE_CODES if code != DEFAULT_LANGUAGE)


@dataclass
class ModelCounts:
    created_count: int = 0
    updated_count: int = 0
    unchanged: int = 0
    # With details (``load_files(details=True)``): what was created and updated.
    created: list = field(default_factory=list)  # natural keys
    updated: list = field(default_factory=list)  # (natural key, [changed fields])
    created_objects: list = field(default_factory=list)
    updated_objects: list = field(default_factory=list)

    @property
    def total(self):
        return self.created_count + self.updated_count + self.unchanged


@dataclass
class LoadResult:
    files: list
    counts: dict  # model label -> ModelCounts, in load order
    dry_run: bool = False

    @property
    def created(self):
        return sum(c.created_count for c in self.counts.values())

    @property
    def updated(self):
        return sum(c.updated_count for c in self.counts.values())

    @property
    def unchanged(self):
        return sum(c.unchanged for c in self.counts.values())

    def summary(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


class _NoProgress:
    def update(self, n=1):
        pass

    def close(self):
        pass


def no_progress(total, description):
    return _NoProgress()


def load_files(
    paths,
    *,
    dry_run=False,
    names=None,
    formats=FORMATS,
    progress=no_progress,
    check=None,
    images_beside_files=True,
    using=DEFAULT_DB_ALIAS,
    details=True,
    problem_limit=None,
):
    """Load ``paths`` (JSON, JSON Lines or CSV files) all or nothing, and return a ``LoadResult``.

    ``names`` maps a path to the name problems should give it (e.g. the name of an uploaded file).
    ``check(result)``, if given, runs after validation and before the last records are written
    (before any, in a load of one chunk) and returns further problems (the admin checks the
    user's permissions with it). With ``images_beside_files`` false, image cells may only name files
    already in media storage (an upload has no files beside it). With ``details`` the result lists
    the records created and updated, with their objects; without, it counts them only, so that a
    load of a million records keeps none of them.
    Raises ``LoadFailed`` listing the problems (the first ``problem_limit`` of them, counting the
    others, if given); then nothing has been written.
    """
    loader = Loader(
        progress=progress,
        using=using,
        details=details,
        images_beside_files=images_beside_files,
        problem_limit=problem_limit,
    )
    names = names or {}
    result = LoadResult(
        files=[names.get(p) or str(p) for p in paths],
        counts={model.label: ModelCounts() for model in specs()},
        dry_run=dry_run,
    )
    batches = loader.read(paths, names=names, formats=formats)
    loader.load(batches, result, check=check, dry_run=dry_run)
    return result


class Plan:
    """What writing a chunk will do, once every record in it has been checked."""

    def __init__(self):
        self.records = {}  # label -> [Record], in load order
        self.many_to_many = []  # _LinkChanges
        self.images = {}  # (field, source path) -> _ImageCopy

    def changes_anything(self):
        return any(
            r.created or r.changed_fields or r.changed_links
            for records in self.records.values()
            for r in records
        )


@dataclass
class _LinkChanges:
    through: type
    source_field: models.ForeignKey  # the through model's foreign key to the source
    target_field: models.ForeignKey  # and to the target
    add: list  # (source instance, target instance)
    remove: list  # ids of link rows


@dataclass(eq=False)
class _ImageCopy:
    field: models.FileField
    source: Path
    target: str
    instances: list = field(default_factory=list)


class _RowIds:
    """A set of row ids, one bit each: a few megabytes for millions of rows."""

    def __init__(self):
        self.bits = bytearray()

    def add(self, pk):
        index = pk >> 3
        if index >= len(self.bits):
            self.bits.extend(bytes(index + 1 - len(self.bits) + len(self.bits) // 2))
        self.bits[index] |= 1 << (pk & 7)

    def __contains__(self, pk):
        index = pk >> 3
        return 0 <= index < len(self.bits) and bool(self.bits[index] & (1 << (pk & 7)))


class Loader:
    """Loads records a chunk at a time (``LOAD_CHUNK``), all in one transaction.

    A load of one chunk (files of up to about 5,000 records) is checked whole, then written: its
    records may refer to each other in any order. A larger one is checked and written chunk by
    chunk, and a record finds the rows of earlier chunks in the database by natural key, as it
    finds any other row: it may refer to rows in the database and to records before it in the
    files (or in its own chunk). What the checks compare across records holds across chunks, as
    earlier chunks are in the database by then: a natural key given twice (the rows this load has
    written are remembered, a bit each, ``_RowIds``), a unique value, an overlap of stands, the
    partners linked on either side. A chunk with problems is not written; later records naming
    its records are not told they are missing (their keys are remembered). When all chunks are
    done, any problem rolls everything back; so does a dry run.
    """

    def __init__(
        self,
        *,
        progress=no_progress,
        using=DEFAULT_DB_ALIAS,
        details=True,
        images_beside_files=True,
        problem_limit=None,
    ):
        self.progress = progress
        self.stage_progress = progress  # a bar per stage (checking, writing) of a single chunk
        self.using = using
        self.details = details
        self.images_beside_files = images_beside_files
        self.problems = Problems(problem_limit)
        self.file_order = {}
        self.size = 0  # about how many records the files hold, for the progress bar
        self.streamed = False  # more than one chunk
        self._provisional_ids = itertools.count(-1, -1)
        self._prepared_images = {}
        self._stored_digests = {}
        self._stored_copies = {}  # (field, source path) -> name in storage, of images saved
        self._images = {}  # (field, source path) -> _ImageCopy
        self._line_finders = {}  # JSON file -> function giving each record's line
        self._placed = defaultdict(list)  # label -> records placed in a hall, each checked alone
        self._written = defaultdict(_RowIds)  # label -> rows written by earlier chunks
        self._linked = defaultdict(_RowIds)  # (label, field) -> rows whose links they gave
        self._unwritten = defaultdict(set)  # label -> keys of records in chunks not written
        self._held_back = False  # a record of this chunk names a record of one not written

    # --- problems ---------------------------------------------------------------------------

    def fail(self, record, field_name, message):
        name = record.column(field_name) if field_name else None
        self.problems.append(Problem(record.origin, name, message))
        record.failed.add(field_name)

    def _raise_problems(self):
        if self.problems.total:
            problems = list(self.problems)
            for display, lines in self._line_finders.items():
                in_file = [p for p in problems if p.origin and p.origin.file == display]
                if in_file:
                    others = [p for p in problems if not (p.origin and p.origin.file == display)]
                    problems = others + with_lines(in_file, lines)

            def position(problem):
                origin = problem.origin or Origin("")
                return (
                    self.file_order.get(origin.file, len(self.file_order)),
                    origin.line or 0,
                    origin.record or 0,
                )

            raise LoadFailed(sorted(problems, key=position), more=self.problems.more)

    # --- 1. read ----------------------------------------------------------------------------

    def read(self, paths, *, names=None, formats=FORMATS):
        """Check every file (``readers.open_source``), then give their records lazily, as
        ``(records, count)`` batches (``Source.batches``)."""
        names = names or {}
        sources = []
        for path in paths:
            display = names.get(path) or str(path)
            self.file_order.setdefault(display, len(self.file_order))
            source = open_source(path, display, formats=formats, problems=self.problems)
            if source is None:
                continue
            if source.lines:
                self._line_finders[display] = source.lines
            sources.append(source)
        self.size = sum(source.size for source in sources)
        return itertools.chain.from_iterable(source.batches(self.problems) for source in sources)

    def _chunks(self, batches):
        """The records of ``batches`` in chunks of ``LOAD_CHUNK`` or more (a batch, a JSON file's
        list or a CSV row's records, is never split): ``(records, count, last)``."""
        records, count = [], 0
        for batch, n in batches:
            if len(records) >= LOAD_CHUNK:
                yield records, count, False
                records, count = [], 0
            if not self.images_beside_files:
                for record in batch:
                    record.base_dir = None
            records.extend(batch)
            count += n
        yield records, count, True

    # --- the load, chunk by chunk -----------------------------------------------------------

    def load(self, batches, result, *, check=None, dry_run=False):
        """Check and write ``batches`` a chunk at a time in one transaction, counting into
        ``result``; raise ``LoadFailed`` (and roll back) if anything is wrong."""
        chunks = self._chunks(batches)
        records, count, last = next(chunks)
        streamed = self.streamed = not last
        if streamed:
            self.stage_progress = no_progress
        bar = self.progress(self.size, "Loading") if streamed else _NoProgress()
        saved = []  # images stored in media storage, deleted again if the load fails
        changed = False
        try:
            with translation.override(DEFAULT_LANGUAGE), self._transaction(saved):
                while True:
                    before = self.problems.total
                    self._held_back = False
                    plan = self._prepare(records)
                    self._count(plan, result)
                    if last:
                        self._raise_problems()
                        problems = list(check(result)) if check else []
                        if problems:
                            raise LoadFailed(problems)
                    if self.problems.total > before or self._held_back:
                        self._hold_back(plan)
                    elif not (dry_run and last):
                        self._write(plan, saved, images=not dry_run)
                        changed = changed or plan.changes_anything()
                        if streamed:
                            self._remember(plan)
                    bar.update(count)
                    if last:
                        break
                    records, count, last = next(chunks)
                if dry_run:
                    transaction.set_rollback(True, using=self.using)
                elif changed:
                    content_changed()  # what the model signals would do: cached pages expire
        finally:
            bar.close()

    @contextlib.contextmanager
    def _transaction(self, saved):
        try:
            with transaction.atomic(using=self.using):
                yield
        except DatabaseError as error:
            self._delete_images(saved)
            raise LoadFailed(
                [Problem(None, None, f"the database refused the data: {error}")]
            ) from error
        except BaseException:
            self._delete_images(saved)
            raise

    def _count(self, plan, result):
        for label, records in plan.records.items():
            counts = result.counts[label]
            # The English columns change with the fields they copy: not worth naming.
            english = spec(label).english_columns
            for record in records:
                if record.created:
                    counts.created_count += 1
                    if self.details:
                        counts.created.append(record.key)
                        counts.created_objects.append(record.instance)
                elif record.changed_fields or record.changed_links:
                    counts.updated_count += 1
                    if self.details:
                        changed = [name for name in record.changed_fields if name not in english]
                        counts.updated.append((record.key, changed + record.changed_links))
                        counts.updated_objects.append(record.instance)
                else:
                    counts.unchanged += 1

    def _remember(self, plan):
        """Note the rows a chunk wrote, and those whose links it gave, for later chunks' checks."""
        for label, records in plan.records.items():
            model = spec(label)
            written = self._written[label]
            for record in records:
                written.add(record.instance.pk)
                for name in model.many_to_many:
                    if name in record.refs:
                        self._linked[(label, name)].add(record.instance.pk)

    def _hold_back(self, plan):
        """A chunk with problems is not written; note its records' keys, so that later records
        naming them are not told they are missing, nor taken for new ones when they repeat them."""
        for label, records in plan.records.items():
            self._unwritten[label].update(r.key for r in records if r.key is not None)

    # --- 2-4. match and check ---------------------------------------------------------------

    def _prepare(self, records):
        plan = Plan()
        self._placed = defaultdict(list)
        self._images = {}
        by_label = {model.label: [] for model in specs()}
        for record in records:
            by_label[record.label].append(record)

        wanted = defaultdict(set)  # label -> natural keys to look up
        self._keys(by_label, wanted)
        self._references(by_label, wanted)
        known = {label: self._fetch(spec(label), keys) for label, keys in wanted.items()}
        for label in by_label:
            known.setdefault(label, {})
        self._new_countries(by_label, known)
        for model in specs():
            for record in by_label[model.label]:
                self._instance(model, record, known)

        total = sum(len(records) for records in by_label.values())
        bar = self.stage_progress(total, "Checking")
        for model in specs():
            records = by_label[model.label]
            for record in records:
                self._assign(model, record, known)
            if model.placement:
                self._cache_halls(model, records, known)
            for n, record in enumerate(records, start=1):
                self._validate(model, record)
                if n % PROGRESS_STEP == 0:
                    bar.update(PROGRESS_STEP)
            bar.update(len(records) % PROGRESS_STEP)
        bar.close()
        for model in specs():
            if model.placement:
                self._check_floor(model, by_label)
            self._check_unique(model, by_label[model.label])
        for model in specs():
            self._links(model, by_label[model.label], known, plan)

        for model in specs():
            for record in by_label[model.label]:
                if not record.created:
                    record.changed_fields = self._changes(model, record)
        plan.records = by_label
        plan.images = self._images
        return plan

    def _keys(self, by_label, wanted):
        """Natural key of every record; a key given twice is a problem."""
        for label, records in by_label.items():
            model = spec(label)
            first = {}
            kept = []
            for record in records:
                key = self._record_key(model, record)
                if key is None:
                    continue
                if key in first or key in self._unwritten[label]:
                    where = f"at {first[key].origin}" if key in first else EARLIER
                    self._duplicate(model, record, key, where)
                    continue
                first[key] = record
                record.key = key
                wanted[label].add(key)
                kept.append(record)
            records[:] = kept

    def _duplicate(self, model, record, key, where):
        fields = model.key_fields
        self.fail(
            record,
            fields[0] if len(fields) == 1 else None,
            f"duplicate {model.verbose_name} “{model.describe_key(key)}”: also {where}",
        )

    def _record_key(self, model, record):
        parts = []
        for name in model.key_fields:
            field_ = model.fields[name]
            value = record.fields.get(name)
            if value in (None, "", []):
                self.fail(record, name, "This field is required: records are matched by it.")
                return None
            if field_.is_relation:
                try:
                    parts.extend(self._reference_key(model.target(name), value))
                except ValueError as error:
                    self.fail(record, name, str(error))
                    return None
            elif isinstance(field_, models.IntegerField):
                try:
                    parts.append(field_.to_python(value))
                except ValidationError as error:
                    self.fail(record, name, " ".join(error.messages))
                    return None
            else:
                value = str(value).strip()
                parts.append(country_code(value) if model.upper_case_key else value)
        return tuple(parts)

    def _reference_key(self, target, value):
        if type(value) is list and len(value) == 1 and type(value[0]) is str and value[0]:
            part = value[0].strip()  # the usual case, kept fast: ["slug"]
            if part:
                return (country_code(part),) if target.upper_case_key else (part,)
        parts = list(value) if isinstance(value, (list, tuple)) else [value]
        if len(parts) != len(target.key_fields) or not all(
            isinstance(part, str) and part.strip() for part in parts
        ):
            example = ", ".join(f'"{name}"' for name in target.key_fields)
            raise ValueError(
                f"give the {target.verbose_name} by its natural key, e.g. [{example}], not {value!r}"
            )
        parts = [part.strip() for part in parts]
        if target.upper_case_key:
            return tuple(country_code(part) for part in parts)
        return tuple(parts)

    def _references(self, by_label, wanted):
        """Natural keys of the records every relation points to."""
        for label, records in by_label.items():
            model = spec(label)
            for record in records:
                for name, value in record.fields.items():
                    if name in model.foreign_keys:
                        if value in (None, "", []):
                            record.refs[name] = None
                            continue
                        target = model.target(name)
                        try:
                            key = self._reference_key(target, value)
                        except ValueError as error:
                            self.fail(record, name, str(error))
                            continue
                        record.refs[name] = key
                        wanted[target.label].add(key)
                    elif name in model.many_to_many:
                        target = model.target(name)
                        if value is None:
                            value = []
                        if not isinstance(value, list):
                            self.fail(record, name, "give a list of natural keys")
                            continue
                        keys = []
                        for item in value:
                            try:
                                keys.append(self._reference_key(target, item))
                            except ValueError as error:
                                self.fail(record, name, str(error))
                        record.refs[name] = list(dict.fromkeys(keys))
                        wanted[target.label].update(keys)

    def _fetch(self, model, keys):
        """Existing rows by natural key, as model instances: a few queries per model."""
        found = {}
        if not keys:
            return found
        paths = model.key_paths()
        queryset = model.rows(self.using)
        joined = {i: path for i, path in enumerate(paths) if "__" in path}
        if joined:
            queryset = queryset.annotate(**{f"loader_key_{i}": F(p) for i, p in joined.items()})
        attnames = [
            f"loader_key_{i}" if i in joined else model.fields[name].attname
            for i, name in enumerate(model.key_fields)
        ]
        firsts = {key[0] for key in keys}
        for obj in self._rows_where(queryset, paths[0], firsts):
            key = tuple(getattr(obj, attname) for attname in attnames)
            if key in keys:
                found[key] = obj
        return found

    def _rows_where(self, queryset, lookup, values):
        """Rows whose ``lookup`` is in ``values``, plus possibly others (callers filter them).

        Few values: queries with ``IN`` lists. Many values, compared with the table's size: one
        query for the whole table, which is much cheaper than building long ``IN`` lists. A
        streamed load asks for a chunk's values at a time, never many: it does not count the
        table, which would take longer than the look-ups once the table is large.
        """
        if not values:
            return
        if (
            not self.streamed
            and len(values) > BULK_SCAN_MIN
            and len(values) * 2 >= queryset.count()
        ):
            yield from queryset
            return
        values = sorted(values)
        for start in range(0, len(values), QUERY_CHUNK):
            yield from queryset.filter(**{f"{lookup}__in": values[start : start + QUERY_CHUNK]})

    def _new_countries(self, by_label, known):
        """Add a country for each real ISO code referred to but not in the database or the files."""
        country = spec("exhibitions.country")
        code_field = country.fields["code"]
        defined = {record.key for record in by_label[country.label]}
        iso_names = dict(iso_countries)
        added = {}
        for label, records in by_label.items():
            model = spec(label)
            for record in records:
                for name, refs in record.refs.items():
                    if model.target(name).label != country.label or refs is None:
                        continue
                    for key in refs if isinstance(refs, list) else [refs]:
                        if key in known[country.label] or key in defined or key in added:
                            continue
                        try:
                            code_field.run_validators(key[0])
                        except ValidationError as error:
                            self.fail(record, name, " ".join(error.messages))
                            continue
                        fields = {"code": key[0], "name": str(iso_names[key[0]])}
                        for language in OTHER_LANGUAGES:  # as django-countries names it
                            with translation.override(language):
                                name_there = str(iso_countries.name(key[0]))
                            fields[column("name", language)] = name_there
                        new = Record(country.label, fields, record.origin)
                        new.key = key
                        added[key] = new
        by_label[country.label].extend(added.values())

    def _instance(self, model, record, known):
        instance = known[model.label].get(record.key)
        if instance is not None and instance.pk in self._written[model.label]:
            self._duplicate(model, record, record.key, EARLIER)
        record.created = instance is None
        if instance is None:
            instance = model.model()
            instance.pk = next(self._provisional_ids)
            known[model.label][record.key] = instance
        else:
            record.snapshot = self._snapshot(model, instance)
        record.instance = instance

    @staticmethod
    def _snapshot(model, instance):
        values = {}
        for name, field_ in model.stored.items():
            value = instance.__dict__.get(field_.attname)
            values[name] = getattr(value, "name", value) if name in model.files else value
        return values

    def _changes(self, model, record):
        now = self._snapshot(model, record.instance)
        return [name for name, value in now.items() if value != record.snapshot[name]]

    def _assign(self, model, record, known):
        instance = record.instance
        local = {}  # date-times given without an offset, in a related record's time zone
        for name, value in record.fields.items():
            if name in model.many_to_many or name in record.failed:
                continue
            field_ = model.fields[name]
            if field_.is_relation:
                if name not in record.refs:
                    continue
                key = record.refs[name]
                if key is None:
                    if not field_.null:
                        self.fail(record, name, "This field is required.")
                    elif getattr(instance, field_.attname) is not None:
                        setattr(instance, name, None)
                    continue
                target_model = model.target(name)
                target = known[target_model.label].get(key)
                if target is None:
                    if (
                        target_model.label != "exhibitions.country"
                    ):  # bad codes are reported already
                        self._missing(record, name, target_model, key)
                    continue
                setattr(instance, name, target)
            elif name in model.files:
                self._assign_file(model, record, field_, value)
            else:
                try:
                    value = field_.to_python(value)
                except ValidationError as error:
                    self.fail(record, name, " ".join(error.messages))
                    continue
                if isinstance(value, datetime.datetime) and timezone.is_naive(value):
                    if model.time_zone_from:
                        local[name] = value
                        continue
                    value = timezone.make_aware(value, datetime.UTC)
                if name in model.language_columns and value in (None, ""):
                    if instance.__dict__.get(field_.attname) in (None, ""):
                        continue  # no translation, as before: NULL and "" alike
                    value = None
                # Into the column itself: a translated field's attribute would write the active
                # language's column (django-modeltranslation's descriptor).
                instance.__dict__[field_.attname] = value
        self._copy_to_english(model, record)
        if model.time_zone_from:
            self._place_in_time_zone(model, record, local)

    @staticmethod
    def _copy_to_english(model, record):
        """Each translated field's English column takes the field's text, as when a model is
        created or saved (``core.translations.sync_original_columns``): a text the record gives,
        or any text when the English column is empty. On a row already there, one empty text
        for another (``""`` and NULL) is no change."""
        values = record.instance.__dict__
        for name, columns in model.translations.items():
            english = columns[DEFAULT_LANGUAGE]
            text, current = values[name], values.get(english)
            if text == current:
                continue
            given = name in record.fields and name not in record.failed
            if record.created and given:
                values[english] = text
            elif text in (None, "") and current in (None, ""):
                continue
            elif given or current in (None, ""):
                values[english] = text

    def _place_in_time_zone(self, model, record, local):
        """Give ``local`` date-times the related record's time zone, and check that zone.

        A record whose times cannot be placed (the exhibition's time zone is not a real one) has
        them cleared, so that the model's own checks, which read that zone, can still run.
        """
        instance = record.instance
        relation = model.time_zone_from
        given = [name for name, f in model.datetimes.items() if getattr(instance, f.attname)]
        if not (given or local) or relation in record.failed:
            return
        if getattr(instance, model.fields[relation].attname) is None:
            return  # the missing relation is reported when the record is checked
        owner = getattr(instance, relation)
        try:
            zone = _time_zone(owner.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            target = model.target(relation)
            for name in [*given, *local]:
                setattr(instance, model.fields[name].attname, None)
                self.fail(
                    record,
                    name,
                    f"the time cannot be placed: the {target.verbose_name} has no valid time zone "
                    f"(“{owner.time_zone}”)",
                )
            return
        for name, value in local.items():
            setattr(instance, model.fields[name].attname, timezone.make_aware(value, zone))

    def _missing(self, record, name, target, key):
        if key in self._unwritten[target.label]:
            # In a chunk that had problems, which are reported: the reference is not checked.
            record.failed.add(name)
            self._held_back = True
            return
        self.fail(
            record,
            name,
            f"no {target.verbose_name} “{target.describe_key(key)}” in the database or in the files",
        )

    def _validate(self, model, record):
        instance = record.instance
        for name, field_ in model.foreign_keys.items():
            if (
                not field_.null
                and getattr(instance, field_.attname) is None
                and name not in record.failed
            ):
                self.fail(record, name, "This field is required.")
        exclude = set(model.foreign_keys) | model.derived | record.failed
        # A position is checked by _check_placement and _check_floor, in bulk: the model's clean()
        # sees none while it runs (Stand.clean_position would ask the database for overlaps).
        placement = model.placement
        held = {}
        if placement:
            exclude |= set(placement.fields)
            for name in (placement.hall, *placement.fields):
                attname = model.fields[name].attname
                held[attname] = instance.__dict__[attname]
                instance.__dict__[attname] = None
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self._report(model, record, error)
        finally:
            instance.__dict__.update(held)
        if placement:
            self._check_placement(model, record)

    def _report(self, model, record, error):
        """A problem for each message of a ValidationError about ``record``."""
        for name, errors in error.update_error_dict({}).items():
            field_name = None if name == NON_FIELD_ERRORS else name
            for item in errors:
                message = " ".join(item.messages)
                if item.code == "invalid_choice" and field_name in model.fields:
                    choices = ", ".join(str(c) for c, _ in model.fields[field_name].choices)
                    message = f"{message} Choose one of: {choices}."
                self.fail(record, field_name, message)

    # --- positions on a hall's floor --------------------------------------------------------

    def _cache_halls(self, model, records, known):
        """Give every record's instance its hall object, fetching in one query those of rows the
        files do not name a hall for, so that checking them asks nothing more of the database."""
        field_ = model.fields[model.placement.hall]
        target = model.target(model.placement.hall)
        halls = {hall.pk: hall for hall in known[target.label].values()}
        missing = {
            record.instance.__dict__[field_.attname]
            for record in records
            if not field_.is_cached(record.instance)
        }
        missing -= {None, *halls}
        for hall in self._rows_where(target.rows(self.using), "pk", missing):
            halls[hall.pk] = hall
        for record in records:
            hall_pk = record.instance.__dict__[field_.attname]
            if hall_pk is not None and not field_.is_cached(record.instance):
                field_.set_cached_value(record.instance, halls.get(hall_pk))

    def _check_placement(self, model, record):
        """One record's position, as the model's clean() checks it: its fields' own rules, then
        ``core.geometry.check_placement`` (all or nothing of it, the hall of the same exhibition,
        inside the hall) and, for a stand, its code. Overlaps are for ``_check_floor``."""
        placement = model.placement
        names = placement.fields
        if record.failed & {placement.hall, *names}:
            return
        instance = record.instance
        others = [name for name in model.fields if name not in names]
        try:
            instance.clean_fields(exclude=others)
        except ValidationError as error:
            self._report(model, record, error)
            return
        hall = self._hall(model, instance)
        if hall is not None and (hall.width is None or hall.depth is None):
            return  # the hall's own record is refused for that
        rect = tuple(getattr(instance, model.fields[name].attname) for name in names)
        exhibition_id = instance.__dict__.get("exhibition_id")
        try:
            check_placement(rect, hall, exhibition_id, thing=placement.thing, names=names)
            if hall is not None and placement.code:
                if not str(getattr(instance, placement.code) or "").strip():
                    raise ValidationError({placement.code: placement.code_message})
        except ValidationError as error:
            self._report(model, record, error)
            return
        if hall is not None:
            self._placed[model.label].append(record)

    @staticmethod
    def _hall(model, instance):
        field_ = model.fields[model.placement.hall]
        if instance.__dict__[field_.attname] is None:
            return None
        return field_.get_cached_value(instance)

    def _check_floor(self, model, by_label):
        """Every hall the files place something in (or make smaller): no two rectangles of the
        model overlap there, whether both are in the files or one is in the database, and the rows
        already there still fit inside the hall. Each hall's rectangles are compared once, on a
        grid (``_overlaps``), with one query for the rows already in these halls."""
        placement = model.placement
        field_ = model.fields[placement.hall]
        hall_label = model.target(placement.hall).label
        placed = self._placed[model.label]
        halls = {}  # pk -> hall
        for record in placed:
            hall = self._hall(model, record.instance)
            halls[hall.pk] = hall
        # Halls the files make narrower or shallower: the rows already in them must still fit.
        shrunk = {}
        for record in by_label[hall_label]:
            hall = record.instance
            if record.created or record.failed & {"width", "depth"}:
                continue
            if hall.width < record.snapshot["width"] or hall.depth < record.snapshot["depth"]:
                shrunk[hall.pk] = record
                halls[hall.pk] = hall
        if not halls:
            return

        items = defaultdict(list)  # hall pk -> [_Rect]
        attnames = [model.fields[name].attname for name in placement.fields]
        for record in placed:
            instance = record.instance
            rect = tuple(getattr(instance, attname) for attname in attnames)
            items[instance.__dict__[field_.attname]].append(
                _Rect(rect, record, self._position(record))
            )
        in_files = {record.instance.pk for record in by_label[model.label] if not record.created}
        existing = {pk for pk, hall in halls.items() if not hall._state.adding}
        rows = (
            model.queryset(self.using)
            .filter(**{f"{attnames[0]}__isnull": False})
            .values_list("pk", field_.attname, *attnames, *placement.describe)
        )
        outside = defaultdict(list)  # hall pk -> [(description, rect)] of rows that no longer fit
        for pk, hall_pk, *values in self._rows_where(rows, field_.attname, existing):
            rect, names = tuple(values[:4]), values[4:]
            if pk in in_files or None in rect:
                continue
            description = placement.template.format(*names)
            earlier = pk in self._written[model.label]
            items[hall_pk].append(_Rect(rect, None, None, description, earlier))
            hall = halls[hall_pk]
            if hall_pk in shrunk and not inside(rect, hall.width, hall.depth):
                outside[hall_pk].append((description, rect))

        for hall_pk, rows_outside in outside.items():
            hall, shown = halls[hall_pk], 3
            count = len(rows_outside)
            rows_outside.sort(key=lambda row: row[0])
            listed = "; ".join(
                f"{description} reaches {metres(x + w)} × {metres(y + d)} m"
                for description, (x, y, w, d) in rows_outside[:shown]
            )
            more = f"; and {count - shown} more" if count > shown else ""
            things = placement.thing if count == 1 else f"{placement.thing}s"
            self.fail(
                shrunk[hall_pk],
                "width" if hall.width < shrunk[hall_pk].snapshot["width"] else "depth",
                f"{count} {things} in the database would no longer fit inside {hall} "
                f"({metres(hall.width)} × {metres(hall.depth)} m): {listed}{more}. "
                "Move them in the same files, or keep the hall's size.",
            )
        for hall_pk, hall_items in items.items():
            for item, other in _overlaps(hall_items):
                if other.record is not None:
                    where = f" ({other.record.origin})"
                else:
                    where = f" ({EARLIER})" if other.earlier else ""
                self.fail(
                    item.record,
                    placement.fields[0],
                    f"The {placement.thing} overlaps {other.describe(placement)} in "
                    f"{halls[hall_pk]}{where}.",
                )

    def _position(self, record):
        """Where a record is in the files, for choosing which of two records a problem names."""
        origin = record.origin
        return (self.file_order.get(origin.file, 0), origin.line or 0, origin.record or 0)

    def _check_unique(self, model, records):
        """The model's unique constraints other than its natural key (a stand code in an
        exhibition, a hall's name in an exhibition): across the files, and against the rows
        already in the database, in one query per constraint.

        A row with an empty value in the constraint's fields is not compared: the database never
        finds NULLs equal, and the one conditional constraint (a stand code) leaves empty codes out.
        """
        in_files = {record.instance.pk for record in records if not record.created}
        for constraint in model.unique_constraints:
            names = constraint.fields
            attnames = [model.fields[name].attname for name in names]
            first = {}  # values -> the first record giving them
            for record in records:
                if record.failed & set(names):
                    continue
                values = tuple(getattr(record.instance, attname) for attname in attnames)
                if any(value is None or value == "" for value in values):
                    continue
                if values in first:
                    other = first[values]
                    self._not_unique(
                        model,
                        constraint,
                        record,
                        f"{model.verbose_name} {model.describe_key(other.key)} at {other.origin}",
                    )
                else:
                    first[values] = record
            if not first:
                continue
            rows = model.queryset(self.using).values_list("pk", *attnames, *model.key_paths())
            lookup_values = {values[0] for values in first}
            for pk, *values in self._rows_where(rows, attnames[0], lookup_values):
                values, key = tuple(values[: len(names)]), tuple(values[len(names) :])
                record = first.get(values)
                if record is None or pk in in_files or record.failed & {names[-1]}:
                    continue
                where = self._where(model, pk)
                self._not_unique(
                    model,
                    constraint,
                    record,
                    f"{model.verbose_name} {model.describe_key(key)} {where}",
                )

    def _where(self, model, pk):
        """Where a row in the database came from: an earlier chunk of the files, or before."""
        return EARLIER if pk in self._written[model.label] else "in the database"

    def _not_unique(self, model, constraint, record, other):
        if constraint.violation_error_message != constraint.default_violation_error_message:
            message = constraint.get_violation_error_message()
        else:
            error = record.instance.unique_error_message(model.model, constraint.fields)
            message = " ".join(error.messages)
        self.fail(record, constraint.fields[-1], f"{message.rstrip('.')}: {other}.")

    def _links(self, model, records, known, plan):
        """Many-to-many links the records give, compared with the link rows in the database."""
        for name, field_ in model.many_to_many.items():
            carrying = [r for r in records if name in r.refs and name not in r.failed]
            if not carrying:
                continue
            target = model.target(name)
            targets_known = known[target.label]
            wanted = {}
            for record in carrying:
                targets = {}
                for key in record.refs[name]:
                    obj = targets_known.get(key)
                    if obj is None:
                        if target.label != "exhibitions.country":
                            self._missing(record, name, target, key)
                        continue
                    targets[obj.pk] = obj
                if not field_.blank and not record.refs[name]:
                    self.fail(record, name, "This field is required.")
                wanted[record.instance.pk] = targets
            symmetrical = field_.remote_field.symmetrical and field_.related_model is model.model
            if symmetrical:  # a link listed on either side holds both ways
                instances = {r.instance.pk: r.instance for r in carrying}
                for source_pk, targets in list(wanted.items()):
                    for target_pk in targets:
                        if target_pk in wanted:
                            wanted[target_pk][source_pk] = instances[source_pk]

            through, source_field, target_field = model.link_fields(name)
            source_attname, target_attname = source_field.attname, target_field.attname
            existing_pks = {r.instance.pk for r in carrying if not r.created}
            rows = {}  # (source pk, target pk) -> link row id
            have = defaultdict(set)
            link_rows = through._base_manager.using(self.using).values_list(
                "pk", source_attname, target_attname
            )
            lookups = [source_attname, target_attname] if symmetrical else [source_attname]
            for lookup in lookups:
                for row_id, source_pk, target_pk in self._rows_where(
                    link_rows, lookup, existing_pks
                ):
                    if source_pk in existing_pks or target_pk in existing_pks:
                        rows[(source_pk, target_pk)] = row_id
                        if source_pk in existing_pks:
                            have[source_pk].add(target_pk)

            if symmetrical:  # a link an earlier chunk's record listed holds both ways too
                linked = self._linked[(model.label, name)]
                for source_pk, targets in wanted.items():
                    for target_pk in have.get(source_pk, ()):
                        if target_pk in linked:
                            targets.setdefault(target_pk, None)  # linked already: not added

            add, remove = {}, set()
            no_links = frozenset()
            for record in carrying:
                source = record.instance
                source_pk = source.pk
                targets = wanted[source_pk]
                current = have.get(source_pk, no_links)
                if targets.keys() == current:
                    continue
                record.changed_links.append(name)
                for target_pk, obj in targets.items():
                    if target_pk not in current:
                        add.setdefault((source_pk, target_pk), (source, obj))
                        if symmetrical and (target_pk, source_pk) not in rows:
                            add.setdefault((target_pk, source_pk), (obj, source))
                for target_pk in current - targets.keys():
                    remove.add(rows[(source_pk, target_pk)])
                    if symmetrical and (target_pk, source_pk) in rows:
                        remove.add(rows[(target_pk, source_pk)])
            if add or remove:
                plan.many_to_many.append(
                    _LinkChanges(
                        through, source_field, target_field, list(add.values()), sorted(remove)
                    )
                )

    # --- images -----------------------------------------------------------------------------

    def _assign_file(self, model, record, field_, value):
        instance = record.instance
        current = instance.__dict__.get(field_.attname)
        current = getattr(current, "name", current) or ""
        value = "" if value is None else str(value).strip()
        if not value:
            if current:
                setattr(instance, field_.attname, "")
            return
        relative = PurePosixPath(value.replace("\\", "/"))
        parts = relative.parts
        if relative.is_absolute() or ".." in parts or (parts and ":" in parts[0]):
            self.fail(
                record,
                field_.name,
                f"“{value}”: give the image as a path relative to the data file",
            )
            return
        source = record.base_dir / relative if record.base_dir else None
        if source is not None and source.is_file():
            name = self._image_from_file(record, field_, source, current, value)
        elif value == current or field_.storage.exists(value):
            name = value
        else:
            where = f"next to {record.origin.file} or " if record.base_dir else ""
            self.fail(
                record, field_.name, f"image file “{value}” not found {where}in media storage"
            )
            return
        if name and name != current:
            setattr(instance, field_.attname, name)

    def _image_from_file(self, record, field_, source, current, value):
        """The storage name for an image file: an identical stored file, or a copy to make."""
        if (field_, source) in self._stored_copies:  # by an earlier chunk
            return self._stored_copies[(field_, source)]
        prepared = self._prepare_image(field_, source)
        if isinstance(prepared, ValidationError):
            self.fail(record, field_.name, f"{value}: {' '.join(prepared.messages)}")
            return None
        data, extension = prepared
        stem = os.path.splitext(source.name)[0] or "image"
        target = field_.generate_filename(record.instance, f"{stem}.{extension}")
        digest = hashlib.sha256(data).hexdigest()
        for candidate in (current, target):
            if candidate and self._stored_digest(field_.storage, candidate) == digest:
                return candidate
        copy = self._images.setdefault(
            (field_, source), _ImageCopy(field=field_, source=source, target=target)
        )
        copy.instances.append(record.instance)
        return target

    def _prepare_image(self, field_, source):
        """What storage would hold for ``source``: (bytes, extension), or the ValidationError."""
        card_fit = getattr(field_, "card_fit", None)
        cache_key = (source, card_fit)
        if cache_key not in self._prepared_images:
            try:
                if isinstance(field_, RenditionImageField):
                    with source.open("rb") as opened:
                        prepared = prepare_image(File(opened, name=source.name), card_fit)
                    outcome = (prepared.master, prepared.extension)
                else:
                    outcome = (source.read_bytes(), source.suffix.lstrip(".").lower() or "bin")
            except ValidationError as error:
                outcome = error
            except OSError as error:
                outcome = ValidationError(f"cannot be read: {error.strerror}")
            self._prepared_images[cache_key] = outcome
        return self._prepared_images[cache_key]

    def _stored_digest(self, storage, name):
        if (storage, name) not in self._stored_digests:
            digest = None
            try:
                if storage.exists(name):
                    with storage.open(name, "rb") as stored:
                        digest = hashlib.sha256(stored.read()).hexdigest()
            except OSError:
                digest = None
            self._stored_digests[(storage, name)] = digest
        return self._stored_digests[(storage, name)]

    # --- 5. write ---------------------------------------------------------------------------

    def _write(self, plan, saved, *, images=True):
        """Write a checked chunk: its images into media storage (unless ``images`` is false, for a
        dry run), new rows, changed columns, and links."""
        total = sum(len(records) for records in plan.records.values())
        bar = self.stage_progress(total, "Writing")
        try:
            if images:
                self._save_images(plan, saved)
            for model in specs():
                records = plan.records[model.label]
                self._insert(model, [r.instance for r in records if r.created])
                self._update(model, [r for r in records if not r.created and r.changed_fields])
                bar.update(len(records))
            self._write_links(plan)
        finally:
            bar.close()

    def _save_images(self, plan, saved):
        for copy in plan.images.values():
            first, *others = copy.instances
            file = getattr(first, copy.field.attname)
            with copy.source.open("rb") as source:
                file.save(
                    os.path.basename(copy.target), File(source, name=copy.source.name), save=False
                )
            saved.append(file)
            self._stored_copies[(copy.field, copy.source)] = file.name
            for instance in others:
                setattr(instance, copy.field.attname, file.name)

    @staticmethod
    def _delete_images(saved):
        for file in saved:
            try:
                file.delete(save=False)
            except OSError:
                pass

    @staticmethod
    def _sync_foreign_keys(model, instance):
        """Copy the ids of related objects saved in this load onto ``instance``."""
        for field_ in model.foreign_keys.values():
            if field_.is_cached(instance):
                target = field_.get_cached_value(instance)
                if target is not None:
                    instance.__dict__[field_.attname] = target.pk

    def _insert(self, model, instances):
        if not instances:
            return
        opts = model.model._meta
        fields = [f for f in opts.concrete_fields if not f.primary_key and not f.generated]
        stamped = [
            f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        self_references = [f for f in model.foreign_keys.values() if f.related_model is model.model]
        connection = connections[self.using]
        batch = WRITE_BATCH if connection.features.can_return_rows_from_bulk_insert else 1
        batch = max(1, min(batch, connection.ops.bulk_batch_size(fields, instances)))
        returning = opts.db_returning_fields
        queryset = model.queryset(self.using)
        now = timezone.now()
        pending = instances
        while pending:
            # Rows pointing at a new row of their own table (a sector's new parent) wait for it.
            ready = [
                obj for obj in pending if not any(_unsaved_target(obj, f) for f in self_references)
            ]
            if not ready:
                raise LoadFailed(
                    [
                        Problem(
                            None, None, f"{model.verbose_name_plural} refer to each other in a loop"
                        )
                    ]
                )
            for obj in ready:
                obj.pk = None
                self._sync_foreign_keys(model, obj)
                for f in stamped:
                    if getattr(obj, f.attname) is None:
                        setattr(obj, f.attname, now)
            for start in range(0, len(ready), batch):
                chunk = ready[start : start + batch]
                # QuerySet._insert is private Django API (what bulk_create calls), used for
                # raw=True, as loaddata saves: values go in as given. bulk_create would run each
                # field's pre_save(), and auto_now_add would replace the created_at a file gives
                # with now; setting created_at back would cost an UPDATE per batch, and switching
                # auto_now_add off would change the field for every thread. Auto-stamped fields
                # the file leaves empty are filled in above instead.
                rows = queryset._insert(
                    chunk, fields=fields, returning_fields=returning, raw=True, using=self.using
                )
                for obj, row in zip(chunk, rows, strict=True):
                    for f, value in zip(returning, row, strict=True):
                        setattr(obj, f.attname, value)
                    obj._state.adding = False
                    obj._state.db = self.using
            pending = [obj for obj in pending if obj._state.adding]

    def _update(self, model, records):
        groups = defaultdict(list)
        for record in records:
            self._sync_foreign_keys(model, record.instance)
            groups[tuple(record.changed_fields)].append(record.instance)
        queryset = model.queryset(self.using)
        for names, instances in groups.items():
            queryset.bulk_update(instances, list(names), batch_size=WRITE_BATCH)

    def _write_links(self, plan):
        connection = connections[self.using]
        quote = connection.ops.quote_name
        for change in plan.many_to_many:
            manager = change.through._base_manager.using(self.using)
            for start in range(0, len(change.remove), QUERY_CHUNK):
                manager.filter(pk__in=change.remove[start : start + QUERY_CHUNK]).delete()
            pairs = [(source.pk, target.pk) for source, target in change.add]
            opts = change.through._meta
            if not opts.auto_created:  # a through model of its own may have more to fill in
                manager.bulk_create(
                    [
                        change.through(
                            **{
                                change.source_field.attname: source,
                                change.target_field.attname: target,
                            }
                        )
                        for source, target in pairs
                    ],
                    batch_size=WRITE_BATCH,
                )
                continue
            # Link rows are two ids: plain multi-row INSERTs, without building a model per row.
            table = quote(opts.db_table)
            source_column = quote(change.source_field.column)
            target_column = quote(change.target_field.column)
            head = f"INSERT INTO {table} ({source_column}, {target_column}) VALUES "
            with connection.cursor() as cursor:
                for start in range(0, len(pairs), LINK_BATCH):
                    batch = pairs[start : start + LINK_BATCH]
                    cursor.execute(
                        head + ", ".join(["(%s, %s)"] * len(batch)),
                        [value for pair in batch for value in pair],
                    )


@dataclass(eq=False)
class _Rect:
    """A rectangle on a hall's floor: of a record in the files, or of a row in the database."""

    rect: tuple  # x, y, width, depth
    record: Record | None  # None for a row in the database
    position: tuple | None = None  # where the record is in the files
    description: str = ""  # a row's, as messages name it
    earlier: bool = False  # a row written by an earlier chunk of the files

    def describe(self, placement):
        if self.record is None:
            return self.description
        instance = self.record.instance
        values = []
        for path in placement.describe:
            value = instance
            for name in path.split("__"):
                value = getattr(value, name, None)
            values.append(value)
        return placement.template.format(*values)


def _overlaps(items):
    """``(item, other)`` for each record in ``items`` that overlaps another rectangle, with the
    first one found: a record is named for a row in the database, and the later of two records for
    the earlier one. Rows in the database are not compared with each other.

    The rectangles go into a grid of square cells about twice the size of a typical one, and each
    record is compared (with ``core.geometry.overlap``) only with the rectangles already in the
    cells it covers: a few comparisons per stand on a floor of thousands, not one per pair.
    """
    if not any(item.record is not None for item in items):
        return
    sides = sorted(max(item.rect[2], item.rect[3]) for item in items)
    size = max(2 * sides[len(sides) // 2], Decimal(1))
    grid = defaultdict(list)  # (column, row) -> rectangles covering that cell
    in_database = [item for item in items if item.record is None]
    in_files = sorted((item for item in items if item.record is not None), key=_file_position)
    for item in in_database + in_files:
        x, y, width, depth = item.rect
        cells = [
            (column, row)
            for column in range(int(x // size), int((x + width) // size) + 1)
            for row in range(int(y // size), int((y + depth) // size) + 1)
        ]
        if item.record is not None:
            compared = set()
            clash = None
            for cell in cells:
                for other in grid[cell]:
                    if id(other) not in compared:
                        compared.add(id(other))
                        if overlap(other.rect, item.rect):
                            clash = other
                            break
                if clash is not None:
                    yield item, clash
                    break
        for cell in cells:
            grid[cell].append(item)


def _file_position(item):
    return item.position


@functools.cache
def _time_zone(name):
    return zoneinfo.ZoneInfo(name)


def _unsaved_target(obj, field_):
    if not field_.is_cached(obj):
        return False
    target = field_.get_cached_value(obj)
    return target is not None and target is not obj and target._state.adding
