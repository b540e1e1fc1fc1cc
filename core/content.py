"""The content version: one counter of changes to public content, which keys the page cache.

Every public page is a function of the URL and the directory's content. The content's state is
one counter (:class:`core.models.ContentVersion`) that every save, delete or many-to-many change of
a content model (``core.registry``) bumps, in the same transaction. With a shared cache (Redis) the
counter is mirrored there after each commit, for STATE_TIMEOUT seconds, so that a cached page costs
no database query; when Redis comes back after an outage the mirrored state is dropped.

The counter is always read from the primary database. With read replicas (``core/routers.py``) a
public page is read from a replica only when :func:`version_on` that replica is at least the version
that keys the page, so a page is never cached under a version newer than its content.

Bulk writes through the content querysets (``update``, ``bulk_create``, ``bulk_update``) bump the
counter once each (:class:`ContentQuerySet`). Work that touches thousands of rows one
signal at a time (a large delete) runs inside :func:`one_change` to bump once at the end.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from core.cache_backend import cache_recovered
from core.models import ContentVersion
from core.registry import content_models

STATE_KEY = "expo:content-state"
# The mirrored state expires, so a write Redis missed while it was unreachable is outlived.
STATE_TIMEOUT = 60


def shared_state():
    """Whether the cache is shared by all processes, so it can hold the content state too."""
    return getattr(settings, "PAGE_CACHE_SHARED", False)


def _state_from_database():
    row = (
        ContentVersion.objects.using(DEFAULT_DB_ALIAS)
        .filter(pk=1)
        .values_list("version", "changed_at")
        .first()
    )
    return row or (0, None)


def version_on(alias):
    """The content version as database ``alias`` (a read replica) holds it; 0 before any change."""
    return (
        ContentVersion.objects.using(alias).filter(pk=1).values_list("version", flat=True).first()
        or 0
    )


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
    if _held.get() or kwargs.get("action", "post_").startswith("pre_"):
        return
    now = timezone.now()
    updated = ContentVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=now)
    if not updated:
        ContentVersion.objects.update_or_create(pk=1, defaults={"version": 1, "changed_at": now})
    transaction.on_commit(_publish_state)


def connect_signals():
    """Bump the version on any change to a registered content model (``core.registry``)."""
    for model in content_models():
        uid = f"content-changed-{model._meta.label}"
        post_save.connect(content_changed, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, weak=False, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}-{field.name}",
            )


class ContentQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes, which send no model signals, still mark content as changed."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            content_changed()
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            content_changed()
        return created

    def bulk_update(self, objs, *args, **kwargs):
        rows = super().bulk_update(objs, *args, **kwargs)
        if rows:
            content_changed()
        return rows


class SlugQuerySet(ContentQuerySet):
    """Records whose natural key is the ``slug`` field."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
