"""The CSV templates: the columns of exhibitors, showcases, sessions, people, participations and
halls files.

An exhibitors row is one exhibitor and, when ``exhibition`` is filled in, its stand there, with the
stand's place on the floor plan when ``hall`` and the four ``stand_`` lengths are filled in. To list
an exhibitor at several exhibitions, repeat its row with the other exhibition and stand cells; the
other cells of the repeated rows must be the same. A showcases row is one showcase. A halls row is
one hall of an exhibition: its floor as a rectangle in metres, in which stands are placed.

A sessions row is one session and the people named at it: the ``speakers``, ``moderators`` and
``participants`` columns each list person slugs, and every slug becomes a person at the session
with that role, numbered in that order (speakers first). Times are local ``HH:MM`` in the
exhibition's time zone, on the row's ``date``. A people row is one person; a participations row is
one participation.

Lists (countries, sectors, partners, people) are separated by semicolons: ``BY;CN``. Yes/no columns
take ``yes`` or ``no`` (also ``true``/``false``, ``1``/``0``); an empty cell means the default. Every
column is required in the header except the optional ones, which keep their current value (or the
default for a new record) when left out. A file's template is told from its header: by the columns
only that template has.

Texts visitors read in their language (django-modeltranslation's fields) come in every language
(``in_every_language``): the field's own column for the English text (``name``), required as
before, and an optional column per other language (``name_zh_hans``, ``name_ru``), where an empty
cell means "no translation" (pages show the English text). There is no ``name_en`` column: the
English text is ``name``. ``original_language`` (``en``, ``zh-hans`` or ``ru``; empty means
``en``) says which language a record was written in.
"""

from dataclasses import dataclass

from django.apps import apps

from core.models import LONG_TEXT_MAX_LENGTH
from core.translations import DEFAULT_LANGUAGE, LANGUAGE_CODES
from core.translations import column as language_column

TEXT = "text"  # the cell as it is
KEY = "key"  # a slug or code, surrounding spaces removed
REF = "ref"  # the slug of one related record, or empty
REFS = "refs"  # slugs or codes separated by semicolons
INTEGER = "integer"  # a whole number, or empty
BOOLEAN = "boolean"  # yes or no; empty for the default
CHOICE = "choice"  # one of the model field's choices, by value or by label
FILE = "file"  # an image: a path next to the CSV file, or a name already in media storage
DATE = "date"  # a day, YYYY-MM-DD, or empty
TIME = "time"  # a local time of day, HH:MM, on the row's date in the exhibition's time zone
METRES = "metres"  # a length in metres with a decimal point, e.g. 12.5, or empty

LIST_SEPARATOR = ";"
TRUE_WORDS = {"yes", "y", "true", "t", "1"}
FALSE_WORDS = {"no", "n", "false", "f", "0"}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    help: str
    required: bool = True
    # The record the column fills: the template's own model ("main") or one of its ``parts``.
    part: str = "main"
    field: str | None = None
    # An empty cell gives the field's default (a choice column otherwise refuses an empty cell).
    empty_is_default: bool = False

    @property
    def field_name(self):
        return self.field or self.name


@dataclass(frozen=True)
class Template:
    name: str
    label: str
    columns: tuple
    # Other records a row fills, by part name: the model label of each.
    parts: tuple = ()

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

    def model_label(self, column):
        """The label of the model the column fills."""
        return dict(self.parts).get(column.part, self.label)

    def field(self, column):
        return apps.get_model(self.model_label(column))._meta.get_field(column.field_name)

    def choices(self, column):
        return [value for value, _ in self.field(column).choices]


# The languages besides English, as the columns' descriptions name them.
LANGUAGE_NAMES = {"zh-hans": "Simplified Chinese", "ru": "Russian"}
OTHER_LANGUAGES = tuple(code for code in LANGUAGE_CODES if code != DEFAULT_LANGUAGE)


def in_every_language(english):
    """A translated field's columns: ``english`` (the English text, in the field's own column)
    and an optional column per other language (``name_zh_hans``, ``name_ru``)."""
    columns = [english]
    for language in OTHER_LANGUAGES:
        field = language_column(english.field_name, language) if english.field else None
        columns.append(
            Column(
                language_column(english.name, language),
                TEXT,
                f"{english.name} in {LANGUAGE_NAMES.get(language, language)}, with the same "
                "limits; empty when not translated (pages then show the English text).",
                required=False,
                part=english.part,
                field=field,
            )
        )
    return tuple(columns)


def original_language(thing):
    return Column(
        "original_language",
        CHOICE,
        f"The language the {thing} was written in, one of: {{choices}}; empty means en.",
        required=False,
        empty_is_default=True,
    )


# Every template alike: shown to visitors beside the sources.
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
        original_language("exhibitor"),
        *in_every_language(Column("name", TEXT, "The name as the directory shows it, in English.")),
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
        Column(
            "stand_kind",
            CHOICE,
            "What the exhibitor has there, one of: {choices}; empty means stand. A pavilion_part "
            "needs the pavilion.",
            required=False,
            part="stand",
            field="kind",
            empty_is_default=True,
        ),
        Column(
            "stand_sources",
            REFS,
            "Slugs of the sources that place the exhibitor there, separated by semicolons; may be "
            "empty.",
            required=False,
            part="stand",
            field="sources",
        ),
        Column(
            "hall",
            REF,
            "Slug of the hall the stand stands in (of that exhibition), for the floor plan; with "
            "the four stand_ lengths and the booth, or empty with them.",
            required=False,
            part="stand",
        ),
        Column(
            "stand_x",
            METRES,
            "Metres from the hall's west wall to the stand's left edge, e.g. 12.5; empty without "
            "a hall.",
            required=False,
            part="stand",
            field="x",
        ),
        Column(
            "stand_y",
            METRES,
            "Metres from the hall's north wall to the stand's top edge; empty without a hall.",
            required=False,
            part="stand",
            field="y",
        ),
        Column(
            "stand_width",
            METRES,
            "The stand's width in metres (west to east), at least 0.5; empty without a hall. The "
            "stand must lie inside the hall and overlap no other stand there.",
            required=False,
            part="stand",
            field="width",
        ),
        Column(
            "stand_depth",
            METRES,
            "The stand's depth in metres (north to south), at least 0.5; empty without a hall.",
            required=False,
            part="stand",
            field="depth",
        ),
        *in_every_language(
            Column("summary", TEXT, "One or two sentences, at most 300 characters.")
        ),
        *in_every_language(
            Column(
                "description",
                TEXT,
                f"Longer text, at most {LONG_TEXT_MAX_LENGTH:,} characters; blank lines separate "
                "paragraphs.",
            )
        ),
        SOURCE_NOTES,
        Column("website", TEXT, "Full address, e.g. https://example.com/; may be empty."),
        Column("founded", INTEGER, "Year founded, four digits; may be empty."),
        *in_every_language(Column("headquarters", TEXT, "City; may be empty.")),
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
    parts=(("stand", "exhibitors.stand"),),
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
        original_language("showcase"),
        *in_every_language(Column("name", TEXT, "The name as the directory shows it, in English.")),
        Column("kind", CHOICE, "One of: {choices}."),
        Column("exhibition", REF, "Slug of the exhibition where it was shown."),
        Column("exhibitor", REF, "Slug of the exhibitor that showed it; may be empty."),
        Column("sectors", REFS, "Sector slugs separated by semicolons; may be empty."),
        *in_every_language(
            Column("summary", TEXT, "One or two sentences, at most 300 characters.")
        ),
        *in_every_language(
            Column(
                "description",
                TEXT,
                f"Longer text, at most {LONG_TEXT_MAX_LENGTH:,} characters; may be empty.",
            )
        ),
        SOURCE_NOTES,
        Column("premiere", BOOLEAN, "yes if first shown at this exhibition; empty means no."),
        Column(
            "image",
            FILE,
            "Image path relative to the CSV file, or a file already in media; may be empty.",
        ),
        *in_every_language(
            Column(
                "image_alt",
                TEXT,
                "Describes the image for people who cannot see it.",
                required=False,
            )
        ),
        Column("published", BOOLEAN, "yes or no; empty means yes.", required=False),
    ),
)

SOURCES = Column(
    "sources", REFS, "Slugs of the sources that say so, separated by semicolons; may be empty."
)


def people_column(name, role, help_text, required=True):
    """A list of person slugs, each named at the session with ``role``."""
    return Column(name, REFS, help_text, required=required, part="people", field=role)


SESSIONS = Template(
    "sessions",
    "programme.session",
    (
        Column(
            "slug",
            KEY,
            "Identifies the session (lower-case letters, digits, hyphens); rows match by it.",
        ),
        original_language("session"),
        *in_every_language(
            Column("title", TEXT, "The title as the programme shows it, in English.")
        ),
        Column("kind", CHOICE, "One of: {choices}."),
        Column("exhibition", REF, "Slug of the exhibition whose programme it is part of."),
        Column(
            "date",
            DATE,
            "The day, YYYY-MM-DD, within the exhibition's dates; empty when no source gives it.",
        ),
        Column(
            "start_time",
            TIME,
            "Local start time, HH:MM (24-hour), in the exhibition's time zone, on the date; "
            "empty when no source gives it.",
            field="starts_at",
        ),
        Column(
            "end_time",
            TIME,
            "Local end time, HH:MM, after the start on the same date; may be empty.",
            field="ends_at",
        ),
        *in_every_language(
            Column("place", TEXT, "Hall, room or road where it takes place; may be empty.")
        ),
        Column("pavilion", REF, "Slug of the pavilion it takes place in; may be empty."),
        *in_every_language(
            Column("summary", TEXT, "One or two sentences, at most 300 characters; may be empty.")
        ),
        *in_every_language(
            Column(
                "description",
                TEXT,
                f"Longer text, at most {LONG_TEXT_MAX_LENGTH:,} characters; may be empty.",
            )
        ),
        Column("sectors", REFS, "Sector slugs separated by semicolons; may be empty."),
        Column(
            "showcases",
            REFS,
            "Slugs of the showcases shown or launched there, separated by semicolons; may be empty.",
        ),
        people_column(
            "speakers",
            "speaker",
            "Slugs of the people who speak, in programme order, separated by semicolons; may be "
            "empty.",
        ),
        people_column(
            "moderators",
            "moderator",
            "Slugs of the people who moderate, separated by semicolons; may be empty.",
            required=False,
        ),
        people_column(
            "participants",
            "participant",
            "Slugs of other people named as taking part, separated by semicolons; may be empty.",
        ),
        SOURCES,
        SOURCE_NOTES,
        Column("published", BOOLEAN, "yes or no; empty means yes.", required=False),
    ),
    parts=(("people", "programme.sessionperson"),),
)

PEOPLE = Template(
    "people",
    "exhibitions.person",
    (
        Column(
            "slug",
            KEY,
            "Identifies the person (lower-case letters, digits, hyphens); rows match by it.",
        ),
        original_language("person"),
        *in_every_language(Column("name", TEXT, "The name as pages show it, in English.")),
        Column(
            "other_names",
            TEXT,
            "Other spellings, separated by semicolons, e.g. 王伟; may be empty.",
            required=False,
        ),
        *in_every_language(
            Column("role", TEXT, "Title and organisation, e.g. Chief engineer, Gomselmash.")
        ),
        Column("country", REF, "ISO 3166-1 alpha-2 code of the person's country; may be empty."),
        *in_every_language(
            Column(
                "bio",
                TEXT,
                f"A short biography, at most {LONG_TEXT_MAX_LENGTH:,} characters; may be empty.",
            )
        ),
        Column(
            "exhibitions",
            REFS,
            "Slugs of the exhibitions the person is named in connection with; may be empty.",
        ),
        SOURCES,
        SOURCE_NOTES,
    ),
)

PARTICIPATIONS = Template(
    "participations",
    "programme.participation",
    (
        Column(
            "slug",
            KEY,
            "Identifies the participation (lower-case letters, digits, hyphens); rows match by it.",
        ),
        Column("exhibition", REF, "Slug of the exhibition."),
        Column("organisation", REF, "Slug of the exhibitor (the organisation) that took part."),
        Column("kind", CHOICE, "One of: {choices}."),
        Column(
            "session",
            REF,
            "Slug of the session or launch (required for those kinds); empty for an organiser.",
        ),
        Column(
            "pavilion",
            REF,
            "For an organiser: slug of the pavilion it organised; empty for the exhibition.",
        ),
        *in_every_language(
            Column(
                "role", TEXT, "What the source says it did, e.g. Its leaders spoke at the forum."
            )
        ),
        Column(
            "sources",
            REFS,
            "Slugs of the sources that say so, separated by semicolons: at least one.",
        ),
        SOURCE_NOTES,
    ),
)

HALLS = Template(
    "halls",
    "pavilions.hall",
    (
        Column(
            "slug",
            KEY,
            "Identifies the hall (lower-case letters, digits, hyphens); rows match by it.",
        ),
        *in_every_language(
            Column("name", TEXT, "As the signs in the venue say, e.g. Hall N3; one per exhibition.")
        ),
        Column("exhibition", REF, "Slug of the exhibition the hall belongs to."),
        Column("width", METRES, "From west to east, in metres, e.g. 120 or 80.5 (1 to 5000)."),
        Column("depth", METRES, "From north to south, in metres (1 to 5000)."),
        Column(
            "north",
            INTEGER,
            "Where north points, in degrees clockwise from the top of the plan (0 to 359); "
            "empty if not known.",
            required=False,
        ),
        Column(
            "entrance",
            CHOICE,
            "The side of the main entrance, one of: {choices}; empty if not known.",
            required=False,
        ),
        Column(
            "position",
            INTEGER,
            "Order on the plan page, a whole number; empty means 0.",
            required=False,
            empty_is_default=True,
        ),
        Column(
            "sources",
            REFS,
            "Slugs of the sources the layout comes from (the plan), separated by semicolons; may "
            "be empty.",
            required=False,
        ),
        Column("published", BOOLEAN, "yes or no; empty means yes.", required=False),
    ),
)

TEMPLATES = (EXHIBITORS, SHOWCASES, SESSIONS, PEOPLE, PARTICIPATIONS, HALLS)


def column_help(template, column):
    """The column's description, with the model's current choices filled in."""
    if column.kind == CHOICE:
        return column.help.format(choices=", ".join(template.choices(column)))
    return column.help
