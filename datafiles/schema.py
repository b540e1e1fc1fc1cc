"""What the loader and the exporter handle: the models in load order and their natural keys.

Every content model (``core.registry``) is loaded from files, in the registry's order, where a record
only refers to models listed before it (or to its own model, as a sector to its parent). Each model is matched by its natural key: the slug, the country
code, or the pair that is unique together (an exhibitor at an exhibition for a stand, a pavilion and
a position for a section, an exhibition and a position for a key figure).

Date-times are instants (aware). Those of a model in ``LOCAL_TIME_ZONES`` (a session's start and
end) belong to the time zone of a related record (the session's exhibition): the exporter writes
them with that zone's offset (``2022-08-22T09:30:00+08:00``), and the loader reads one given without
an offset as that zone's local time. Other date-times (``created_at``) are written in UTC (``Z``),
and read as UTC when given without an offset.

Fields that are derived rather than data are neither read nor written: the primary key, the
``search_vector`` column a PostgreSQL trigger maintains, the width and height an image field
records from its file, and the English column of each translated field (``name_en``), which holds
what the field's own column (``name``) holds: English (``core.translations``).

Translated fields (django-modeltranslation's, ``ModelSpec.translations``) travel as the field's own
name for the English text (``name``) and one name per other language (``name_zh_hans``,
``name_ru``): the same names as JSON keys and CSV columns. The loader writes the English column
itself, and treats an empty text in another language (``""`` or ``null``) as "no translation":
it stores NULL, so that two rows without a Chinese name do not clash in a unique constraint
(a hall's name in an exhibition), and leaves a row's empty translation as it is.

Some models are rectangles on a hall's floor (``PLACEMENTS``: a stand, a pavilion's area). The
loader checks them with ``core.geometry`` as the models do, but in bulk: each record on its own
(inside its hall, the whole position or none of it), then every hall's rectangles against each other
and against the rows already in the database, once per hall rather than once per record. Unique
constraints besides the natural key (a stand code in an exhibition, a hall's name in an exhibition)
are checked in bulk too (``ModelSpec.unique_constraints``).
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.db import DEFAULT_DB_ALIAS, models

from core.registry import content_labels
from core.translations import DEFAULT_LANGUAGE, LANGUAGE_CODES, column, translated_fields

# Every content model, in load order (core.registry).
MODEL_LABELS = content_labels()

KEY_FIELDS = {
    "exhibitions.country": ("code",),
    "exhibitions.keyfigure": ("exhibition", "position"),
    "pavilions.section": ("pavilion", "position"),
    "exhibitors.stand": ("exhibitor", "exhibition"),
    "programme.sessionperson": ("session", "person"),
}
DEFAULT_KEY_FIELDS = ("slug",)

# Models whose date-times are local to a related record's ``time_zone``: model -> that relation.
LOCAL_TIME_ZONES = {"programme.session": "exhibition"}

# Natural keys compared case-insensitively: country codes, stored upper-case. Only ASCII is
# upper-cased (``exhibitions.models.country_code``): "ﬁ" must not become FI.
UPPER_CASE_KEYS = {"exhibitions.country"}


@dataclass(frozen=True)
class Placement:
    """A model whose rows may be rectangles in a hall (``core.geometry``): the same rules as its
    ``clean()`` (``Stand.clean_position``, ``Pavilion.clean``), which ask the database once per row.

    A row placed in a hall lies inside it, and overlaps no other row of its model in that hall.
    """

    hall: str  # the foreign key to the hall
    fields: tuple  # the rectangle: x, y, width, depth, the first taking an overlap's problem
    thing: str  # what messages call one ("stand"), as the model's clean() does
    describe: tuple  # ORM paths to the values that name one in messages, filled into ``template``
    template: str
    code: str | None = None  # a field a placed row must fill in, and the model's message for it
    code_message: str = ""


PLACEMENTS = {
    "exhibitors.stand": Placement(
        hall="hall",
        fields=("x", "y", "width", "depth"),
        thing="stand",
        describe=("booth", "exhibitor__name"),
        template="stand {} ({})",
        code="booth",
        code_message="A stand on the floor plan needs its stand code.",
    ),
    "pavilions.pavilion": Placement(
        hall="hall",
        fields=("area_x", "area_y", "area_width", "area_depth"),
        thing="pavilion",
        describe=("name",),
        template="the area of pavilion {}",
    ),
}


class ModelSpec:
    """One loadable model: its fields, relations and natural key."""

    def __init__(self, label):
        self.label = label
        self.model = apps.get_model(label)
        opts = self.model._meta
        self.verbose_name = str(opts.verbose_name)
        self.verbose_name_plural = str(opts.verbose_name_plural)
        self.key_fields = KEY_FIELDS.get(label, DEFAULT_KEY_FIELDS)
        self.search_vectors = tuple(
            f.name for f in opts.concrete_fields if isinstance(f, SearchVectorField)
        )
        derived = set(self.search_vectors)
        for f in opts.concrete_fields:
            if isinstance(f, models.ImageField):
                derived.update(name for name in (f.width_field, f.height_field) if name)
        # Translated fields, in the model's field order: field -> {language: column}.
        translated = set(translated_fields(self.model))
        self.translations = {
            f.name: {language: column(f.name, language) for language in LANGUAGE_CODES}
            for f in opts.concrete_fields
            if f.name in translated
        }
        # The English column of each translated field -> the field, whose own column it copies.
        self.english_columns = {
            columns[DEFAULT_LANGUAGE]: name for name, columns in self.translations.items()
        }
        # The column of each translated field in another language -> the field.
        self.language_columns = {
            columns[language]: name
            for name, columns in self.translations.items()
            for language in LANGUAGE_CODES
            if language != DEFAULT_LANGUAGE
        }
        derived.update(self.english_columns)
        self.derived = frozenset(derived)
        # Every column a load may write: data fields plus the image sizes that follow the image.
        self.stored = {
            f.name: f
            for f in opts.concrete_fields
            if not f.primary_key and not f.generated and f.name not in self.search_vectors
        }
        # The fields a data file carries.
        self.fields = {name: f for name, f in self.stored.items() if name not in self.derived}
        self.foreign_keys = {name: f for name, f in self.fields.items() if f.is_relation}
        self.files = {name: f for name, f in self.fields.items() if isinstance(f, models.FileField)}
        self.many_to_many = {f.name: f for f in opts.many_to_many}
        self.datetimes = {
            name: f for name, f in self.fields.items() if isinstance(f, models.DateTimeField)
        }
        self.time_zone_from = LOCAL_TIME_ZONES.get(label)
        self.upper_case_key = label in UPPER_CASE_KEYS
        self.placement = PLACEMENTS.get(label)
        # Unique constraints other than the natural key, which the loader checks on its own; not
        # the copies over English columns, which hold what the fields' own columns hold.
        self.unique_constraints = tuple(
            c
            for c in opts.constraints
            if isinstance(c, models.UniqueConstraint)
            and c.fields
            and not c.expressions
            and set(c.fields) != set(self.key_fields)
            and not set(c.fields) & set(self.english_columns)
        )
        self._targets = {}

    def __repr__(self):
        return f"<ModelSpec {self.label}>"

    def target(self, name):
        """The spec of the model a foreign key or many-to-many field points to."""
        try:
            return self._targets[name]
        except KeyError:
            field = self.fields.get(name) or self.many_to_many[name]
            target = self._targets[name] = spec(field.related_model._meta.label_lower)
            return target

    def queryset(self, using=DEFAULT_DB_ALIAS):
        """The model's rows, with field names meaning their own columns: django-modeltranslation's
        querysets otherwise turn ``name`` into the active language's column (``name_ru``), in
        ``filter()``, ``values_list()`` and the ``update()`` behind ``bulk_update()``."""
        return plain(self.model._base_manager.using(using))

    def rows(self, using=DEFAULT_DB_ALIAS):
        """Every row of the model, without the search vectors nothing here reads."""
        queryset = self.queryset(using)
        return queryset.defer(*self.search_vectors) if self.search_vectors else queryset

    def value(self, obj, field):
        """A concrete field's value on ``obj`` as its column holds it. A translated field's
        attribute gives the active language's text (or the English fallback); its column, which
        this returns, holds the English text."""
        if field.name in self.translations:
            return obj.__dict__[field.attname]
        return getattr(obj, field.attname)

    def link_fields(self, name):
        """A many-to-many field's link table: ``(through model, foreign key to this model, to the
        target)``."""
        field = self.many_to_many[name]
        through = field.remote_field.through
        opts = through._meta
        return (
            through,
            opts.get_field(field.m2m_field_name()),
            opts.get_field(field.m2m_reverse_field_name()),
        )

    def key_paths(self):
        """ORM lookup paths giving each part of the natural key (``exhibition__slug``)."""
        paths = []
        for name in self.key_fields:
            field = self.fields[name]
            if field.is_relation:
                target = self.target(name)
                (target_key,) = target.key_fields
                paths.append(f"{name}__{target_key}")
            else:
                paths.append(name)
        return paths

    def describe_key(self, key):
        return "/".join(str(part) for part in key)


def plain(queryset):
    """``queryset`` without django-modeltranslation's rewriting of field names, if it has any."""
    rewrite = getattr(queryset, "rewrite", None)
    return rewrite(False) if rewrite else queryset


@cache
def spec(label):
    return ModelSpec(label.lower())


def specs():
    return [spec(label) for label in MODEL_LABELS]
