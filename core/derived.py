"""Values worked out from the content, kept per content version (:class:`core.models.DerivedValue`).

At 3,000,000 showcases a facet count or a country's number of showcases reads millions of rows; the
content changes far less often than it is read, so such a value is worked out once per content
version and kept in the database::

    counts = remembered("showcases?country=cn", lambda: count_them(...))

The first page after a change counts and keeps (one ``INSERT``); every later one, in any process,
reads one row by its unique key. A content change bumps the version (``core.content``), so a kept
value is never served after the content it was counted from has changed, and the rows of older
versions are dropped when a newer one is written. At most ``DERIVED_VALUES_PER_VERSION`` values are
kept per version (filter states are many, and a crawler could ask for every one): past that they are
worked out each time, as without the store.

Kept values are read from and written to the primary database (the router sends only content to
the replicas), and worked out there, so a replica's lag never mixes versions.

Working a value out may take longer than a page may wait on the database (``DATABASE_TIMEOUT``,
``core.db``): seconds at millions of rows, where the bound would turn the page into a 503 at every
visit until the content changes again. So it runs with waits of up to ``DERIVED_VALUE_SECONDS``
(``core.db.longer_waits``), and one process at a time per value (a PostgreSQL advisory lock): the
visitors who ask for it meanwhile wait for that one and read what it kept, rather than each asking
the database for the same millions of rows at once. A value must survive a JSON round trip:
dictionaries with other than string keys are stored as lists of pairs.
"""

import hashlib
import json
import logging
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.content import version_on
from core.db import longer_waits, reset_session, waits_bounded
from core.models import ContentVersion, DerivedValue
from core.routers import on_primary

logger = logging.getLogger("expo.derived")
# Part of every key: a release that changes what a kept value holds raises it, so values kept by the
# code before are not read back (a release bumps no content version).
KEPT_FORMAT = 2


def remembered(key, compute):
    """The value of ``compute()`` at the current content version, worked out at most once per
    version while the store has room. Read back in one query, which compares with the version in
    the database (the primary's, whatever the cache holds). ``key`` is stored as its SHA-256, so
    a key of any length or character (a filter value from the address) is safe to store."""
    key = f"{KEPT_FORMAT}:{key}"
    key = hashlib.sha256(key.encode("utf-8", "backslashreplace")).hexdigest()
    current = ContentVersion.objects.filter(pk=1).values("version")
    kept = DerivedValue.objects.filter(key=key, version=Coalesce(Subquery(current), 0))
    for value in kept.values_list("value", flat=True):
        return value
    version = version_on(DEFAULT_DB_ALIAS)  # before counting: a change meanwhile makes a new one
    if waits_bounded() and not _room(version):
        # Past the store's share: worked out each time, within the page's usual bound (a crawler
        # asking for every filter state must not hold the primary for minutes per state).
        return compute()
    with (
        on_primary(),
        longer_waits(DEFAULT_DB_ALIAS, settings.DERIVED_VALUE_SECONDS),
        _one_at_a_time(key),
    ):
        if waits_bounded():  # another process may have kept it while this one waited its turn
            for value in kept.values_list("value", flat=True):
                return value
        value = compute()
        _keep(key, version, value)  # before the lock is released: the next one reads it
    return value


def _room(version):
    """Whether the store keeps more values at ``version``."""
    kept = DerivedValue.objects.filter(version=version)
    return kept.count() < settings.DERIVED_VALUES_PER_VERSION


@contextmanager
def _one_at_a_time(key):
    """Inside, no other web process works out the value of ``key`` (PostgreSQL, bounded waits)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not waits_bounded() or connection.vendor != "postgresql":
        yield
        return
    lock = int(key[:15], 16)  # 60 bits of the key's hash: a bigint
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [lock])
    try:
        yield
    finally:
        reset_session(connection, "SELECT pg_advisory_unlock(%s)", [lock])


def _keep(key, version, value):
    """Keep ``value`` unless the version holds its share of values already (one statement: another
    process may have kept the same value meanwhile, and then the first one stays), and drop the
    older versions' values."""
    table = DerivedValue._meta.db_table
    try:
        # A savepoint: a failure inside a transaction (a test's) must not abort the rest of it.
        with (
            transaction.atomic(using=DEFAULT_DB_ALIAS),
            connections[DEFAULT_DB_ALIAS].cursor() as cursor,
        ):
            cursor.execute(
                f"INSERT INTO {table} (key, version, value, made_at) "
                f"SELECT %s, %s, %s, %s WHERE (SELECT count(*) FROM {table} WHERE version = %s) < %s "
                "ON CONFLICT DO NOTHING",
                [
                    key,
                    version,
                    json.dumps(value),
                    timezone.now(),
                    version,
                    settings.DERIVED_VALUES_PER_VERSION,
                ],
            )
            if cursor.rowcount:
                cursor.execute(f"DELETE FROM {table} WHERE version < %s", [version])
    except DatabaseError as error:
        # A read-only or failing database still serves the page, counted afresh next time.
        logger.warning("Could not keep %s at content version %s: %s", key, version, error)
