"""The sitemap sections of the pages that span apps: home and lists, exhibitions, countries, sectors."""

from django.db.models import Exists, OuterRef, Q

from core.sitemaps import NamedPagesSitemap, PublicSitemap
from exhibitions.models import Country, Exhibition, Sector
from exhibitors.models import Exhibitor, Showcase
from pavilions.models import Pavilion


class ExhibitionSitemap(PublicSitemap):
    def items(self):
        return Exhibition.objects.order_by("-year", "slug")


class CountrySitemap(PublicSitemap):
    """Countries with at least one published exhibitor or pavilion."""

    def items(self):
        exhibitors = Exhibitor.objects.published()
        pavilions = Pavilion.objects.published()
        return Country.objects.filter(
            Q(Exists(exhibitors.filter(countries=OuterRef("pk"))))
            | Q(Exists(pavilions.filter(country=OuterRef("pk"))))
        ).order_by("code")


class SectorSitemap(PublicSitemap):
    """Sectors with a published exhibitor or showcase, in the sector itself or a sub-sector."""

    def items(self):
        in_family = Q(sectors=OuterRef("pk")) | Q(sectors__parent=OuterRef("pk"))
        exhibitors = Exhibitor.objects.published()
        showcases = Showcase.objects.published()
        return Sector.objects.filter(
            Q(Exists(exhibitors.filter(in_family))) | Q(Exists(showcases.filter(in_family)))
        ).order_by("slug")


sitemaps = {
    "pages": NamedPagesSitemap("expo:home", "expo:country_list", "expo:sector_list"),
    "exhibitions": ExhibitionSitemap(),
    "countries": CountrySitemap(),
    "sectors": SectorSitemap(),
}
