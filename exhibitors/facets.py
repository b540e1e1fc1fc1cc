"""Facet counts for the directory lists.

Each facet counts what the list would hold if the visitor picked that option, with every other
active filter applied, so choosing a country never hides the other countries. Each facet costs one
aggregate query whatever the data size. Options with no results are left out unless selected.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery

from exhibitors.models import Exhibitor, Showcase, Stand
from expo.models import Country, Exhibition, Sector
from pavilions.models import Pavilion


class SubqueryCount(Subquery):
    """``(SELECT count(DISTINCT member) ...)`` over a correlated subquery selecting ``member``."""

    template = "(SELECT count(DISTINCT _ids.member) FROM (%(subquery)s) _ids)"
    output_field = IntegerField()


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


def _sector_rows(through, owner, ids):
    """Every sector with the number of ``ids`` in it or in one of its sub-sectors, as a tree."""
    members = through.objects.filter(
        Q(sector_id=OuterRef("pk")) | Q(sector__parent_id=OuterRef("pk")),
        **{f"{owner}__in": ids},
    ).values(member=F(owner))
    sectors = list(
        Sector.objects.annotate(n=SubqueryCount(members))
        .order_by("name")
        .only("slug", "name", "parent_id")
    )
    children = {}
    for sector in sectors:
        children.setdefault(sector.parent_id, []).append(sector)
    rows = []
    for parent in children.get(None, []):
        rows.append((parent.slug, parent.name, parent.n, 0))
        rows.extend((child.slug, child.name, child.n, 1) for child in children.get(parent.pk, []))
    return rows


def _kind_rows(queryset, choices):
    counts = dict(queryset.values_list("kind").annotate(n=Count("pk")).order_by())
    return [(value, label, counts.get(value, 0), 0) for value, label in choices]


def _table_rows(queryset, value_field, members, selected, order):
    """Rows of an option table (countries, pavilions, ...) counted with a correlated subquery."""
    rows = (
        queryset.annotate(n=SubqueryCount(members))
        .filter(Q(n__gt=0) | Q(**{value_field: selected}))
        .order_by(*order)
        .values_list(value_field, "name", "n")
    )
    return [(*row, 0) for row in rows]


def _country_rows(members, selected):
    """Countries by lower-case code, as the URLs spell them."""
    rows = _table_rows(Country.objects.all(), "code", members, selected.upper(), ["name"])
    return [(code.lower(), *rest) for code, *rest in rows]


def exhibitor_facets(filterset):
    data = filterset.form.cleaned_data
    selected = {name: str(data.get(name) or "") for name in filterset.facets}

    def ids(skip):
        return filterset.filter_queryset_except(skip).values("pk")

    def stand_members(skip, field):
        return Stand.objects.filter(**{field: OuterRef("pk")}, exhibitor_id__in=ids(skip)).values(
            member=F("exhibitor_id")
        )

    country_members = Exhibitor.countries.through.objects.filter(
        country_id=OuterRef("pk"), exhibitor_id__in=ids("country")
    ).values(member=F("exhibitor_id"))
    countries = _country_rows(country_members, selected["country"])
    pavilions = _table_rows(
        Pavilion.objects.published(),
        "slug",
        stand_members("pavilion", "pavilion_id"),
        selected["pavilion"],
        ["name"],
    )
    exhibitions = _table_rows(
        Exhibition.objects.all(),
        "slug",
        stand_members("exhibition", "exhibition_id"),
        selected["exhibition"],
        ["-year", "name"],
    )
    sectors = _sector_rows(Exhibitor.sectors.through, "exhibitor_id", ids("sector"))
    kinds = _kind_rows(filterset.filter_queryset_except("kind"), Exhibitor.Kind.choices)
    return [
        Facet("country", "Country", _options(countries, selected["country"].lower())),
        Facet("sector", "Sector", _options(sectors, selected["sector"])),
        Facet("pavilion", "Pavilion", _options(pavilions, selected["pavilion"])),
        Facet("exhibition", "Exhibition", _options(exhibitions, selected["exhibition"])),
        Facet("kind", "Kind", _options(kinds, selected["kind"])),
    ]


def showcase_facets(filterset):
    data = filterset.form.cleaned_data
    selected = {name: str(data.get(name) or "") for name in filterset.facets}

    def ids(skip):
        return filterset.filter_queryset_except(skip).values("pk")

    kinds = _kind_rows(filterset.filter_queryset_except("kind"), Showcase.Kind.choices)
    country_members = Showcase.objects.filter(
        pk__in=ids("country"), exhibitor__countries=OuterRef("pk")
    ).values(member=F("pk"))
    countries = _country_rows(country_members, selected["country"])
    exhibition_members = Showcase.objects.filter(
        pk__in=ids("exhibition"), exhibition_id=OuterRef("pk")
    ).values(member=F("pk"))
    exhibitions = _table_rows(
        Exhibition.objects.all(),
        "slug",
        exhibition_members,
        selected["exhibition"],
        ["-year", "name"],
    )
    sectors = _sector_rows(Showcase.sectors.through, "showcase_id", ids("sector"))
    facets = [
        Facet("kind", "Kind", _options(kinds, selected["kind"])),
        Facet("sector", "Sector", _options(sectors, selected["sector"])),
        Facet("country", "Country", _options(countries, selected["country"].lower())),
        Facet("exhibition", "Exhibition", _options(exhibitions, selected["exhibition"])),
    ]
    if selected["exhibitor"]:
        # Thousands of exhibitors make a poor facet: the filter shows only while it is in use.
        name = (
            Exhibitor.objects.filter(slug=selected["exhibitor"])
            .values_list("name", flat=True)
            .first()
        )
        facets.append(
            Facet(
                "exhibitor",
                "Exhibitor",
                [Option(selected["exhibitor"], name or selected["exhibitor"], 0, True)],
            )
        )
    return facets


def total_from_kinds(facets, filterset):
    """The number of results, read off the kind facet (every row has exactly one kind)."""
    kind = next(f for f in facets if f.name == "kind")
    chosen = filterset.form.cleaned_data.get("kind")
    return sum(o.count for o in kind.options if not chosen or o.value == chosen)
