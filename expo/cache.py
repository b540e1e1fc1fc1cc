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

Bulk writes through the directory's querysets (``update``, ``bulk_create``, ``bulk_update``) bump
the counter once each (:class:`expo.models.ContentQuerySet`). Work that touches thousands of rows
one signal at a time (a large delete) runs inside :func:`one_change` to bump once at the end.
"""

import contextvars
import hashlib
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date, parse_http_date_safe

STATE_KEY = "expo:content-state"
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
            cache.add(STATE_KEY, state, None)
        return state
    return _state_from_database()


def _publish_state():
    if shared_state():
        cache.set(STATE_KEY, _state_from_database(), None)


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


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache, and answer revalidations with 304.

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
            cache.set(key, response, PAGE_TIMEOUT)
            response["X-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._cacheable_request(request):
            return None
        try:
            version, changed_at = content_state()
        except DatabaseError:
            return None
        path_hash = hashlib.sha1(request.get_full_path().encode()).hexdigest()
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
        """Anonymous GETs of public pages; the admin, health checks and files pass by."""
        return (
            getattr(settings, "PAGE_CACHE_ENABLED", True)
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(SKIPPED_PREFIXES)
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
