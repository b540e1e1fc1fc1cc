"""Exhibitor and showcase pages for sitemap.xml (see :mod:`expo.sitemaps`).

Only published records: an unpublished exhibitor, and every showcase of one, stay out.
"""

from core.sitemaps import NamedPagesSitemap, PublicSitemap
from exhibitors.models import Exhibitor, Showcase


class ExhibitorSitemap(PublicSitemap):
    def items(self):
        return Exhibitor.objects.published().order_by("slug")


class ShowcaseSitemap(PublicSitemap):
    def items(self):
        return Showcase.objects.published().order_by("slug")


sitemaps = {
    "exhibitor-pages": NamedPagesSitemap("exhibitors:exhibitor_list", "exhibitors:showcase_list"),
    "exhibitors": ExhibitorSitemap(),
    "showcases": ShowcaseSitemap(),
}
