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

Large pages from the page cache are compressed once: their gzip body is kept in the cache under
the page's ETag (content version and URL) and its length, and reused for every client that takes
gzip until the content changes (``KEEP_COMPRESSED_BYTES``).

Its place in ``MIDDLEWARE`` matters: below WhiteNoise, whose static files come precompressed and
never reach it, and above ``expo.cache.PublicPageCacheMiddleware``, so the page cache stores one
uncompressed copy of a page (with no ``Vary``) and every answer, from the cache or not, is
compressed for the client that asked, with ``Vary: Accept-Encoding``.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers

from core.languages import unprefixed

# A public page from the page cache (it has an ETag: its content version and URL) at least this
# large is compressed once and its gzip body kept beside it for as long: a 777 kB floor plan then
# costs a cache read instead of 10 ms of gzip for every answer.
KEEP_COMPRESSED_BYTES = 32 * 1024
KEEP_SECONDS = 60 * 60


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.streaming or not self._compressible(request, response):
            return response
        key = self._kept_key(request, response)
        if key is not None:
            body = cache.get(key)
            if body is not None:
                return self._with_body(response, body)
        response = super().process_response(request, response)
        if key is not None and response.get("Content-Encoding") == "gzip":
            cache.set(key, response.content, KEEP_SECONDS)
        return response

    @staticmethod
    def _kept_key(request, response):
        """The cache key of this page's gzip body, or None when it is not one to keep: only pages
        the page cache answers for (they carry its ETag), large ones, to clients taking gzip."""
        etag = response.get("ETag")
        if (
            not etag
            or response.has_header("Content-Encoding")
            or len(response.content) < KEEP_COMPRESSED_BYTES
            or not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        ):
            return None
        return "expo:gzip:" + hashlib.sha1(f"{etag} {len(response.content)}".encode()).hexdigest()

    @staticmethod
    def _with_body(response, body):
        patch_vary_headers(response, ("Accept-Encoding",))
        response.content = body
        response.headers["Content-Length"] = str(len(body))
        response.headers["Content-Encoding"] = "gzip"
        return response

    @staticmethod
    def _compressible(request, response):
        if unprefixed(request.path).startswith(tuple(settings.GZIP_EXCLUDED_PATH_PREFIXES)):
            return False
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        return content_type in settings.GZIP_CONTENT_TYPES
