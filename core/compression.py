"""gzip for the responses Django renders itself: the pages, sitemaps and JSON, where it is safe.

Django's ``GZipMiddleware``, narrowed:

- only text types (``settings.GZIP_CONTENT_TYPES``: HTML, CSS, JavaScript, JSON, CSV, XML, SVG,
  plain text); images such as the share cards gain nothing;
- never a streaming response: the open-data downloads keep their ``Content-Length`` (a client can
  tell a cut download from a whole one), and the proxy in front compresses them;
- never the paths in ``settings.GZIP_EXCLUDED_PATH_PREFIXES`` (the admin).

Why this is safe from BREACH (a secret in a compressed body, guessed from the sizes of answers to
requests an attacker shapes): public pages carry no secret. They render no CSRF token and no session
data, and are the same for every visitor, which the page cache relies on. The admin's pages do
carry a CSRF token, so they are not compressed at all. Django's own mitigations would stand in any
case: the CSRF token is masked afresh in every response, and since Django 4.2 ``GZipMiddleware``
adds a random number of bytes to each gzip header ("Heal the BREACH").

Its place in ``MIDDLEWARE`` matters: below WhiteNoise, whose static files come precompressed and
never reach it, and above ``expo.cache.PublicPageCacheMiddleware``, so the page cache stores one
uncompressed copy of a page (with no ``Vary``) and every answer, from the cache or not, is
compressed for the client that asked, with ``Vary: Accept-Encoding``.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

from core.languages import unprefixed


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.streaming or not self._compressible(request, response):
            return response
        return super().process_response(request, response)

    @staticmethod
    def _compressible(request, response):
        if unprefixed(request.path).startswith(tuple(settings.GZIP_EXCLUDED_PATH_PREFIXES)):
            return False
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        return content_type in settings.GZIP_CONTENT_TYPES
