"""Whole-page caching and conditional GET for anonymous visitors.

Pages are cached under ``(content version, URL)`` (the version: ``core.content``), and their
``ETag`` and ``Last-Modified`` come from the same state, so:

- an organiser's change shows on the public pages at once, in every process;
- a browser or proxy revalidating a page gets a 304 without the page being rendered;
- with the local-memory cache each process keeps its own page copies, and reads the counter from
  the database (one primary-key query); with Redis (``REDIS_URL``) the counter is mirrored in
  Redis after each commit and a cached page costs no database query at all.

What a visitor can make the cache hold is bounded: only the canonical form of a URL is cached (the
view's known query parameters, one value each, in name order; see :func:`canonicalise`), a page
over ``PAGE_CACHE_MAX_BYTES`` is not stored, and one client address stores at most
``PAGE_CACHE_CLIENT_STORES`` new pages per ``PAGE_CACHE_CLIENT_WINDOW`` seconds (it is still served).
Only a real signed-in session bypasses the cache; a made-up session cookie does not. Without
``SITE_URL`` the key includes the request's host, since pages then carry it in their links.

Django's ``cache_page`` and ``CacheMiddleware`` do not fit: their key is the URL as sent (unknown
parameters and their order included), they cannot key on a version read per request without a
second lookup, a cookie makes them add ``Vary: Cookie`` and skip, and they answer no 304 of their
own. So this middleware is home-made; ``django.utils.cache`` gives it the headers.
"""

import hashlib
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponseNotModified, QueryDict
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from core import errors
from core.content import content_state
from core.languages import unprefixed
from core.middleware import client_ip

PAGE_TIMEOUT = 60 * 60
# My visit's pages are each visitor's own (visits/views.py): never cached here.
SKIPPED_PREFIXES = ("/admin/", "/healthz", "/static/", "/media/", "/my-visit/")


def known_parameters(view_func):
    """The query parameters a view reads: its FilterSet's, ``page`` for a paginated list, and any it
    names in ``query_parameters`` (a class attribute, or an attribute of a function view)."""
    view_class = getattr(view_func, "view_class", None)
    names = set(getattr(view_class or view_func, "query_parameters", ()))
    filterset_class = getattr(view_class, "filterset_class", None)
    if filterset_class is not None:
        names.update(filterset_class.base_filters)
    if getattr(view_class, "paginate_by", None):
        names.add(getattr(view_class, "page_kwarg", "page"))
    return names


def canonicalise(request, names):
    """Keep only the parameters in ``names`` (the last value of each, as the views read them), in
    name order, in ``request.GET`` and the query string, so that unknown parameters reach neither
    the page's links nor the cache, and one page has one URL."""
    query = QueryDict(mutable=True)
    for name in sorted(names & request.GET.keys()):
        query[name] = request.GET[name]
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def signed_in(request):
    """Whether the request carries the session of a signed-in user (not just any session cookie).

    It reads the session through a store of its own, so the request's session stays untouched and
    the response gains no ``Vary: Cookie``. A database that does not answer counts as "no".
    """
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    try:
        return SESSION_KEY in store
    except DatabaseError:
        return False


def client_may_store(request):
    """Whether this client address may add one more page to the cache in the current window."""
    limit, window = settings.PAGE_CACHE_CLIENT_STORES, settings.PAGE_CACHE_CLIENT_WINDOW
    address = client_ip(request) or "-"
    key = f"expo:page-stores:{int(time.time() // window)}:{address}"
    cache.add(key, 0, window)
    try:
        stored = cache.incr(key)
    except ValueError:  # expired between add and incr
        return True
    return stored is None or stored <= limit


class PublicPageCacheMiddleware:
    """Serve anonymous GETs and HEADs of public pages from the cache, and answer revalidations
    with 304.

    The lookup happens in ``process_view``, after URL resolution, so unknown paths and hosts go
    straight to the error pages (which need no database); the store happens on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        entry = getattr(request, "_page_cache_entry", None)
        if entry and self._cacheable_response(response):
            key, etag, changed_at = entry
            self._validators(response, etag, changed_at)
            if len(response.content) <= settings.PAGE_CACHE_MAX_BYTES and client_may_store(request):
                cache.set(key, response, PAGE_TIMEOUT)
            response["X-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if unprefixed(request.path).startswith(SKIPPED_PREFIXES):
            return None
        canonicalise(request, known_parameters(view_func))
        if not self._cacheable_request(request):
            return None
        try:
            version, changed_at = content_state()
        except DatabaseError as error:
            if errors.database_unavailable(error):
                # No page can be rendered either: answer now rather than wait on it twice.
                return errors.service_unavailable(request, error)
            return None
        place = "" if settings.SITE_URL else request.get_host()
        path_hash = hashlib.sha1(f"{place}{request.get_full_path()}".encode()).hexdigest()
        etag = f'W/"{version}-{path_hash[:16]}"'
        if self._not_modified(request, etag, changed_at):
            response = HttpResponseNotModified()
            self._validators(response, etag, changed_at)
            return response
        key = f"expo:page:{version}:{path_hash}"
        response = cache.get(key)
        if response is not None:
            response["X-Cache"] = "hit"
            return response
        request._page_cache_entry = (key, etag, changed_at)
        return None

    @staticmethod
    def _cacheable_request(request):
        """GETs and HEADs without a signed-in session (the admin, health checks and files never
        get here: ``process_view`` lets ``SKIPPED_PREFIXES`` pass first)."""
        return (
            getattr(settings, "PAGE_CACHE_ENABLED", True)
            and request.method in ("GET", "HEAD")
            and not signed_in(request)
        )

    @staticmethod
    def _cacheable_response(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "Cache-Control" not in response
            and "Vary" not in response
        )

    @staticmethod
    def _validators(response, etag, changed_at):
        response["ETag"] = etag
        if changed_at:
            response["Last-Modified"] = http_date(changed_at.timestamp())
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)

    @staticmethod
    def _not_modified(request, etag, changed_at):
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [tag.strip() for tag in if_none_match.split(",")]
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return bool(changed_at and since and int(changed_at.timestamp()) <= since)
