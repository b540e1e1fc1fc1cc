"""Read replicas, for real: a PostgreSQL primary, a streaming replica of it made with
``pg_basebackup -R``, and gunicorn reading the public pages from the replica (``core/routers.py``).

The fixture starts two PostgreSQL servers of this test process (in a temporary folder, each on a
free loopback port): the primary made with ``initdb``, migrated and loaded with the shipped data, and
its replica. gunicorn (Redis as the shared page cache) runs with ``DATABASE_URL`` on the
primary and ``DATABASE_REPLICA_URLS`` on the replica, through a TCP proxy the test can make hang.

Which server a page was read from is told by a change written on the primary behind the app's back
(it bumps no content version) while the replica's replay is paused: a page read from the replica
does not show it, a page read from the primary does.

It runs in the PostgreSQL run of ``make test`` (skipped on SQLite); without PostgreSQL's server
programs or Redis it is skipped locally and fails in CI.
"""

import http.client
import os
import re
import runpy
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg2
import pytest
import redis
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.db import connection

from core.routers import PublicReadsMiddleware
from tests.proxies import TcpProxy
from tests.servers import (
    PostgresCluster,
    free_port,
    postgres_programs,
    redis_test_url,
    start_gunicorn,
    stop_process,
    wait_until_live,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATABASE_TIMEOUT = 1  # seconds gunicorn waits for a server that does not answer
REPLICA_RETRY_SECONDS = 4  # seconds gunicorn leaves a failed replica alone
WORKERS = 1  # one process: which pages waited for a failed replica is then certain
ORGANISER = "organiser"
PASSWORD = secrets.token_urlsafe(18)
MARK = " [on the primary only]"
HEARTBEAT = "UPDATE heartbeat SET beat = beat + 1 RETURNING beat"
PAGES = [
    "/",
    "/exhibitors/",
    "/exhibitors/baidu/",
    "/countries/by/",
    "/sectors/robotics/",
    "/search/?q=harvester",
    "/showcases/data.json",
]


def unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; the read-replica test needs it in CI")
    pytest.skip(reason)


@dataclass
class Site:
    """The primary, its replica, the proxy in front of the replica, Redis, and gunicorn's port."""

    port: int
    primary: PostgresCluster
    replica: PostgresCluster
    proxy: TcpProxy
    cache: object

    def get(self, path):
        """(status, body, seconds) of an anonymous GET."""
        started = time.monotonic()
        answer = http.client.HTTPConnection("127.0.0.1", self.port, timeout=DATABASE_TIMEOUT + 10)
        try:
            answer.request("GET", path, headers={"Host": "127.0.0.1"})
            response = answer.getresponse()
            return response.status, response.read().decode(), time.monotonic() - started
        finally:
            answer.close()

    def empty_cache(self):
        """Empty the shared page cache, so the next pages are read from a database."""
        self.cache.flushdb()

    def caught_up(self, seconds=10):
        """Wait until the replica has replayed everything the primary has committed so far: a
        heartbeat committed now, after it all, has reached the replica."""
        beat = self.primary.sql(HEARTBEAT, database="postgres")
        deadline = time.monotonic() + seconds
        while self.replica.sql("SELECT beat FROM heartbeat", database="postgres") < beat:
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)

    @contextmanager
    def replay_paused(self):
        """The replica receives the primary's changes but does not apply them: it lags."""
        self.replica.sql("SELECT pg_wal_replay_pause()")
        try:
            yield
        finally:
            self.replica.sql("SELECT pg_wal_replay_resume()")

    def read_from(self, path="/sectors/robotics/"):
        """Where a public page is read from now, "replica" or "primary" (see the module's doc)."""
        self.caught_up()
        with self.replay_paused():
            self.mark_sector(True)
            try:
                self.empty_cache()
                status, body, _ = self.get(path)
            finally:
                self.mark_sector(False)
        self.caught_up()
        assert status == 200
        return "primary" if MARK in body else "replica"

    def mark_sector(self, marked):
        """Add MARK to (or take it from) the robotics sector's name, on the primary, without the
        app: no content version is bumped, so the replica still counts as current."""
        change = "{0} || %(mark)s" if marked else "replace({0}, %(mark)s, '')"
        self.primary.sql(
            f"UPDATE exhibitions_sector SET name = {change.format('name')}, "
            f"name_en = {change.format('name_en')} WHERE slug = 'robotics'",
            {"mark": MARK},
        )


# Migrates the primary, loads the shipped data and adds the organiser, in one process.
SET_UP_PRIMARY = """
import os, django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_shipped_data", verbosity=0)
get_user_model().objects.create_superuser(os.environ["ORGANISER"], "", os.environ["PASSWORD"])
"""


@pytest.fixture(scope="module")
def site():
    if connection.vendor != "postgresql":
        pytest.skip("read replicas are PostgreSQL's: the PostgreSQL run of the suite tests them")
    started = time.monotonic()
    programs = postgres_programs()
    if programs is None:
        unavailable("PostgreSQL's server programs (initdb, pg_basebackup) are not installed")
    cache_url = redis_test_url()
    try:
        address = urlsplit(cache_url)
        socket.create_connection((address.hostname, address.port or 6379), timeout=2).close()
    except OSError:
        unavailable(f"Redis is not reachable at {cache_url}")

    folder = Path(tempfile.mkdtemp(prefix="expo-replica-", dir="/tmp"))  # short: socket paths
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    primary = PostgresCluster(programs, folder, "primary")
    replica = PostgresCluster(programs, folder, "replica")
    running, proxy, server = [], None, None
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "expo.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
        "DATABASE_URL": primary.url("expo"),
    }
    try:
        # The primary, and a base backup of it that streams what is written after: the schema,
        # the shipped data and the organiser, written while gunicorn starts.
        primary.create()
        primary.start()
        running.append(primary)
        primary.sql("CREATE TABLE heartbeat AS SELECT 0 AS beat", database="postgres")
        replica.copy_of(primary)
        replica.start()
        running.append(replica)
        proxy = TcpProxy(("127.0.0.1", replica.port))
        proxy.start()
        cache = redis.Redis.from_url(cache_url)
        cache.flushdb()
        port = free_port()
        server = start_gunicorn(
            {
                **env,
                "DATABASE_REPLICA_URLS": replica.url("expo", port=proxy.port),
                "REDIS_URL": cache_url,
                "DATABASE_TIMEOUT": str(DATABASE_TIMEOUT),
                # core/db.py fails waits on a server that just timed out for this long: kept short
                # here, so that what leaves a failed replica alone is the router's rest.
                "DATABASE_RETRY_SECONDS": "0.2",
                "DATABASE_REPLICA_RETRY_SECONDS": str(REPLICA_RETRY_SECONDS),
            },
            port,
            workers=WORKERS,
        )
        primary.sql("CREATE DATABASE expo", database="postgres")
        subprocess.run(
            [sys.executable, "-c", SET_UP_PRIMARY],
            cwd=BASE_DIR,
            env={**env, "ORGANISER": ORGANISER, "PASSWORD": PASSWORD},
            check=True,
            timeout=120,
        )
        wait_until_live(server, port)
        site = Site(port, primary, replica, proxy, cache)
        site.caught_up()
        print(f"\nprimary, replica and gunicorn ready in {time.monotonic() - started:.1f} s")
        yield site
    finally:
        if server:
            stop_process(server)
        if proxy:
            proxy.stop()
        for cluster in reversed(running):
            try:
                cluster.stop("immediate")
            except subprocess.CalledProcessError:
                pass  # stopped by the test already
        shutil.rmtree(folder, ignore_errors=True)
        print(f"read-replica tests: {time.monotonic() - started:.1f} s in all")


class FormFields(HTMLParser):
    """The fields a browser would send with one form (found by its id) as it stands."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif not self.inside:
            return
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif "name" not in attrs:
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file", "image"):
                default = "on" if kind in ("checkbox", "radio") else ""
                self.fields.append((attrs["name"], attrs.get("value") or default))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None


def form_fields(page, form_id):
    parser = FormFields(form_id)
    parser.feed(page)
    return dict(parser.fields)


class Organiser:
    """An organiser in the admin, with a browser's cookies."""

    def __init__(self, site):
        self.site, self.cookies = site, {}

    def request(self, method, path, fields=None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1{path}"
        answer = http.client.HTTPConnection("127.0.0.1", self.site.port, timeout=20)
        try:
            answer.request(method, path, body=body, headers=headers)
            response = answer.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.read().decode()
        finally:
            answer.close()

    def log_in(self):
        _, page = self.request("GET", "/admin/login/?next=/admin/")
        fields = form_fields(page, "login-form")
        fields.update(username=ORGANISER, password=PASSWORD)
        status, page = self.request("POST", "/admin/login/?next=/admin/", fields)
        assert status == 302, page

    def edit(self, path, form_id, changes):
        """Open a change form, change some fields and save it, as in a browser."""
        status, page = self.request("GET", path)
        assert status == 200, page
        fields = {**form_fields(page, form_id), **changes, "_save": "Save"}
        status, page = self.request("POST", path, fields)
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
        assert status == 302, errors or page


@pytest.fixture(scope="module")
def organiser(site):
    signed_in = Organiser(site)
    signed_in.log_in()
    return signed_in


def test_public_pages_read_from_the_replica_and_the_admin_from_the_primary(site, organiser):
    sector = site.primary.sql("SELECT id FROM exhibitions_sector WHERE slug = 'robotics'")
    site.caught_up()
    with site.replay_paused():
        site.mark_sector(True)
        try:
            site.empty_cache()
            public = [site.get(path) for path in ("/sectors/robotics/", "/sectors/", "/")]
            _, admin_page = organiser.request("GET", f"/admin/exhibitions/sector/{sector}/change/")
        finally:
            site.mark_sector(False)
    site.caught_up()

    assert [status for status, _, _ in public] == [200, 200, 200]
    assert [MARK in body for _, body, _ in public] == [False, False, False]
    assert ["Robotics" in body for _, body, _ in public] == [True, True, True]
    assert MARK in admin_page  # the admin reads the primary, even while the replica lags


def test_an_organisers_edit_shows_at_once_while_the_replica_lags(site, organiser):
    country = site.primary.sql("SELECT id FROM exhibitions_country WHERE code = 'BY'")
    new_name = f"Belarus {secrets.token_hex(4)}"
    site.caught_up()
    before = [site.get("/countries/by/") for _ in range(3)]  # rendered, then cached
    assert [new_name in body for _, body, _ in before] == [False] * len(before)

    with site.replay_paused():
        organiser.edit(
            f"/admin/exhibitions/country/{country}/change/", "country_form", {"name_en": new_name}
        )
        # The replica has not replayed the edit yet...
        assert (
            site.replica.sql("SELECT name_en FROM exhibitions_country WHERE code = 'BY'")
            != new_name
        )
        # ...and no page shows the old name: they are read from the primary until it has.
        lagging = [site.get(path) for path in ["/countries/by/"] * 3 + ["/countries/"]]
    site.caught_up()
    after = [site.get(path) for path in ("/countries/by/", "/countries/")]

    assert [status for status, _, _ in lagging + after] == [200] * (len(lagging) + len(after))
    assert [new_name in body for _, body, _ in lagging + after] == [True] * (
        len(lagging) + len(after)
    )
    assert site.read_from() == "replica"  # caught up, it serves the public pages again


def every_page(site):
    """(path, status, body, started, seconds) of every page of PAGES, none of them cached."""
    site.empty_cache()
    return [(path, time.monotonic(), *site.get(path)) for path in PAGES]


def back_to_the_replica(site, seconds=REPLICA_RETRY_SECONDS + 10):
    """Seconds until public pages are read from the replica again."""
    started = time.monotonic()
    while site.read_from() != "replica":
        assert time.monotonic() - started < seconds, "public pages did not go back to the replica"
        time.sleep(0.2)
    return time.monotonic() - started


def test_a_replica_that_stops_or_hangs_costs_no_error_page(site):
    back_to_the_replica(site)

    # Stopped (PostgreSQL shut down): its connections are dropped and new ones refused.
    site.replica.stop()
    try:
        stopped = every_page(site)
        health = site.get("/healthz")[0]
    finally:
        site.replica.start()
    back_to_the_replica(site)

    # Hung (a frozen server, a network dropping packets): connections accepted, nothing answered.
    site.proxy.black_hole()
    try:
        hung = every_page(site)
    finally:
        site.proxy.restore()
    recovered = back_to_the_replica(site)

    answers = stopped + hung
    assert [(path, status) for path, _, status, _, _ in answers if status != 200] == []
    assert health == 200
    assert max(seconds for *_, seconds in stopped) < DATABASE_TIMEOUT
    # The first page waits for the hung replica, once; then gunicorn leaves the replica alone for
    # DATABASE_REPLICA_RETRY_SECONDS, so the pages asked for meanwhile do not wait at all.
    _, first_started, _, _, first_seconds = hung[0]
    assert DATABASE_TIMEOUT <= first_seconds < DATABASE_TIMEOUT + 2
    resting_until = first_started + first_seconds + REPLICA_RETRY_SECONDS - 0.5
    meanwhile = [seconds for _, started, _, _, seconds in hung[1:] if started < resting_until]
    assert len(meanwhile) >= 3
    assert max(meanwhile) < DATABASE_TIMEOUT
    assert max(seconds for *_, seconds in hung) < DATABASE_TIMEOUT + 2
    assert recovered < REPLICA_RETRY_SECONDS + 5


REPLAYED_LOCK = """
SELECT count(*) FROM pg_locks
WHERE relation = 'exhibitions_sector'::regclass AND mode = 'AccessExclusiveLock' AND granted
"""


def test_a_page_whose_replica_fails_half_way_is_read_again_from_the_primary(site):
    back_to_the_replica(site)
    # The replica replays an exclusive lock on the sectors' table, as a primary's ALTER TABLE or
    # TRUNCATE would take, and its replay stops before the lock is released: it still answers the
    # content version, but a read of the sectors waits until DATABASE_TIMEOUT runs out.
    locker = psycopg2.connect(site.primary.url("expo"))
    try:
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE exhibitions_sector IN ACCESS EXCLUSIVE MODE")
            site.caught_up()
            site.replica.sql("SELECT pg_wal_replay_pause()")
            assert site.replica.sql(REPLAYED_LOCK) == 1
        locker.commit()  # the primary's lock is released; the replica's is held
    finally:
        locker.close()
    try:
        site.empty_cache()
        status, body, seconds = site.get("/sectors/robotics/")
    finally:
        site.replica.sql("SELECT pg_wal_replay_resume()")

    assert status == 200
    assert "Robotics" in body
    assert DATABASE_TIMEOUT <= seconds < DATABASE_TIMEOUT + 2  # it waited for the replica once


def settings_with(monkeypatch, replica_urls):
    """The settings module's values with ``DATABASE_REPLICA_URLS`` set to ``replica_urls``."""
    monkeypatch.setenv("DATABASE_URL", "postgres://expo@db.internal:5432/expo")
    monkeypatch.setenv("DATABASE_REPLICA_URLS", replica_urls)
    return runpy.run_path(str(BASE_DIR / "expo" / "settings.py"))


def test_replica_urls_add_replica_aliases_and_the_router(monkeypatch):
    values = settings_with(
        monkeypatch,
        "postgres://expo@replica-a.internal/expo, postgres://expo@replica-b.internal/expo",
    )
    databases = values["DATABASES"]
    assert list(databases) == ["default", "replica1", "replica2"]
    assert [databases[alias]["HOST"] for alias in databases] == [
        "db.internal",
        "replica-a.internal",
        "replica-b.internal",
    ]
    # The same bounded waits as the primary's; Django's test runner makes no database of its own.
    assert databases["replica2"]["OPTIONS"] == databases["default"]["OPTIONS"]
    assert databases["replica2"]["TEST"] == {"MIRROR": "default"}
    assert values["DATABASE_ROUTERS"] == ["core.routers.ReplicaRouter"]


def test_without_replica_urls_nothing_changes(monkeypatch):
    values = settings_with(monkeypatch, "")
    assert list(values["DATABASES"]) == ["default"]
    assert values["DATABASE_ROUTERS"] == []
    with pytest.raises(MiddlewareNotUsed):
        PublicReadsMiddleware(lambda request: None)  # this suite runs without replicas


def test_a_replica_url_that_is_not_postgresql_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="replica 1 is not a postgres:// URL"):
        settings_with(monkeypatch, "sqlite:///replica.sqlite3")
