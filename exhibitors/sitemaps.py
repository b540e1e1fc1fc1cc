"""Exhibitor and showcase pages for sitemap.xml (see :mod:`expo.sitemaps`).

Only published records: an unpublished exhibitor, and every showcase of one, stay out; a floor
plan only for an exhibition with a published hall.
"""

from django.urls import reverse

from core.sitemaps import NamedPagesSitemap, PublicSitemap
from exhibitions.models import Exhibition
from exhibitors.models import Exhibitor, Showcase


class ExhibitorSitemap(PublicSitemap):
    def items(self):
        return Exhibitor.objects.published().order_by("slug")


class ShowcaseSitemap(PublicSitemap):
    def items(self):
        return Showcase.objects.published().order_by("slug")


class FloorPlanSitemap(PublicSitemap):
    """The floor plan of each exhibition with a published hall."""

    def items(self):
        return Exhibition.objects.filter(halls__published=True).distinct().order_by("slug")

    def location(self, item):
        return reverse("exhibitors:floor_plan", args=[item.slug])


sitemaps = {
    "exhibitor-pages": NamedPagesSitemap("exhibitors:exhibitor_list", "exhibitors:showcase_list"),
    "exhibitors": ExhibitorSitemap(),
    "showcases": ShowcaseSitemap(),
    "floor-plans": FloorPlanSitemap(),
}
