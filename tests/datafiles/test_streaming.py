"""load_expo and export_expo at scale: files read a line at a time, checked and written a chunk at a
time in one transaction, in memory that does not grow with the file.

The large-file test runs ``manage.py load_expo`` in a subprocess, on a copy of the test database,
and reads the peak resident memory of that process alone (``os.wait4``). It is one run, of a file
whose last record is bad, as a load of 100,000 records takes a minute or two: it checks both the
memory and that nothing is written. The other tests load a few records in chunks of two.
"""

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from datafiles import export, loader
from datafiles.columns import EXHIBITORS, SHOWCASES
from datafiles.schema import specs
from exhibitors.models import Exhibitor, Showcase
from tests import factories
from tests.tables import csv_bytes, table_counts, wipe

pytestmark = pytest.mark.django_db  # the subprocesses' database copies the test database

BASE_DIR = Path(__file__).resolve().parent.parent.parent

LARGE = 100_000  # records in the large file
# Peak resident memory of loading LARGE showcases. In chunks, the load stays near the memory of
# Django and one chunk (about 140 MB on SQLite and PostgreSQL in most runs, 432 MB once in CI on
# SQLite); reading the file whole, as load_expo did before, took 650 MB at this size, growing by
# about 5 MB per 1,000 records. The bound is the one the loader must meet at 1,000,000 records.
MEMORY_BOUND_MB = 500

EXPO = "stream-expo"
SECTORS = [f"stream-sector-{i}" for i in range(4)]
MAKERS = 300


# --- the large files ----------------------------------------------------------------------------


def base_records():
    """An exhibition, sectors and MAKERS exhibitors: what the generated showcases refer to."""
    yield {
        "model": "exhibitions.exhibition",
        "fields": {
            "slug": EXPO,
            "name": "Stream Expo",
            "edition": 1,
            "year": 2024,
            "city": "Chongqing",
            "country": ["CN"],
            "venue": "Expo Center",
            "starts_on": "2024-08-22",
            "ends_on": "2024-08-24",
            "time_zone": "Asia/Shanghai",
        },
    }
    for slug in SECTORS:
        yield {"model": "exhibitions.sector", "fields": {"slug": slug, "name": slug.title()}}
    for i in range(MAKERS):
        yield {
            "model": "exhibitors.exhibitor",
            "fields": {
                "slug": f"stream-maker-{i}",
                "name": f"Stream Maker {i}",
                "kind": "company",
                "countries": [["CN"]],
                "sectors": [[SECTORS[i % len(SECTORS)]]],
                "summary": f"Maker number {i}.",
            },
        }


def showcase(i, prefix):
    return {
        "slug": f"{prefix}-{i}",
        "name": f"Showcase {i}",
        "kind": ("product", "technology", "application", "innovation")[i % 4],
        "exhibition": EXPO,
        "exhibitor": f"stream-maker-{i % MAKERS}",
        "sectors": SECTORS[: 1 + i % 2],
        "summary": f"Showcase {i}: a machine that does something useful, shown at the expo.",
        "description": f"A longer description of showcase {i}. " * 4,
        "premiere": i % 5 == 0,
    }


def showcases_csv(path, count, prefix, bad_last=False):
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(SHOWCASES.required)
        for i in range(count):
            s = showcase(i, prefix)
            kind = "spaceship" if bad_last and i == count - 1 else s["kind"]
            writer.writerow(
                [s["slug"], s["name"], kind, EXPO, s["exhibitor"], ";".join(s["sectors"])]
                + [s["summary"], s["description"], "yes" if s["premiere"] else "no", ""]
            )
    return path


# --- a database for the subprocesses ------------------------------------------------------------


@pytest.fixture(scope="module")
def database(django_db_setup, django_db_blocker, tmp_path_factory):
    """A copy of the (migrated, empty) test database that ``manage.py`` in a subprocess can open,
    with the base records loaded: its ``DATABASE_URL``."""
    folder = tmp_path_factory.mktemp("streaming")
    settings = connection.settings_dict
    name = str(settings["NAME"])
    assert name.startswith("test_") or name.startswith("file:memorydb")  # never another database
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            path = folder / "stream.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(path) as copy:
                connection.connection.backup(copy)
            url = f"sqlite:///{path}"
            drop = None
        else:
            name = f"{settings['NAME']}_stream"
            server = _server_url(settings)
            connection.close()  # a template database must have no other session
            _postgres(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            _postgres(server, f"CREATE DATABASE {name} TEMPLATE {settings['NAME']}")
            url = f"{server.rsplit('/', 1)[0]}/{name}"
            drop = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    base = folder / "base.json"
    base.write_text(json.dumps(list(base_records())), encoding="utf-8")
    status, out, err, _ = manage(url, "load_expo", base)
    assert status == 0, err
    yield url
    if drop:
        _postgres(server, drop)


def _server_url(settings):
    user = settings.get("USER") or "postgres"
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/postgres"


def _postgres(url, statement):
    server = psycopg2.connect(url)
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(statement)
    finally:
        server.close()


def manage(url, *args):
    """Run ``manage.py`` on the database at ``url``: (exit status, stdout, stderr, peak resident
    memory in MB of that process alone)."""
    env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *map(str, args)],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=err,
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (
            process.returncode,
            out.read().decode(),
            err.read().decode(),
            usage.ru_maxrss / 1024,  # KB on Linux
        )


def row_counts(url):
    """Rows in every loadable table of the database at ``url``, and in their link tables."""
    tables = [s.model._meta.db_table for s in specs()]
    tables += [
        s.model._meta.get_field(name).remote_field.through._meta.db_table
        for s in specs()
        for name in s.many_to_many
    ]
    if url.startswith("sqlite:"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
    else:
        db = psycopg2.connect(url)
    try:
        cursor = db.cursor()
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        return counts
    finally:
        db.close()


# --- large files, in a subprocess ---------------------------------------------------------------


def test_load_expo_large_file_bounded_memory_all_or_nothing(database, tmp_path):
    """One run of 100,000 showcases, the last of them bad: the whole file is read, checked and
    (but for the last chunk) written, in bounded memory; then nothing is kept."""
    path = showcases_csv(tmp_path / "showcases.csv", LARGE, "csv-showcase", bad_last=True)
    before = row_counts(database)

    status, out, err, peak_mb = manage(database, "load_expo", path)

    assert status == 1
    assert out == ""
    assert err.splitlines()[:1] == ["CommandError: Nothing was written: 1 problem found."]
    assert err.splitlines()[1].startswith(
        f"  {path}:{LARGE + 1}: kind: Value 'spaceship' is not a valid choice."
    )
    assert len(err.splitlines()) == 2
    assert row_counts(database) == before
    assert peak_mb < MEMORY_BOUND_MB, f"peak resident memory {peak_mb:.0f} MB"


# --- chunks, in process ---------------------------------------------------------------------------


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of two records, so that a few records load as a large file does."""
    monkeypatch.setattr(loader, "LOAD_CHUNK", 2)


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def exhibitor(slug, **fields):
    return {
        "model": "exhibitors.exhibitor",
        "fields": {"slug": slug, "name": slug.title(), "countries": [["BY"]], **fields},
    }


def load(*paths, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("load_expo", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue()


def load_error(*paths, **options):
    with pytest.raises(CommandError) as failure:
        load(*paths, **options)
    return str(failure.value)


def test_load_expo_jsonl_loads_records_in_chunks(small_chunks, tmp_path):
    factories.country("BY")
    records = [exhibitor(f"maker-{i}") for i in range(5)]
    path = write_jsonl(tmp_path / "makers.jsonl", records)

    assert "5 created, 0 updated, 0 unchanged" in load(path)
    assert "0 created, 0 updated, 5 unchanged" in load(path)
    assert sorted(Exhibitor.objects.values_list("slug", flat=True)) == [
        f"maker-{i}" for i in range(5)
    ]


def test_load_expo_chunks_refer_to_earlier_records(small_chunks, tmp_path):
    """A showcase three chunks after its exhibitor finds it in the database."""
    world = factories.directory(1)
    records = [
        exhibitor("early-maker"),
        exhibitor("filler-1"),
        exhibitor("filler-2"),
        exhibitor("filler-3"),
        {
            "model": "exhibitors.showcase",
            "fields": {
                "slug": "late-showcase",
                "name": "Late showcase",
                "kind": "product",
                "exhibition": [world["exhibition"].slug],
                "exhibitor": ["early-maker"],
            },
        },
    ]
    load(write_jsonl(tmp_path / "records.jsonl", records))

    assert Showcase.objects.get(slug="late-showcase").exhibitor.slug == "early-maker"


def test_load_expo_chunks_later_record_named_is_missing(small_chunks, tmp_path):
    factories.country("BY")
    records = [
        exhibitor("first", partners=[["last"]]),
        exhibitor("filler-1"),
        exhibitor("filler-2"),
        exhibitor("last"),
    ]
    path = write_jsonl(tmp_path / "records.jsonl", records)

    message = load_error(path)

    assert message.splitlines()[1:] == [
        f"  {path}:1: partners: no exhibitor “last” in the database or in the files"
    ]
    assert not Exhibitor.objects.exists()


def test_load_expo_chunks_duplicate_key_in_later_chunk_reported(small_chunks, tmp_path):
    factories.country("BY")
    records = [exhibitor("twice"), exhibitor("other-1"), exhibitor("other-2"), exhibitor("twice")]
    path = write_jsonl(tmp_path / "records.jsonl", records)

    message = load_error(path)

    assert message.splitlines() == [
        "Nothing was written: 1 problem found.",
        f"  {path}:4: slug: duplicate exhibitor “twice”: also earlier in the files",
    ]
    assert not Exhibitor.objects.exists()


def test_load_expo_chunks_duplicate_of_refused_chunk_reported(small_chunks, tmp_path):
    """A record repeating one of a chunk that had problems (so was not written) is a duplicate
    too, and records naming that chunk's records are not told they are missing."""
    factories.country("BY")
    records = [
        exhibitor("twice", founded="long ago"),
        exhibitor("other-1"),
        exhibitor("twice"),
        exhibitor("partner", partners=[["twice"]]),
    ]
    path = write_jsonl(tmp_path / "records.jsonl", records)

    lines = load_error(path).splitlines()

    assert lines[0] == "Nothing was written: 2 problems found."
    assert lines[1].startswith(f"  {path}:1: founded: ")
    assert lines[2] == f"  {path}:3: slug: duplicate exhibitor “twice”: also earlier in the files"


def test_load_expo_chunks_stand_code_taken_earlier_reported(small_chunks, tmp_path):
    expo = factories.directory(1)["exhibition"].slug
    rows = [
        _exhibitor_row("first-maker", expo, "Z-1"),
        _exhibitor_row("second-maker", expo, "Z-2"),
        _exhibitor_row("third-maker", expo, "Z-1"),
    ]
    path = tmp_path / "exhibitors.csv"
    path.write_bytes(csv_bytes(EXHIBITORS.header, rows))
    before = table_counts()

    lines = load_error(path).splitlines()

    assert lines == [
        "Nothing was written: 1 problem found.",
        f"  {path}:4: booth: Another stand of this exhibition has this stand code: "
        f"stand first-maker/{expo} earlier in the files.",
    ]
    assert table_counts() == before


def _exhibitor_row(slug, exhibition, booth):
    cells = {
        "slug": slug,
        "name": slug.title(),
        "kind": "company",
        "countries": "BY",
        "exhibition": exhibition,
        "booth": booth,
        "summary": "A maker.",
        "published": "yes",
    }
    return [cells.get(name, "") for name in EXHIBITORS.header]


def test_load_expo_chunks_partners_listed_earlier_kept_both_ways(small_chunks, tmp_path):
    """A partner named on the earlier record holds although the later one lists others."""
    factories.country("BY")
    load(write_jsonl(tmp_path / "old.jsonl", [exhibitor("venture"), exhibitor("parent")]))
    records = [
        exhibitor("venture", partners=[["parent"]]),
        exhibitor("filler-1"),
        exhibitor("filler-2"),
        exhibitor("other"),
        exhibitor("parent", partners=[["other"]]),
    ]
    load(write_jsonl(tmp_path / "records.jsonl", records))

    def partners(slug):
        return sorted(Exhibitor.objects.get(slug=slug).partners.values_list("slug", flat=True))

    assert partners("parent") == ["other", "venture"]
    assert partners("venture") == ["parent"]


def test_load_expo_chunks_dry_run_writes_nothing_and_counts(small_chunks, tmp_path):
    factories.country("BY")
    path = write_jsonl(tmp_path / "records.jsonl", [exhibitor(f"maker-{i}") for i in range(5)])
    before = table_counts()

    out = load(path, dry_run=True)

    assert "exhibitors.exhibitor: 5 to create, 0 to update, 0 unchanged" in out
    assert "Would create 5, update 0, leave 0 unchanged." in out
    assert table_counts() == before


def test_load_expo_problems_listed_up_to_a_thousand(tmp_path):
    factories.country("BY")
    records = [exhibitor(f"maker-{i}", founded="long ago") for i in range(1200)]
    path = write_jsonl(tmp_path / "records.jsonl", records)

    lines = load_error(path).splitlines()

    assert lines[0] == "Nothing was written: 1,200 problems found."
    assert len(lines) == 1 + 1000 + 1
    assert lines[1].startswith(f"  {path}:1: founded: ")
    assert lines[-1] == "  ... and 200 more."


# --- JSON Lines --------------------------------------------------------------------------------


def test_load_expo_jsonl_problems_name_the_line(tmp_path):
    factories.country("BY")
    path = tmp_path / "records.jsonl"
    path.write_text(
        json.dumps(exhibitor("fine")) + "\n\n{not json\n" + json.dumps(["a list"]) + "\n",
        encoding="utf-8",
    )

    lines = load_error(path).splitlines()

    assert lines[1:] == [
        f"  {path}:3: not valid JSON: Expecting property name enclosed in double quotes "
        "(line 1, column 2)",
        f'  {path}:4: expected {{"model": "app.model", "fields": {{...}}}}',
    ]
    assert not Exhibitor.objects.exists()


def test_load_expo_jsonl_not_utf8_refused_naming_the_line(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_bytes(
        (json.dumps(exhibitor("fine")) + "\n").encode()
        + json.dumps(exhibitor("минск"), ensure_ascii=False).encode("cp1251")
        + b"\n"
    )

    lines = load_error(path).splitlines()

    assert len(lines) == 2
    assert lines[1].startswith(f"  {path}:2: the file is not UTF-8 text (byte 0x")


# --- export -------------------------------------------------------------------------------------


def test_export_jsonl_round_trip_identical(tmp_path, small_chunks):
    """JSON Lines loads back a chunk at a time (partners named on the later record) and exports
    the same bytes; the JSON export is unchanged by the round trip too."""
    call_command("load_shipped_data", verbosity=0)
    factories.directory(3)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    call_command("export_expo", "--format", "jsonl", "--output", first, verbosity=0)
    call_command("export_expo", "--output", tmp_path / "before.json", verbosity=0)

    wipe()
    load(first)
    call_command("export_expo", "--format", "jsonl", "--output", second, verbosity=0)
    call_command("export_expo", "--output", tmp_path / "after.json", verbosity=0)

    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "before.json").read_bytes() == (tmp_path / "after.json").read_bytes()
    records = [json.loads(line) for line in first.read_text("utf-8").splitlines()]
    assert len(records) == sum(s.model._base_manager.count() for s in specs())
    partners = {
        r["fields"]["slug"]: r["fields"]["partners"] for r in records if "partners" in r["fields"]
    }
    assert partners["zongshen-gomselmash"] == [["gomselmash"], ["zongshen"]]
    assert partners["gomselmash"] == []  # the joint venture, its partner, comes after it


def test_export_reads_rows_a_chunk_at_a_time(monkeypatch):
    """What rows name is looked up per chunk: three times the chunks, three times the queries,
    where a query per row would show as many more."""
    monkeypatch.setattr(export, "EXPORT_CHUNK", 4)
    exhibition = factories.exhibition()
    sector = factories.sector()
    maker = factories.exhibitor()

    def queries_for(count):
        Showcase.objects.all().delete()
        for _ in range(count):
            factories.showcase(exhibition, maker, sectors=[sector])
        with CaptureQueriesContext(connection) as queries:
            records = list(export.json_records())
        assert sum(r["model"] == "exhibitors.showcase" for r in records) == count
        return len(queries)

    empty = queries_for(0)
    four, twelve = queries_for(4) - empty, queries_for(12) - empty
    assert twelve == 3 * four
