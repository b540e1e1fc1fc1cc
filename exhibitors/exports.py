"""Open data: the exhibitor directory and the showcase list as CSV and JSON.

An export is written whole to a file before its first byte is sent, and sent with its
``Content-Length``: a database that goes away half-way gives a 503, never a 200 that breaks off
(and a client can always tell a cut download from a complete one). The whole lists (no filter)
and the filtered ones are kept as files, one per content version and query, in ``EXPORT_CACHE_DIR``
(``EXPORT_CACHE_FILES`` per list at most; past that a download is built for its request only), so
each is built once per change of the data rather than once per download; files of older versions
are removed.

The column sets below are a public contract (documented in the README): columns are only ever
added at the end, never renamed or removed. Lists inside a cell are joined with ``;``. Cells that
a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
return) are prefixed with an apostrophe.
"""

import csv
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.http import FileResponse, Http404

from core.content import content_state
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


FORMATS = {
    "csv": (_csv, "text/csv; charset=utf-8"),
    "json": (_json, "application/json"),
}


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

    The records carry absolute URLs, so without ``SITE_URL`` the host asked for is part of the
    key; the time of the last change tells a version apart from the same number in a database made
    anew.
    """
    version, changed_at = content_state()
    place = "" if settings.SITE_URL else request.get_host()
    state = f"{place} {version} {changed_at and changed_at.isoformat()}"
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
    result["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return result
