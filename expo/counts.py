"""How many published exhibitors and showcases each country and each sector has, for the overview
pages (home, countries, sectors, a country's and a sector's page). Each count is one grouped query
over a link table, whatever the number of countries or sectors, worked out once per content version
and kept (``core.derived``): at 3,000,000 showcases a count reads every link.

A showcase counts for the countries of its maker (as the showcase directory's country filter does);
a top-level sector's count includes its sub-sectors (as its page does), each row counted once.
"""

from django.db.models import Count, F
from django.db.models.functions import Coalesce

from core.derived import remembered
from exhibitors.models import Exhibitor, Showcase

ExhibitorCountries = Exhibitor.countries.through
ExhibitorSectors = Exhibitor.sectors.through
ShowcaseSectors = Showcase.sectors.through


def _grouped(rows, key, counted):
    return dict(
        rows.values(group=key).annotate(n=Count(counted, distinct=True)).values_list("group", "n")
    )


def overview_counts():
    """``{"countries": ..., "sectors": ..., "sectors_alone": ...}``, each ``{id: (exhibitors,
    showcases)}``: by country, by top-level sector counting its sub-sectors in, and by each sector
    alone. Counted together and kept as one value, so a page reads them in one query."""
    kept = remembered(
        "overview-counts",
        lambda: {
            "countries": list(_country_counts().items()),
            "sectors": list(_sector_counts(families=True).items()),
            "sectors_alone": list(_sector_counts(families=False).items()),
        },
    )
    return {name: {key: tuple(counts) for key, counts in pairs} for name, pairs in kept.items()}


def _country_counts():
    links = ExhibitorCountries.objects.filter(exhibitor__published=True).order_by()
    exhibitors = _grouped(links, F("country_id"), "exhibitor_id")
    showcases = _grouped(
        links.filter(exhibitor__showcases__in=Showcase.objects.published()),
        F("country_id"),
        "exhibitor__showcases",
    )
    return {key: (exhibitors.get(key, 0), showcases.get(key, 0)) for key in exhibitors}


def _sector_counts(families):
    """With ``families``, keyed by the top-level sector and counting its sub-sectors in."""
    key = Coalesce("sector__parent_id", "sector_id") if families else F("sector_id")
    exhibitors = _grouped(
        ExhibitorSectors.objects.filter(exhibitor__published=True).order_by(), key, "exhibitor_id"
    )
    showcases = _grouped(
        ShowcaseSectors.objects.filter(showcase__in=Showcase.objects.published()).order_by(),
        key,
        "showcase_id",
    )
    return {
        key: (exhibitors.get(key, 0), showcases.get(key, 0)) for key in {*exhibitors, *showcases}
    }


def with_counts(objects, counts, keep_empty=False):
    """``objects`` with ``exhibitor_count`` and ``showcase_count`` set from ``counts``; those with
    neither are left out unless ``keep_empty``."""
    kept = []
    for obj in objects:
        obj.exhibitor_count, obj.showcase_count = counts.get(obj.pk, (0, 0))
        if keep_empty or obj.exhibitor_count or obj.showcase_count:
            kept.append(obj)
    return kept
