"""Read replicas: public pages read the directory from a PostgreSQL streaming replica, everything
else uses the primary.

With ``DATABASE_REPLICA_URLS`` set (aliases ``replica1``, ``replica2``, ... in the settings; how to
make one is in docs/deployment.md#read-replicas):

- :class:`PublicReadsMiddleware` marks a public read: a GET or HEAD outside the admin, My visit and
  the health checks (``WRITABLE_PATH_PREFIXES`` and ``/healthz``);
- :class:`ReplicaRouter` sends that request's reads of the directory's content (the models of
  ``core.registry`` and their many-to-many tables) to one replica, chosen at the first such read.
  Every write, and every other read (the admin, sessions and users, visit plans, the content version
  that keys the page cache) goes to the primary, ``default``;
- the lag rule: a replica is chosen only when it holds at least the content version that keys the
  page (``core.content.version_on``); one that has not replayed the latest change yet is passed over
  for the primary. A page is therefore never cached under a version newer than what it shows, and
  an organiser's change shows at once: a replica's lag costs the primary some reads, never a stale
  page;
- a replica that fails (refuses connections, does not answer within ``DATABASE_TIMEOUT``, breaks
  half-way through a page) is left alone by this process for ``DATABASE_REPLICA_RETRY_SECONDS``; the
  request is served from the primary (a page that lost its replica half-way is read again there),
  so a replica going down costs no error page.

Without replicas neither is installed (``DATABASE_ROUTERS`` is empty and the middleware declines),
and nothing changes.
"""

import contextlib
import contextvars
import logging
import random
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from core import errors
from core.content import content_state, version_on
from core.languages import unprefixed
from core.registry import content_models

logger = logging.getLogger("expo.replicas")

# The public read being served on this thread, if any (set by PublicReadsMiddleware).
_public_read = contextvars.ContextVar("expo_public_read", default=None)
# Replica alias -> monotonic time before which this process does not try it again.
_resting_until = {}


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def rest(alias, error):
    """Leave replica ``alias`` alone for ``DATABASE_REPLICA_RETRY_SECONDS``: it failed."""
    seconds = settings.DATABASE_REPLICA_RETRY_SECONDS
    _resting_until[alias] = time.monotonic() + seconds
    logger.warning(
        "Read replica %s failed, reading from the primary for %g s: %s", alias, seconds, error
    )


def choose_database():
    """A replica that answers and holds the content version of this page, else the primary."""
    now = time.monotonic()
    candidates = [alias for alias in replica_aliases() if _resting_until.get(alias, 0.0) <= now]
    if not candidates:
        return DEFAULT_DB_ALIAS
    version = content_state()[0]
    random.shuffle(candidates)  # spread the reads
    for alias in candidates:
        try:
            if version_on(alias) >= version:
                return alias
        except DatabaseError as error:
            rest(alias, error)
    return DEFAULT_DB_ALIAS


class PublicRead:
    """One public request: the database its content is read from, chosen at its first read."""

    def __init__(self):
        self.alias = None
        self.replica_failed = False

    def database(self):
        if self.alias is None:
            self.alias = choose_database()
        return self.alias


@contextlib.contextmanager
def on_primary():
    """Inside, this thread reads everything from the primary (values kept per content version are
    worked out there, where the version they are kept under is)."""
    token = _public_read.set(None)
    try:
        yield
    finally:
        _public_read.reset(token)


def is_content(model):
    """Whether ``model`` is directory content (a many-to-many table counts as its model's)."""
    owner = model._meta.auto_created or model
    return owner._meta.concrete_model in content_models()


class ReplicaRouter:
    """Public reads of content from a replica that has caught up; everything else on the primary."""

    def db_for_read(self, model, **hints):
        public_read = _public_read.get()
        if public_read is not None and is_content(model):
            return public_read.database()
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS  # replicas replay the primary's migrations


class PublicReadsMiddleware:
    """Marks public reads for :class:`ReplicaRouter`; a page whose replica failed half-way is read
    again from the primary instead of answering 503."""

    def __init__(self, get_response):
        if not replica_aliases():
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.primary_paths = (*settings.WRITABLE_PATH_PREFIXES, "/healthz")

    def __call__(self, request):
        public = request.method in ("GET", "HEAD")
        if not public or unprefixed(request.path).startswith(self.primary_paths):
            return self.get_response(request)
        public_read = PublicRead()
        token = _public_read.set(public_read)
        try:
            response = self.get_response(request)
            if public_read.replica_failed:  # the answer is a 503: read the page again
                public_read.alias = DEFAULT_DB_ALIAS
                response = self.get_response(request)
        finally:
            _public_read.reset(token)
        return response

    def process_exception(self, request, exception):
        """Before ``DatabaseUnavailableMiddleware`` makes a 503 of it: was it the replica?"""
        public_read = _public_read.get()
        alias = public_read.alias if public_read is not None else None
        if (
            alias not in (None, DEFAULT_DB_ALIAS)
            and errors.database_unavailable(exception)
            and connections[alias].errors_occurred
        ):
            rest(alias, exception)
            public_read.replica_failed = True
        return None
