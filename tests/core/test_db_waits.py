"""A web process's bounded waits on PostgreSQL (core/db.py), and the longer ones a page may take on
purpose to work out a value kept per content version."""

import psycopg2
import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from psycopg2 import extensions

from core import db

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL waits"),
]
ALIAS = "bounded_waits"


@pytest.fixture
def bounded(monkeypatch):
    """A connection of its own to the test database, in a process whose waits are bounded to half a
    second (as expo/wsgi.py bounds them), so that a wait that runs out closes only it."""
    monkeypatch.setattr(db, "_timeout", 0.5)
    monkeypatch.setattr(db, "_retry_seconds", 0.0)
    monkeypatch.setattr(db, "_quiet_until", {})
    extensions.set_wait_callback(db.wait_with_timeout)
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    connections[ALIAS] = own
    try:
        yield own
    finally:
        extensions.set_wait_callback(None)
        own.close()
        del connections[ALIAS]


def sleep(wrapper, seconds):
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [seconds])


def statement_timeout(wrapper):
    with wrapper.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_a_statement_longer_than_the_bound_fails(bounded):
    with pytest.raises((OperationalError, psycopg2.OperationalError)):
        sleep(bounded, 1.2)


def test_inside_longer_waits_it_finishes_and_the_bound_comes_back(bounded):
    with db.longer_waits(ALIAS, 5):
        sleep(bounded, 1.2)
        assert statement_timeout(bounded) == "5s"

    assert statement_timeout(bounded) == "1500ms"
    with pytest.raises((OperationalError, psycopg2.OperationalError)):
        sleep(bounded, 1.2)


def test_longer_waits_change_nothing_where_waits_are_not_bounded():
    with db.longer_waits(DEFAULT_DB_ALIAS, 5):
        before = statement_timeout(connection)
    assert statement_timeout(connection) == before == "0"


def test_a_long_wait_that_runs_out_leaves_the_other_waits_alone(bounded):
    """The server cancels the statement at the longer bound; the connection stays usable and the
    process does not take the database for down (which would answer 503 to every page)."""
    with db.longer_waits(ALIAS, 1):
        with pytest.raises((OperationalError, psycopg2.OperationalError)):
            sleep(bounded, 2)
    assert db._quiet_until == {}
    assert statement_timeout(bounded) == "1500ms"
