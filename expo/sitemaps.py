"""sitemap.xml: every public page a search engine should know about.

Each app lists its own pages in ``<app>/sitemaps.py``; the project URLconf joins them. URLs are absolute
on ``settings.SITE_URL`` when it is set, else on the host and scheme the sitemap was requested with.
Entries carry no ``lastmod``: the records keep no modification time, and a creation time would claim
that edited pages have not changed.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from expo.models import Country, Exhibition, Sector
from expo.views import exhibitor_model, pavilion_model, showcase_model


class PublicSitemap(Sitemap):
    """A sitemap whose URLs use ``SITE_URL`` when it is set."""

    def get_protocol(self, protocol=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site=None):
        if settings.SITE_URL:
            return urlsplit(settings.SITE_URL).netloc
        return super().get_domain(site)


class NamedPagesSitemap(PublicSitemap):
    """Pages without an object: the home page and the lists, by URL name."""

    def __init__(self, *url_names):
        self.url_names = url_names

    def items(self):
        return list(self.url_names)

    def location(self, item):
        return reverse(item)


class ExhibitionSitemap(PublicSitemap):
    def items(self):
        return Exhibition.objects.order_by("-year", "slug")


class CountrySitemap(PublicSitemap):
    """Countries with at least one published exhibitor or pavilion."""

    def items(self):
        exhibitors = exhibitor_model().objects.published()
        pavilions = pavilion_model().objects.published()
        return Country.objects.filter(
            Q(Exists(exhibitors.filter(countries=OuterRef("pk"))))
            | Q(Exists(pavilions.filter(country=OuterRef("pk"))))
        ).order_by("code")


class SectorSitemap(PublicSitemap):
    """Sectors with a published exhibitor or showcase, in the sector itself or a sub-sector."""

    def items(self):
        in_family = Q(sectors=OuterRef("pk")) | Q(sectors__parent=OuterRef("pk"))
        exhibitors = exhibitor_model().objects.published()
        showcases = showcase_model().objects.published()
        return Sector.objects.filter(
            Q(Exists(exhibitors.filter(in_family))) | Q(Exists(showcases.filter(in_family)))
        ).order_by("slug")


sitemaps = {
    "pages": NamedPagesSitemap("expo:home", "expo:country_list", "expo:sector_list"),
    "exhibitions": ExhibitionSitemap(),
    "countries": CountrySitemap(),
    "sectors": SectorSitemap(),
}
