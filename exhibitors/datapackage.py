"""``/datapackage.json``: a Frictionless Data Package (v2) that describes the four open-data files.

Each download (``exhibitors.exports``) is one resource, at its absolute address, with a Table
Schema built from the same :class:`~exhibitors.exports.Column` list the files are written from:
names, types, descriptions, constraints, formats and the primary key. The CSV and the JSON of a
list share their fields and differ where the formats do: a list is a ``list`` field with its ``;``
separator in the CSV and an ``array`` in the JSON; a CSV cell may carry the apostrophe that keeps a
spreadsheet from running it as a formula, so its length and pattern allow one.

The licence is the one the exports state (CC BY 4.0); the sources are the ones the published
exhibitors and showcases cite. ``tests/exhibitors/test_exports_datapackage.py`` validates the
package and the files themselves with the ``frictionless`` library.
"""

from django.db.models import F, Q
from django.urls import reverse

from core.structured_data import SITE_NAME, absolute_url
from exhibitions.models import Source
from exhibitors import exports
from exhibitors.models import Exhibitor, Showcase

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
FORMAT_NOTES = {
    "csv": (
        "UTF-8, comma-separated, one header row. Lists inside a cell are separated by "
        f"'{exports.LIST_SEPARATOR}'; booleans are true or false; an empty cell is an empty "
        "value. A cell that starts with =, +, -, @, a tab or a carriage return is prefixed with "
        "an apostrophe so that a spreadsheet shows it as text."
    ),
    "json": (
        "UTF-8 JSON: an object whose 'results' is an array of records, one object per row "
        "(beside 'licence', 'source', 'columns' and 'datapackage'). Lists are arrays, numbers "
        "numbers, booleans booleans and an empty value null."
    ),
}


def _field(column, format):
    """The Table Schema field of ``column`` in a file of ``format``."""
    field = {"name": column.name, "type": column.type, "description": column.description}
    constraints = {}
    if column.required:
        constraints["required"] = True
        if column.type == "list":
            constraints["minLength"] = 1
    if column.unique:
        constraints["unique"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if column.maximum is not None:
        constraints["maximum"] = column.maximum
    if column.type == "list":
        if format == "csv":
            field.update(delimiter=exports.LIST_SEPARATOR, itemType="string")
        else:
            item = {"type": "string"}
            if column.pattern:
                item["constraints"] = {"pattern": column.pattern}
            field.update(type="array", arrayItem=item)
    else:
        # The apostrophe that neutralises a formula in a CSV cell (exports.neutralise).
        escaped = format == "csv" and column.type == "string" and column.format != "uri"
        if column.pattern:
            constraints["pattern"] = "^'?" + column.pattern[1:] if escaped else column.pattern
        if column.max_length is not None:
            constraints["maxLength"] = column.max_length + (1 if escaped else 0)
    if column.format:
        field["format"] = column.format
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(dataset, format):
    return {
        "fields": [_field(column, format) for column in dataset.columns],
        "primaryKey": [dataset.primary_key],
    }


def _resource(request, dataset, format):
    resource = {
        "name": f"{dataset.name}-{format}",
        "type": "table",
        "title": f"{dataset.title} ({format.upper()})",
        "description": f"{dataset.description} {FORMAT_NOTES[format]}",
        "path": absolute_url(dataset.url(format), request),
        "format": format,
        "mediatype": MEDIA_TYPES[format],
        "encoding": "utf-8",
        "schema": _schema(dataset, format),
    }
    if format == "csv":
        resource["dialect"] = {"delimiter": ",", "header": True, "lineTerminator": "\r\n"}
    else:
        # Table Dialect v2 says where the rows are; frictionless-py reads its own "json" control.
        resource["dialect"] = {
            "property": "results",
            "itemType": "object",
            "json": {"property": "results", "keyed": True},
        }
    return resource


def cited_sources():
    """The sources cited by published exhibitors and showcases, newest first."""
    by_exhibitors = Exhibitor.sources.through.objects.filter(exhibitor__published=True)
    by_showcases = Showcase.sources.through.objects.filter(showcase__published=True)
    return Source.objects.filter(
        Q(pk__in=by_exhibitors.values("source_id")) | Q(pk__in=by_showcases.values("source_id"))
    ).order_by(F("published_on").desc(nulls_last=True), "title", "pk")


def _source(source):
    entry = {"title": str(source)}
    if source.url:
        entry["path"] = source.url
    return entry


def package(request):
    """The Data Package descriptor, as a dict ready for JSON."""
    lists = ", ".join(absolute_url(dataset.list_url(), request) for dataset in exports.DATASETS)
    return {
        "$schema": PACKAGE_PROFILE,
        "name": "expo-directory",
        "id": absolute_url(reverse("exhibitors:datapackage"), request),
        "title": f"{SITE_NAME}: exhibitors and showcases",
        "description": (
            "The open data of the directory of an exhibition's pavilions, exhibitors and "
            "showcases. Each file holds every published record of its list; the same query "
            f"parameters as the lists ({lists}) filter the files, e.g. ?country=by or "
            f"?sector=robotics. Licence: {exports.LICENCE}"
        ),
        "homepage": absolute_url("/", request),
        "keywords": ["exhibitions", "exhibitors", "showcases", "trade fairs", "open data"],
        "licenses": [
            {
                "name": exports.LICENCE_NAME,
                "path": exports.LICENCE_URL,
                "title": exports.LICENCE_TITLE,
            }
        ],
        "sources": [_source(source) for source in cited_sources()],
        "resources": [
            _resource(request, dataset, format)
            for dataset in exports.DATASETS
            for format in exports.FORMATS
        ],
    }
