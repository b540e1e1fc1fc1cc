"""What the tests that run a real gunicorn (outage, deployment) share: which PostgreSQL to use, a
free port, and a fresh database.

The database is dropped and made anew on every run, so a database left by an earlier run (another
checkout, an older layout of the migrations) cannot break the test.
"""

import glob
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2

BASE_DIR = Path(__file__).resolve().parent.parent


def worker_number():
    """0, 1, ... for the pytest-xdist worker running this test (0 without xdist)."""
    return int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)


def per_worker(name):
    """``name`` for this test process alone: parallel workers must not drop each other's database."""
    number = worker_number()
    return f"{name}_{number}" if number else name


def redis_test_url():
    """A Redis database for this test process alone (15, 13, 12, ...; 14 is the benchmark's), so
    that a worker clearing its cache cannot empty another's."""
    number = worker_number()
    return f"redis://127.0.0.1:6379/{15 if number == 0 else 13 - number + 1}"


def postgres_server():
    """(user, host, port) of the PostgreSQL to use: DATABASE_URL's when it is PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return parts.username or "postgres", parts.hostname or "127.0.0.1", parts.port or 5432
    return os.environ.get("PG_USER", "postgres"), "127.0.0.1", 5432


def reachable(host, port):
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def free_port():
    """A loopback port nothing listens on (a closed port, until someone binds it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(name, user, host, port, env, timeout=300):
    """Drop and create database ``name``, migrate it and load the shipped data; its URL."""
    recreate = (
        "import psycopg2\n"
        f"c = psycopg2.connect('postgres://{user}@{host}:{port}/postgres'); c.autocommit = True\n"
        "cur = c.cursor()\n"
        f"cur.execute('DROP DATABASE IF EXISTS {name} WITH (FORCE)')\n"
        f"cur.execute('CREATE DATABASE {name}')\n"
    )
    subprocess.run([sys.executable, "-c", recreate], check=True, env=env, timeout=60)
    url = f"postgres://{user}@{host}:{port}/{name}"
    for command in (["migrate", "--noinput", "-v0"], ["load_shipped_data", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env={**env, "DATABASE_URL": url},
            check=True,
            timeout=timeout,
        )
    return url


# The read-replica test (tests/core/test_replica.py): a gunicorn, and PostgreSQL servers of its own.


def start_gunicorn(env, port, workers=2, threads=4):
    """gunicorn serving the site on 127.0.0.1:``port`` with ``env`` (see :func:`wait_until_live`)."""
    return subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "expo.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--worker-class", "gthread", "--threads", str(threads), "--timeout", "30",
        ],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_until_live(server, port, seconds=60):
    """Wait until gunicorn ``server`` answers ``/healthz/live`` on ``port``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz/live", headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            stop_process(server)
            raise RuntimeError(f"gunicorn did not start: {server.stderr.read()}")
        time.sleep(0.2)


def stop_process(process, seconds=20):
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def postgres_programs():
    """The folder of PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup): ``PG_BINDIR``, or
    the newest of Debian's ``/usr/lib/postgresql/<version>/bin``; None without them."""
    folders = [os.environ["PG_BINDIR"]] if os.environ.get("PG_BINDIR") else []
    folders += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda folder: [int(n) for n in Path(folder).parent.name.split(".") if n.isdigit()],
        reverse=True,
    )
    return next((Path(f) for f in folders if (Path(f) / "initdb").exists()), None)


class PostgresCluster:
    """A throwaway PostgreSQL server of this test process: its own folder, loopback port and Unix
    socket, owned by the ``postgres`` user when the tests run as root (PostgreSQL refuses root).

    ``create()`` makes a primary with ``initdb`` that accepts replication connections from
    127.0.0.1; ``copy_of(primary)`` makes a streaming replica of one with ``pg_basebackup -R``.
    """

    def __init__(self, programs, folder, name):
        self.programs = Path(programs)
        self.folder = Path(folder)
        self.data = self.folder / name
        self.log = self.folder / f"{name}.log"
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def run(self, program, *args, timeout=120):
        result = subprocess.run(
            [*self.as_postgres, str(self.programs / program), *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise subprocess.CalledProcessError(
                result.returncode, program, result.stdout, f"{result.stderr}\n{log}"
            )

    def create(self):
        self.run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        with open(self.data / "postgresql.conf", "a") as conf:
            # A server for tests: fast and unsafe on a crash; replicas copy these settings.
            conf.write("wal_level = replica\nfsync = off\nhot_standby_feedback = on\n")
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "host all all 127.0.0.1/32 trust\n"
            "host replication all 127.0.0.1/32 trust\n"
        )

    def copy_of(self, primary):
        """A base backup of ``primary`` that ``-R`` sets up to stream from it (``primary_conninfo``
        in ``postgresql.auto.conf`` and a ``standby.signal`` file)."""
        self.run("pg_basebackup", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres",
                 "-D", self.data, "-R", "-X", "stream", "-c", "fast", "--no-sync")  # fmt: skip

    def start(self):
        options = f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.folder}"
        self.run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-o", options, "start")

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def url(self, database="postgres", port=None):
        return f"postgres://postgres@127.0.0.1:{port or self.port}/{database}"

    def sql(self, query, params=None, database="expo"):
        """The first column of the first row ``query`` returns (None without one), in autocommit."""
        connection = psycopg2.connect(self.url(database), connect_timeout=5)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                row = cursor.fetchone() if cursor.description else None
            return row[0] if row else None
        finally:
            connection.close()
