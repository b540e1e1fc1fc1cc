"""What the tests that run a real gunicorn (outage, deployment) share: which PostgreSQL to use, a
free port, and a fresh database.

The database is dropped and made anew on every run, so a database left by an earlier run (another
checkout, an older layout of the migrations) cannot break the test.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

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
