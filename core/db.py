"""Bounded waits on PostgreSQL for the web processes.

A database that stops answering (connections accepted, nothing sent back: a hung server, a network
that drops packets) must not hold a request, or every worker thread, for minutes. The operating
system does not notice such a peer, and neither ``connect_timeout`` (which libpq ignores for the
non-blocking connections used here) nor ``statement_timeout`` (which the server enforces, so a
server that is not there cannot) bound it. :func:`bound_database_waits`, called by ``expo/wsgi.py``:

- installs a psycopg2 wait callback: every wait for the server (connecting, sending a query,
  reading its answer) gives up after ``DATABASE_TIMEOUT`` seconds with an ``OperationalError``,
  which psycopg2 follows by closing the connection. The page answers 503 with ``Retry-After``
  (``core.middleware.DatabaseUnavailableMiddleware``) and the next request connects afresh, so
  pages come back by themselves;
- after a wait has run out, fails every wait of the process on that server at once for
  ``DATABASE_RETRY_SECONDS`` (default 1 s): while the database is away, requests queued behind the
  stuck ones answer 503 at once instead of each waiting its turn; the first wait after that tries
  the database again. Each server (each connection string) has its own: a read replica that stops
  answering fails fast without holding up the primary (``core/routers.py``);
- asks the server for ``statement_timeout`` of the same length (plus a second), so a query whose
  client has given up does not run on.

Management commands (loads, migrations, the demo generator) do not go through ``wsgi.py`` and keep
unbounded waits: their long statements are expected. So do the few long statements a page may run
on purpose, inside :func:`longer_waits`: the values kept per content version (``core.derived``),
which at millions of rows take longer than ``DATABASE_TIMEOUT`` to work out once.
"""

import select
import threading
import time
from contextlib import contextmanager

import psycopg2
from django.conf import settings
from django.db import connections
from psycopg2 import extensions

_timeout = None
_retry_seconds = 1.0
# This thread's longer bound, inside longer_waits().
_local = threading.local()
# Per server (a connection's connection string): the monotonic time before which no wait is
# tried after one ran out.
_quiet_until = {}


def wait_with_timeout(connection):
    """psycopg2 wait callback: poll the connection until it is ready, for at most ``_timeout`` s."""
    server = connection.dsn
    timeout = getattr(_local, "timeout", None) or _timeout
    now = time.monotonic()
    if now < _quiet_until.get(server, 0.0):
        raise psycopg2.OperationalError(
            f"the database did not answer within {_timeout:g} s less than {_retry_seconds:g} s ago"
        )
    deadline = now + timeout
    poller = None
    while True:
        state = connection.poll()
        if state == extensions.POLL_OK:
            return
        if state == extensions.POLL_READ:
            events = select.POLLIN
        elif state == extensions.POLL_WRITE:
            events = select.POLLOUT
        else:
            raise psycopg2.OperationalError(f"unexpected state from the database driver: {state}")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            if getattr(_local, "timeout", None) is None:  # a long wait says nothing of the others
                _quiet_until[server] = time.monotonic() + _retry_seconds
            raise psycopg2.OperationalError(f"the database did not answer within {timeout:g} s")
        if poller is None:
            poller = select.poll()
        poller.register(connection.fileno(), events)
        poller.poll(remaining * 1000)


def bound_database_waits(seconds=None):
    """Bound every wait on the PostgreSQL databases of this process to ``seconds``."""
    global _timeout, _retry_seconds
    seconds = seconds if seconds is not None else settings.DATABASE_TIMEOUT
    _retry_seconds = settings.DATABASE_RETRY_SECONDS
    postgres = [
        alias
        for alias in connections
        if connections[alias].settings_dict["ENGINE"] == "django.db.backends.postgresql"
    ]
    if not seconds or not postgres:
        return
    _timeout = float(seconds)
    extensions.set_wait_callback(wait_with_timeout)
    for alias in postgres:
        options = connections[alias].settings_dict.setdefault("OPTIONS", {})
        statement = f"-c statement_timeout={int((_timeout + 1) * 1000)}"
        options["options"] = f"{options.get('options', '')} {statement}".strip()


def waits_bounded():
    """Whether this process bounds its waits on PostgreSQL (a web process)."""
    return _timeout is not None


@contextmanager
def longer_waits(alias, seconds):
    """Inside, this thread waits up to ``seconds`` for database ``alias`` (and the server lets a
    statement run as long), instead of ``DATABASE_TIMEOUT``. Nothing changes in a process whose
    waits are not bounded, or on another database than PostgreSQL."""
    connection = connections[alias]
    if _timeout is None or connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    previous = getattr(_local, "timeout", None)
    # The server cancels a statement at ``seconds`` (the connection stays usable); the client gives
    # up two seconds later, for a server that does not answer at all.
    _local.timeout = float(seconds) + 2
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [_ms(seconds)])
        yield
    finally:
        _local.timeout = previous
        restore = previous - 2 if previous else _timeout + 1
        reset_session(
            connection, "SELECT set_config('statement_timeout', %s, false)", [_ms(restore)]
        )


def reset_session(connection, sql, params):
    """Undo a change to the session of ``connection`` with ``sql``, or, on a connection that can no
    longer run it (broken, or in a failed transaction), close it: that ends the session, and the
    change with it, before the connection is used again."""
    if connection.connection is not None and connection.is_usable():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    else:
        connection.close()


def _ms(seconds):
    return str(int(seconds * 1000))
