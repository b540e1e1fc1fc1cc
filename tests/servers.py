"""A fresh PostgreSQL database for the tests that run a real gunicorn (outage, deployment).

The database is dropped and made anew on every run, so a database left by an earlier run (another
checkout, an older layout of the migrations) cannot break the test.
"""

import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


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
