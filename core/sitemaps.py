"""sitemap.xml's building blocks: every public page a search engine should know about.

Each app lists its own pages in ``<app>/sitemaps.py``; the project URLconf joins them. URLs are absolute
on ``settings.SITE_URL`` when it is set, else on the host and scheme the sitemap was requested with.
Every page is listed once per language (``settings.LANGUAGES``), each entry naming the others.
Entries carry no ``lastmod``: the records keep no modification time, and a creation time would claim
that edited pages have not changed.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class PublicSitemap(Sitemap):
    """A sitemap whose URLs use ``SITE_URL`` when it is set, listing each page in every language
    with its alternates (``xhtml:link hreflang``, English as ``x-default``)."""

    i18n = True
    alternates = True
    x_default = True

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
