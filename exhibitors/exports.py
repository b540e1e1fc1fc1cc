"""Open data: the exhibitor directory and the showcase list as CSV and JSON.

The column sets below are a public contract (documented in the README): columns are only ever
added at the end, never renamed or removed. Lists inside a cell are joined with ``;``. Cells that
a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return) are prefixed with an apostrophe.
"""

import csv
import json
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse

from exhibitors.models import Stand

CHUNK_SIZE = 1000
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE = (
    f"CC BY 4.0 ({LICENCE_URL}): credit Expo Directory and the sources named on each record's page."
)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: tuple
    prepare: object  # queryset -> queryset with what ``row`` needs
    row: object  # (request, obj) -> tuple of cell values


def _exhibitor_queryset(queryset):
    return queryset.prefetch_related(
        "countries",
        "sectors",
        Prefetch("stands", queryset=Stand.objects.select_related("exhibition", "pavilion")),
    )


def _exhibitor_row(request, obj):
    stands = list(obj.stands.all())
    return (
        obj.slug,
        obj.name,
        obj.kind,
        ";".join(c.code for c in obj.countries.all()),
        ";".join(s.slug for s in obj.sectors.all()),
        ";".join(s.exhibition.slug for s in stands),
        ";".join(s.pavilion.slug for s in stands if s.pavilion_id),
        obj.website,
        obj.founded if obj.founded is not None else "",
        obj.headquarters,
        obj.summary,
        request.build_absolute_uri(obj.get_absolute_url()),
    )


def _showcase_queryset(queryset):
    return queryset.select_related("exhibition", "exhibitor").prefetch_related(
        "sectors", "exhibitor__countries"
    )


def _showcase_row(request, obj):
    return (
        obj.slug,
        obj.name,
        obj.kind,
        obj.exhibition.slug,
        obj.exhibitor.slug if obj.exhibitor else "",
        ";".join(c.code for c in obj.exhibitor.countries.all()) if obj.exhibitor else "",
        ";".join(s.slug for s in obj.sectors.all()),
        "true" if obj.premiere else "false",
        obj.summary,
        request.build_absolute_uri(obj.get_absolute_url()),
    )


EXHIBITORS = Dataset(
    name="exhibitors",
    columns=(
        "slug",
        "name",
        "kind",
        "countries",
        "sectors",
        "exhibitions",
        "pavilions",
        "website",
        "founded",
        "headquarters",
        "summary",
        "url",
    ),
    prepare=_exhibitor_queryset,
    row=_exhibitor_row,
)

SHOWCASES = Dataset(
    name="showcases",
    columns=(
        "slug",
        "name",
        "kind",
        "exhibition",
        "exhibitor",
        "countries",
        "sectors",
        "premiere",
        "summary",
        "url",
    ),
    prepare=_showcase_queryset,
    row=_showcase_row,
)


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
    yield writer.writerow(dataset.columns)
    for row in _rows(request, dataset, queryset):
        yield writer.writerow([neutralise(cell) for cell in row])


def _json(request, dataset, queryset):
    head = {
        "licence": LICENCE,
        "source": request.build_absolute_uri(),
        "columns": list(dataset.columns),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    first = True
    for row in _rows(request, dataset, queryset):
        record = dict(zip(dataset.columns, row, strict=True))
        yield ("" if first else ",") + "\n" + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]}\n"


def response(request, dataset, queryset, format):
    if format == "csv":
        body, content_type = _csv(request, dataset, queryset), "text/csv; charset=utf-8"
    elif format == "json":
        body, content_type = _json(request, dataset, queryset), "application/json"
    else:
        raise Http404("Unknown format.")
    result = StreamingHttpResponse(body, content_type=content_type)
    result["Content-Disposition"] = f'attachment; filename="{dataset.name}.{format}"'
    result["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return result
