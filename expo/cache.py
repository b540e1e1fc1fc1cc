"""Whole-page caching and conditional GET for anonymous visitors.

Every public page is a function of the URL and the directory's content. The content's state is
one counter (:class:`expo.models.ContentVersion`) that every save, delete or many-to-many change of
a directory record bumps, in the same transaction. Pages are cached under
``(content version, URL)``, and their ``ETag`` and ``Last-Modified`` come from the same state, so:

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

Bulk writes through the directory's querysets (``update``, ``bulk_create``, ``bulk_update``) bump
the counter once each (:class:`expo.models.ContentQuerySet`). Work that touches thousands of rows
one signal at a time (a large delete) runs inside :func:`one_change` to bump once at the end.
"""

import contextvars
import hashlib
import time
from contextlib import contextmanager
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponseNotModified, QueryDict
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

from expo import errors
from expo.cache_backend import cache_recovered
from expo.middleware import client_ip

STATE_KEY = "expo:content-state"
# The mirrored state expires, so a write Redis missed while it was unreachable is outlived.
STATE_TIMEOUT = 60
PAGE_TIMEOUT = 60 * 60
CONTENT_APPS = ("expo", "pavilions", "exhibitors")
SKIPPED_PREFIXES = ("/admin/", "/healthz", "/static/", "/media/")


def shared_state():
    """Whether the cache is shared by all processes, so it can hold the content state too."""
    return getattr(settings, "PAGE_CACHE_SHARED", False)


def _state_from_database():
    from expo.models import ContentVersion

    row = ContentVersion.objects.filter(pk=1).values_list("version", "changed_at").first()
    return row or (0, None)


def content_state():
    """``(version, changed_at)`` of the directory's content."""
    if shared_state():
        state = cache.get(STATE_KEY)
        if state is None:
            state = _state_from_database()
            cache.add(STATE_KEY, state, STATE_TIMEOUT)
        return state
    return _state_from_database()


def _publish_state():
    if shared_state():
        cache.set(STATE_KEY, _state_from_database(), STATE_TIMEOUT)


@receiver(cache_recovered)
def _forget_state(**kwargs):
    """Redis is back: the state it holds may predate writes it missed, so read it afresh."""
    cache.delete(STATE_KEY)


_held = contextvars.ContextVar("expo_content_changes_held", default=False)


@contextmanager
def one_change():
    """Count everything done inside the block as one content change, bumped when it succeeds."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)
    content_changed()


def content_changed(**kwargs):
    """Bump the content version. Connected to every directory model; callable by bulk loaders."""
    from expo.models import ContentVersion

    if _held.get() or kwargs.get("action", "post_").startswith("pre_"):
        return
    now = timezone.now()
    updated = ContentVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now)
    if not updated:
        ContentVersion.objects.update_or_create(pk=1, defaults={"version": 1, "changed_at": now})
    transaction.on_commit(_publish_state)


def connect_signals(apps):
    """Bump the version on any change to a model of the directory's apps."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label == "expo.ContentVersion":
                continue
            uid = f"expo-content-changed-{model._meta.label}"
            post_save.connect(content_changed, sender=model, weak=False, dispatch_uid=uid)
            post_delete.connect(content_changed, sender=model, weak=False, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    content_changed,
                    sender=field.remote_field.through,
                    weak=False,
                    dispatch_uid=f"{uid}-{field.name}",
                )


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
        if request.path.startswith(SKIPPED_PREFIXES):
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
        """Anonymous GETs and HEADs of public pages; the admin, health checks and files pass by."""
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
