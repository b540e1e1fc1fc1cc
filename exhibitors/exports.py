"""Open data: the exhibitor directory and the showcase list as CSV and JSON.

An export is written whole to a file before its first byte is sent, and sent with its
``Content-Length``: a database that goes away half-way gives a 503, never a 200 that breaks off
(and a client can always tell a cut download from a complete one). The whole lists (no filter)
and the filtered ones are kept as files, one per content version and query, in ``EXPORT_CACHE_DIR``
(``EXPORT_CACHE_FILES`` per list at most; past that a download is built for its request only), so
each is built once per change of the data rather than once per download; files of older versions
are removed.

The columns below are a public contract (documented in docs/data.md): columns are only ever
added at the end, never renamed or removed. Each :class:`Column` gives its value for a record and
what the Table Schemas of ``/datapackage.json`` say about it (``exhibitors.datapackage``), so the
files and their description come from one list. A value is native (a string, a number, a boolean,
a list of strings, ``None``): the JSON keeps it typed, with ``null`` for an empty value; the CSV
joins a list with ``;``, writes booleans as ``true``/``false`` and an empty value as an empty
cell, and prefixes with an apostrophe a cell that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, tab or carriage return).

Downloads may be read by any web page (``Access-Control-Allow-Origin: *``): they hold public data
only. A filter value that is not valid (``?kind=spaceship``) is answered with a 400 naming the
parameter, as plain text for CSV and as JSON for JSON.
"""

import csv
import datetime
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse

from core.content import content_state
from core.structured_data import absolute_url
from exhibitors.models import Exhibitor, Showcase, Stand

CHUNK_SIZE = 1000
LICENCE_NAME = "CC-BY-4.0"  # SPDX identifier
LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE = (
    f"CC BY 4.0 ({LICENCE_URL}): credit Expo Directory and the sources named on each record's page."
)
LIST_SEPARATOR = ";"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"
COUNTRY_PATTERN = "^[A-Z]{2}$"


@dataclass(frozen=True)
class Column:
    """One column of an export: its value for a record, and its Table Schema field.

    ``type`` is the Table Schema type of the value (``string``, ``integer``, ``year``,
    ``boolean``, or ``list`` for a list of strings); ``pattern`` applies to a string, or to each
    item of a list. Constraints are the ones the models and the data tools guarantee.
    """

    name: str
    type: str
    description: str
    value: Callable  # (request, obj) -> str, int, bool, list of str, or None
    required: bool = False
    unique: bool = False
    enum: tuple = ()
    format: str = ""
    pattern: str = ""
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Dataset:
    name: str
    noun: str  # names the list's URLs: exhibitors:<noun>_list, exhibitors:<noun>_export
    title: str
    description: str
    columns: tuple  # of Column
    primary_key: str
    prepare: Callable  # queryset -> queryset with what the columns need

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    def row(self, request, obj):
        """The record's native values, column by column."""
        return [column.value(request, obj) for column in self.columns]

    def url(self, format):
        return reverse(f"exhibitors:{self.noun}_export", args=[format])

    def list_url(self):
        return reverse(f"exhibitors:{self.noun}_list")


def _slugs(objects):
    return [obj.slug for obj in objects]


def _text(value):
    return value or None


def _page_url(request, obj):
    return absolute_url(obj.get_absolute_url(), request)


def _stands(obj):
    return obj.stands.all()  # prefetched, with their exhibition and pavilion


def _exhibitor_queryset(queryset):
    return queryset.prefetch_related(
        "countries",
        "sectors",
        Prefetch("stands", queryset=Stand.objects.select_related("exhibition", "pavilion")),
    )


def _showcase_queryset(queryset):
    return queryset.select_related("exhibition", "exhibitor").prefetch_related(
        "sectors", "exhibitor__countries"
    )


def _max_length(model, field):
    return model._meta.get_field(field).max_length


def _slug_column(model, noun):
    return Column(
        "slug",
        "string",
        f"Identifies the {noun}; its page is /{noun}s/<slug>/.",
        lambda request, obj: obj.slug,
        required=True,
        unique=True,
        pattern=SLUG_PATTERN,
        max_length=_max_length(model, "slug"),
    )


def _name_column(model, noun):
    return Column(
        "name",
        "string",
        f"The {noun}'s name as the directory shows it.",
        lambda request, obj: obj.name,
        required=True,
        max_length=_max_length(model, "name"),
    )


def _summary_column(model, noun):
    return Column(
        "summary",
        "string",
        f"One or two sentences on the {noun}; empty when there is none.",
        lambda request, obj: _text(obj.summary),
        max_length=_max_length(model, "summary"),
    )


def _url_column(noun):
    return Column(
        "url",
        "string",
        f"The address of the {noun}'s page in the directory.",
        _page_url,
        required=True,
        unique=True,
        format="uri",
    )


def _kind_column(model, noun):
    return Column(
        "kind",
        "string",
        f"What kind of {noun} it is.",
        lambda request, obj: obj.kind,
        required=True,
        enum=tuple(model.Kind.values),
    )


EXHIBITORS = Dataset(
    name="exhibitors",
    title="Exhibitors",
    description=(
        "One row per published exhibitor: companies, joint ventures, industrial parks, public and "
        "research bodies and associations, with the exhibitions where they had a stand."
    ),
    noun="exhibitor",
    primary_key="slug",
    prepare=_exhibitor_queryset,
    columns=(
        _slug_column(Exhibitor, "exhibitor"),
        _name_column(Exhibitor, "exhibitor"),
        _kind_column(Exhibitor, "exhibitor"),
        Column(
            "countries",
            "list",
            "The countries it belongs to, as ISO 3166-1 alpha-2 codes (a joint venture has two).",
            lambda request, obj: [c.code for c in obj.countries.all()],
            required=True,
            pattern=COUNTRY_PATTERN,
        ),
        Column(
            "sectors",
            "list",
            "Slugs of its technology sectors (/sectors/<slug>/).",
            lambda request, obj: _slugs(obj.sectors.all()),
            pattern=SLUG_PATTERN,
        ),
        Column(
            "exhibitions",
            "list",
            "Slugs of the exhibitions where it had a stand (/exhibitions/<slug>/).",
            lambda request, obj: [stand.exhibition.slug for stand in _stands(obj)],
            pattern=SLUG_PATTERN,
        ),
        Column(
            "pavilions",
            "list",
            "Slugs of the pavilions its stands were in (/pavilions/<slug>/).",
            lambda request, obj: [s.pavilion.slug for s in _stands(obj) if s.pavilion_id],
            pattern=SLUG_PATTERN,
        ),
        Column(
            "website",
            "string",
            "Its own website; empty when not known.",
            lambda request, obj: _text(obj.website),
            format="uri",
        ),
        Column(
            "founded",
            "year",
            "The year it was founded; empty when not known.",
            lambda request, obj: obj.founded,
            minimum=1000,
            maximum=2100,
        ),
        Column(
            "headquarters",
            "string",
            "The city of its headquarters; empty when not known.",
            lambda request, obj: _text(obj.headquarters),
            max_length=_max_length(Exhibitor, "headquarters"),
        ),
        _summary_column(Exhibitor, "exhibitor"),
        _url_column("exhibitor"),
    ),
)

SHOWCASES = Dataset(
    name="showcases",
    title="Showcases",
    description=(
        "One row per published showcase: a product, technology, application or innovation shown "
        "at an exhibition, with its maker when the sources name one."
    ),
    noun="showcase",
    primary_key="slug",
    prepare=_showcase_queryset,
    columns=(
        _slug_column(Showcase, "showcase"),
        _name_column(Showcase, "showcase"),
        _kind_column(Showcase, "showcase"),
        Column(
            "exhibition",
            "string",
            "Slug of the exhibition where it was shown (/exhibitions/<slug>/).",
            lambda request, obj: obj.exhibition.slug,
            required=True,
            pattern=SLUG_PATTERN,
        ),
        Column(
            "exhibitor",
            "string",
            "Slug of the exhibitor that showed it; empty when the sources do not name the maker.",
            lambda request, obj: obj.exhibitor.slug if obj.exhibitor else None,
            pattern=SLUG_PATTERN,
        ),
        Column(
            "countries",
            "list",
            "The exhibitor's countries as ISO 3166-1 alpha-2 codes; empty without an exhibitor.",
            lambda request, obj: (
                [c.code for c in obj.exhibitor.countries.all()] if obj.exhibitor else []
            ),
            pattern=COUNTRY_PATTERN,
        ),
        Column(
            "sectors",
            "list",
            "Slugs of its technology sectors (/sectors/<slug>/).",
            lambda request, obj: _slugs(obj.sectors.all()),
            pattern=SLUG_PATTERN,
        ),
        Column(
            "premiere",
            "boolean",
            "Whether it was first shown at this exhibition.",
            lambda request, obj: obj.premiere,
            required=True,
        ),
        _summary_column(Showcase, "showcase"),
        _url_column("showcase"),
    ),
)

DATASETS = (EXHIBITORS, SHOWCASES)


def csv_cell(value):
    """A native value as a CSV cell (before :func:`neutralise`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(value)
    return str(value)


def json_value(value):
    """A native value as JSON: typed, ``null`` for an empty one, dates as ISO 8601 strings."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def neutralise(value):
    """Make a cell safe to open in a spreadsheet: no formula may start it."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


class _Echo:
    def write(self, value):
        return value


def _rows(request, dataset, queryset):
    for obj in dataset.prepare(queryset).iterator(chunk_size=CHUNK_SIZE):
        yield dataset.row(request, obj)


def _csv(request, dataset, queryset):
    writer = csv.writer(_Echo())
    yield writer.writerow(dataset.column_names)
    for row in _rows(request, dataset, queryset):
        yield writer.writerow([neutralise(csv_cell(value)) for value in row])


def _json(request, dataset, queryset):
    head = {
        "licence": LICENCE,
        "source": absolute_url(request.get_full_path(), request),
        "columns": dataset.column_names,
        "datapackage": absolute_url(reverse("exhibitors:datapackage"), request),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    first = True
    for row in _rows(request, dataset, queryset):
        values = [json_value(value) for value in row]
        record = dict(zip(dataset.column_names, values, strict=True))
        yield ("" if first else ",") + "\n" + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]}\n"


FORMATS = {
    "csv": (_csv, "text/csv; charset=utf-8"),
    "json": (_json, "application/json"),
}
# Part of a kept file's key: a change to what the files hold must not serve files built before it.
FILE_FORMAT_VERSION = 2  # 2: typed JSON values


def _write(path, chunks):
    """Write ``chunks`` to ``path`` through a temporary file, so ``path`` is whole or absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
    try:
        with open(handle, "wb") as output:
            output.writelines(chunk.encode() for chunk in chunks)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _kept_file(request, dataset, format):
    """Where this download is kept: one file per content version and canonical query string.

    The records carry absolute URLs, so without ``SITE_URL`` the scheme and host asked for are
    part of the key; the time of the last change tells a version apart from the same number in a
    database made anew.
    """
    version, changed_at = content_state()
    place = "" if settings.SITE_URL else f"{request.scheme}://{request.get_host()}"
    state = f"{FILE_FORMAT_VERSION} {place} {version} {changed_at and changed_at.isoformat()}"
    query = request.GET.urlencode()  # canonical: known parameters only (expo.cache.canonicalise)
    name = f"{dataset.name}-{_digest(state)}-{_digest(query)}.{format}"
    return Path(settings.EXPORT_CACHE_DIR) / name


def _digest(text):
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def _remove_older(path, dataset):
    """Remove the kept files of ``dataset`` made for other content versions."""
    state = path.name.split("-")[1]
    for old in path.parent.glob(f"{dataset.name}-*"):
        if old.name.split("-")[1] != state:
            old.unlink(missing_ok=True)


def _room_for(path, dataset):
    """Whether one more file may be kept for this version (``EXPORT_CACHE_FILES`` at most)."""
    state = path.name.split("-")[1]
    kept = sum(1 for _ in path.parent.glob(f"{dataset.name}-{state}-*"))
    return kept < settings.EXPORT_CACHE_FILES


def allow_any_origin(response):
    """Let a script on any site read ``response``: open data is public and the same for everyone
    (no cookie changes it), so ``*`` needs no ``Vary: Origin``. Only the open-data views call it."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def link_header(request):
    """The ``Link`` header of every download: its licence, and the package that describes it."""
    package = absolute_url(reverse("exhibitors:datapackage"), request)
    return (
        f'<{LICENCE_URL}>; rel="license", <{package}>; rel="describedby"; type="application/json"'
    )


def response(request, dataset, queryset, format):
    """The export as a download, built whole before its first byte is sent."""
    if format not in FORMATS:
        raise Http404("Unknown format.")
    write, content_type = FORMATS[format]
    path = _kept_file(request, dataset, format)
    if path.exists():
        body = path.open("rb")
    elif path.parent.is_dir() and not _room_for(path, dataset):
        body = tempfile.TemporaryFile()  # built for this request only
        body.writelines(chunk.encode() for chunk in write(request, dataset, queryset))
        body.seek(0)
    else:
        _write(path, write(request, dataset, queryset))
        _remove_older(path, dataset)
        body = path.open("rb")
    result = FileResponse(
        body, as_attachment=True, filename=f"{dataset.name}.{format}", content_type=content_type
    )
    result["Link"] = link_header(request)
    return allow_any_origin(result)


def invalid_query(errors, format):
    """400 for filter values that are not valid, naming each parameter and what is wrong.

    ``errors`` are the FilterSet form's, as the directory page shows them.
    """
    problems = {name: [str(message) for message in messages] for name, messages in errors.items()}
    if format == "json":
        body = {"error": "Some query parameters are not valid.", "parameters": problems}
        result = HttpResponse(
            json.dumps(body, ensure_ascii=False), content_type="application/json", status=400
        )
    else:
        lines = [
            f"Invalid query parameter {name}: {message}"
            for name, messages in problems.items()
            for message in messages
        ]
        result = HttpResponse(
            "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8", status=400
        )
    return allow_any_origin(result)
