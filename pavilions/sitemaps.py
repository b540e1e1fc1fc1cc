"""Pavilion pages for sitemap.xml (see :mod:`expo.sitemaps`): the list and every published pavilion."""

from core.sitemaps import NamedPagesSitemap, PublicSitemap
from pavilions.models import Pavilion


class PavilionSitemap(PublicSitemap):
    def items(self):
        return Pavilion.objects.published().order_by("slug")


sitemaps = {
    "pavilion-pages": NamedPagesSitemap("pavilions:pavilion_list"),
    "pavilions": PavilionSitemap(),
}
