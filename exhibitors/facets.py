"""Facet counts for the directory lists.

Each facet counts what the list would hold if the visitor picked that option, with every other
active filter applied, so choosing a country never hides the other countries. A facet is one
grouped query (two for sectors, whose parents count their sub-sectors' rows too) in which the
filtered list appears once as an uncorrelated ``IN (...)`` subquery, so the database computes it
once per facet whatever the number of options. Options with no results are left out unless
selected; a selected option always shows, with its name, even when nothing matches.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from exhibitors.models import Exhibitor, Showcase
from expo.models import Country, Exhibition, Sector
from pavilions.models import Pavilion


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    depth: int = 0
    query: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)


def _options(rows, selected):
    """Options from ``(value, label, count, depth)`` rows, keeping only useful ones."""
    return [
        Option(str(value), label, count, str(value) == selected, depth)
        for value, label, count, depth in rows
        if count or str(value) == selected
    ]


def _counted(queryset, value_field, path, ids, order):
    """``(value, name, count, 0)`` rows of an option table, counting ``ids`` reached by ``path``.

    Every path used here reaches each counted row at most once per option (link tables are
    unique per pair, a showcase has one exhibition), so a plain ``COUNT`` is exact and lets the
    database aggregate with a hash instead of sorting for ``DISTINCT``. All options are fetched
    (they are few); :func:`_options` drops the empty ones in Python.
    """
    rows = (
        queryset.annotate(n=Count(path, filter=Q(**{f"{path}__in": ids})))
        .order_by(*order)
        .values_list(value_field, "name", "n")
    )
    return [(*row, 0) for row in rows]


def _country_rows(path, ids):
    """Countries by lower-case code, as the URLs spell them."""
    rows = _counted(Country.objects.all(), "code", path, ids, ["name"])
    return [(code.lower(), *rest) for code, *rest in rows]


def _sector_rows(path, through, owner, ids):
    """Every sector with the number of ``ids`` in it or in one of its sub-sectors, as a tree.

    ``path`` leads from a sector to the counted rows; ``through`` is their sector link table and
    ``owner`` its column pointing at them.
    """
    sectors = list(
        Sector.objects.annotate(n=Count(path, filter=Q(**{f"{path}__in": ids})))
        .order_by("name")
        .values_list("pk", "slug", "name", "parent_id", "n")
    )
    families = dict(
        through.objects.filter(**{f"{owner}__in": ids})
        .annotate(family=Coalesce("sector__parent_id", "sector_id"))
        .values_list("family")
        .annotate(n=Count(owner, distinct=True))
        .order_by()
    )
    children = {}
    for row in sectors:
        children.setdefault(row[3], []).append(row)
    rows = []
    for pk, slug, name, _, _ in children.get(None, []):
        rows.append((slug, name, families.get(pk, 0), 0))
        rows.extend((c_slug, c_name, n, 1) for _, c_slug, c_name, _, n in children.get(pk, []))
    return rows


def _kind_rows(queryset, choices):
    counts = dict(queryset.values_list("kind").annotate(n=Count("pk")).order_by())
    return [(value, label, counts.get(value, 0), 0) for value, label in choices]


def _ids(filterset, skip):
    """The ids a facet counts: the list with every active filter but its own."""
    return filterset.filter_queryset_except(skip).values("pk")


def _facet(filterset, name, rows):
    """The facet of filter ``name`` from its option rows, marking the value in use."""
    return Facet(name, filterset.filters[name].label, _options(rows, filterset.value(name)))


def exhibitor_facets(filterset):
    def ids(skip):
        return _ids(filterset, skip)

    through = Exhibitor.sectors.through
    return [
        _facet(filterset, "country", _country_rows("exhibitors", ids("country"))),
        _facet(
            filterset, "sector", _sector_rows("exhibitors", through, "exhibitor_id", ids("sector"))
        ),
        _facet(
            filterset,
            "pavilion",
            _counted(
                Pavilion.objects.published(), "slug", "stands__exhibitor", ids("pavilion"), ["name"]
            ),
        ),
        _facet(
            filterset,
            "exhibition",
            _counted(
                Exhibition.objects.all(),
                "slug",
                "stands__exhibitor",
                ids("exhibition"),
                ["-year", "name"],
            ),
        ),
        _facet(
            filterset,
            "kind",
            _kind_rows(filterset.filter_queryset_except("kind"), Exhibitor.Kind.choices),
        ),
    ]


def showcase_facets(filterset):
    def ids(skip):
        return _ids(filterset, skip)

    through = Showcase.sectors.through
    facets = [
        _facet(
            filterset,
            "kind",
            _kind_rows(filterset.filter_queryset_except("kind"), Showcase.Kind.choices),
        ),
        _facet(
            filterset, "sector", _sector_rows("showcases", through, "showcase_id", ids("sector"))
        ),
        _facet(filterset, "country", _country_rows("exhibitors__showcases", ids("country"))),
        _facet(
            filterset,
            "exhibition",
            _counted(
                Exhibition.objects.all(), "slug", "showcases", ids("exhibition"), ["-year", "name"]
            ),
        ),
    ]
    slug = filterset.value("exhibitor")
    if slug:
        # Thousands of exhibitors make a poor facet: the filter shows only while it is in use.
        name = Exhibitor.objects.filter(slug=slug).values_list("name", flat=True).first()
        facets.append(Facet("exhibitor", "Exhibitor", [Option(slug, name or slug, 0, True)]))
    return facets


def total_from_kinds(facets, filterset):
    """The number of results, read off the kind facet (every row has exactly one kind)."""
    kind = next(f for f in facets if f.name == "kind")
    chosen = filterset.value("kind")
    return sum(o.count for o in kind.options if not chosen or o.value == chosen)
