"""The CSV templates: the columns of an exhibitors file and of a showcases file.

An exhibitors row is one exhibitor and, when ``exhibition`` is filled in, its stand there. To list an
exhibitor at several exhibitions, repeat its row with the other exhibition, pavilion and booth; the
other cells of the repeated rows must be the same. A showcases row is one showcase.

Lists (countries, sectors, partners) are separated by semicolons: ``BY;CN``. Yes/no columns take
``yes`` or ``no`` (also ``true``/``false``, ``1``/``0``); an empty cell means the default. Every column
is required in the header except the optional ones, which keep their current value (or the default
for a new record) when left out. A file's type is told from its header.
"""

from dataclasses import dataclass

from django.apps import apps

from core.models import LONG_TEXT_MAX_LENGTH

TEXT = "text"  # the cell as it is
KEY = "key"  # a slug or code, surrounding spaces removed
REF = "ref"  # the slug of one related record, or empty
REFS = "refs"  # slugs or codes separated by semicolons
INTEGER = "integer"  # a whole number, or empty
BOOLEAN = "boolean"  # yes or no; empty for the default
CHOICE = "choice"  # one of the model field's choices, by value or by label
FILE = "file"  # an image: a path next to the CSV file, or a name already in media storage

LIST_SEPARATOR = ";"
TRUE_WORDS = {"yes", "y", "true", "t", "1"}
FALSE_WORDS = {"no", "n", "false", "f", "0"}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    help: str
    required: bool = True
    # The record the column fills: the template's own model, or the stand (exhibitors only).
    part: str = "main"
    field: str | None = None

    @property
    def field_name(self):
        return self.field or self.name


@dataclass(frozen=True)
class Template:
    name: str
    label: str
    columns: tuple

    @property
    def filename(self):
        return f"{self.name}.csv"

    @property
    def header(self):
        return [column.name for column in self.columns]

    @property
    def required(self):
        return [column.name for column in self.columns if column.required]

    def column(self, name):
        return next(column for column in self.columns if column.name == name)

    def choices(self, name):
        field = apps.get_model(self.label)._meta.get_field(name)
        return [value for value, _ in field.choices]


# Exhibitors and showcases alike: shown to visitors beside the sources.
SOURCE_NOTES = Column(
    "source_notes",
    TEXT,
    "Notes on sources, shown beside them: what the sources do not say, claims only one source "
    f"makes; at most {LONG_TEXT_MAX_LENGTH:,} characters; may be empty.",
    required=False,
)

EXHIBITORS = Template(
    "exhibitors",
    "exhibitors.exhibitor",
    (
        Column(
            "slug",
            KEY,
            "Identifies the exhibitor (lower-case letters, digits, hyphens); rows match by it.",
        ),
        Column("name", TEXT, "The name as the directory shows it."),
        Column("local_name", TEXT, "The name in another script, e.g. Гомсельмаш.", required=False),
        Column("kind", CHOICE, "One of: {choices}."),
        Column("countries", REFS, "ISO 3166-1 alpha-2 codes separated by semicolons, e.g. BY;CN."),
        Column("sectors", REFS, "Sector slugs separated by semicolons; may be empty."),
        Column(
            "exhibition",
            REF,
            "Slug of the exhibition where the exhibitor has a stand; empty for none.",
            part="stand",
        ),
        Column(
            "pavilion",
            REF,
            "Slug of the stand's pavilion at that exhibition; may be empty.",
            part="stand",
        ),
        Column("booth", TEXT, "The stand's booth; may be empty.", part="stand"),
        Column("summary", TEXT, "One or two sentences, at most 300 characters."),
        Column(
            "description",
            TEXT,
            f"Longer text, at most {LONG_TEXT_MAX_LENGTH:,} characters; blank lines separate "
            "paragraphs.",
        ),
        SOURCE_NOTES,
        Column("website", TEXT, "Full address, e.g. https://example.com/; may be empty."),
        Column("founded", INTEGER, "Year founded, four digits; may be empty."),
        Column("headquarters", TEXT, "City; may be empty."),
        Column(
            "partners",
            REFS,
            "Slugs of related exhibitors separated by semicolons (linked both ways); may be empty.",
        ),
        Column(
            "logo",
            FILE,
            "Image path relative to the CSV file, or a file already in media; may be empty.",
        ),
        Column("published", BOOLEAN, "yes or no; empty means yes.", required=False),
    ),
)

SHOWCASES = Template(
    "showcases",
    "exhibitors.showcase",
    (
        Column(
            "slug",
            KEY,
            "Identifies the showcase (lower-case letters, digits, hyphens); rows match by it.",
        ),
        Column("name", TEXT, "The name as the directory shows it."),
        Column("kind", CHOICE, "One of: {choices}."),
        Column("exhibition", REF, "Slug of the exhibition where it was shown."),
        Column("exhibitor", REF, "Slug of the exhibitor that showed it; may be empty."),
        Column("sectors", REFS, "Sector slugs separated by semicolons; may be empty."),
        Column("summary", TEXT, "One or two sentences, at most 300 characters."),
        Column(
            "description",
            TEXT,
            f"Longer text, at most {LONG_TEXT_MAX_LENGTH:,} characters; may be empty.",
        ),
        SOURCE_NOTES,
        Column("premiere", BOOLEAN, "yes if first shown at this exhibition; empty means no."),
        Column(
            "image",
            FILE,
            "Image path relative to the CSV file, or a file already in media; may be empty.",
        ),
        Column(
            "image_alt", TEXT, "Describes the image for people who cannot see it.", required=False
        ),
        Column("published", BOOLEAN, "yes or no; empty means yes.", required=False),
    ),
)

TEMPLATES = (EXHIBITORS, SHOWCASES)


def column_help(template, column):
    """The column's description, with the model's current choices filled in."""
    if column.kind == CHOICE:
        return column.help.format(choices=", ".join(template.choices(column.field_name)))
    return column.help
