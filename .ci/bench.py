"""Benchmark the directory at 10,000 exhibitors against the server's own floor (``make bench``).

On PostgreSQL, in its own database (``expo_bench``, dropped and created anew), it migrates, generates
the demo directory (``generate_demo_data``), collects static files, starts gunicorn with the production
settings docs/deployment.md documents (``DEBUG=0``, a strong ``SECRET_KEY``, 2 × cores + 1 gthread workers of 4
threads, bound to 127.0.0.1 only) and measures with wrk:

1. per public page, warm cache: requests per second, p50 and p99 latency, and the ratio to the floor,
   ``/healthz/live`` (a constant answer with no database or template) in the same server;
2. per page, the uncached server time (p50, p95): the same pages requested in-process through Django's
   test client against the same database, with every cache replaced by a dummy one, and the number of
   queries each page runs;
3. the resident memory (RSS) of each gunicorn worker after the run;
4. the time ``load_expo`` and ``loaddata`` take to load the same 10,000-exhibitor fixture into an empty
   database;
5. ``EXPLAIN ANALYZE`` of the queries behind the filtered directory, the showcase list and the search,
   with the indexes they use and any sequential scan of a large table.

It prints Markdown tables (also written to ``$BENCH_OUT/results.md``, with the raw wrk output, the
query plans and the server log beside it) and stops gunicorn on the way out, whatever happens.
Only loopback addresses are used. Settings (environment variables, defaults in brackets):

    BENCH_EXHIBITORS [10000]  BENCH_SHOWCASES [50000]  BENCH_SEED [1]
    BENCH_LOAD_SHOWCASES [10000]  showcases in the fixture the two loaders load (0 skips the loads)
    BENCH_DURATION [10] and BENCH_WARMUP [2] seconds per URL, BENCH_CONNECTIONS [16], BENCH_THREADS [2]
    BENCH_SAMPLES [50]       uncached requests per page, fewer (at least 10) for a page slow enough
                             to pass BENCH_PAGE_SECONDS [12] of sampling
    BENCH_WORKERS [2 × cores + 1]  BENCH_PORT [a free port]  BENCH_REDIS_URL [unset: local memory;
                             set, a Redis database the bench empties before it starts gunicorn]
    BENCH_DATABASE [expo_bench]  PG_USER [postgres]  PG_HOST [127.0.0.1]  PG_PORT [5432]
    BENCH_OUT [/tmp/expo-bench]
    BENCH_REUSE [0]          1: keep the database when it already holds the demo data of these sizes
                             (only migrated); its generation's time and memory, recorded in
                             BENCH_OUT when it was made, are reported again
    BENCH_LOAD_FORMAT [json]  the loaders' file: json (one fixture) or jsonl (JSON Lines, streamed)
    BENCH_LOADDATA [1]       0: time load_expo alone (loaddata holds a whole fixture in memory)

``make bench-scale`` runs it at 35,000 exhibitors and 3,000,000 showcases in ``expo_scale``, reused.
The generator's and the loaders' peak resident memory is read from the kernel's accounting of each
child process (``os.wait4``).
"""

import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOOPBACK = "127.0.0.1"
MIN_SAMPLES = 10

# Tables large enough that a sequential scan of them matters at 10,000 exhibitors.
LARGE_TABLES = (
    "exhibitors_exhibitor",
    "exhibitors_showcase",
    "exhibitors_stand",
    "exhibitors_exhibitor_countries",
    "exhibitors_exhibitor_sectors",
    "exhibitors_showcase_sectors",
    "programme_session",
    "programme_sessionperson",
)
TARGETS = {
    "warm_ratio": 0.6,  # warm-cache pages: at least this share of the floor's requests per second
    "uncached_p95_ms": 50,  # directory with two filters and search, server time
    "worker_rss_mb": 150,
    "load_speedup": 3,  # load_expo at least this many times faster than loaddata
}


def env(name, default):
    value = os.environ.get(name, "")
    return type(default)(value) if value.strip() else default


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(args, check=True, **kwargs):
    return subprocess.run(args, check=check, text=True, capture_output=True, **kwargs)


def timed(args, env_vars):
    started = time.perf_counter()
    result = run(args, check=False, cwd=ROOT, env=env_vars)
    return time.perf_counter() - started, result


def measured(args, env_vars):
    """``timed``, and the child's peak resident memory in MB (its own, not its children's)."""
    started = time.perf_counter()
    with open(os.devnull, "rb") as stdin, tempfile.TemporaryFile("w+") as out:
        with tempfile.TemporaryFile("w+") as err:
            process = subprocess.Popen(
                args, cwd=ROOT, env=env_vars, stdin=stdin, stdout=out, stderr=err, text=True
            )
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            result = subprocess.CompletedProcess(args, process.returncode, out.read(), err.read())
    return time.perf_counter() - started, result, usage.ru_maxrss / 1024


def fail(message):
    raise SystemExit(f"bench: {message}")


# --- Machine, tools and PostgreSQL ------------------------------------------------------------


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gib": mem_kb / 1024 / 1024}


def load_average():
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("== installing wrk (Debian package)")
    os.environ.setdefault("DEBIAN_FRONTEND", "noninteractive")
    run(["apt-get", "update", "-qq"])
    run(["apt-get", "install", "-y", "-qq", "wrk"])
    if not shutil.which("wrk"):
        fail("wrk is not installed and apt-get could not install it.")


class Postgres:
    def __init__(self, host, port, user):
        if not (host.startswith("127.") or host in ("localhost", "::1")):
            fail(f"PG_HOST must be a loopback address, not {host}.")
        self.host, self.port, self.user = host, port, user

    def url(self, database):
        return f"postgres://{self.user}@{self.host}:{self.port}/{database}"

    def ensure_running(self):
        if run(["pg_isready", "-h", self.host, "-p", str(self.port), "-q"], check=False).returncode:
            log("== starting PostgreSQL")
            version = sorted(os.listdir("/etc/postgresql"))[0]
            run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                check=False,
            )
            for _ in range(30):
                ready = run(
                    ["pg_isready", "-h", self.host, "-p", str(self.port), "-q"], check=False
                )
                if ready.returncode == 0:
                    break
                time.sleep(1)

    def connect(self, database="postgres"):
        import psycopg2

        conn = psycopg2.connect(host=self.host, port=self.port, user=self.user, dbname=database)
        conn.autocommit = True
        return conn

    def query(self, sql, database="postgres"):
        conn = self.connect(database)
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else None
        finally:
            conn.close()

    def recreate(self, database, template=None):
        self.query(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        self.query(f'CREATE DATABASE "{database}"{suffix}')

    def drop(self, database):
        self.query(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# --- gunicorn and wrk -----------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


class Server:
    """gunicorn as docs/deployment.md runs it, on a loopback port."""

    def __init__(self, port, workers, env_vars, logfile):
        self.port, self.workers, self.env, self.logfile = port, workers, env_vars, logfile
        self.process = None

    @property
    def args(self):
        return [
            str(Path(PYTHON).parent / "gunicorn"),
            "expo.wsgi:application",
            "--bind", f"{LOOPBACK}:{self.port}",
            "--workers", str(self.workers),
            "--worker-class", "gthread",
            "--threads", "4",
            "--timeout", "30",
            "--graceful-timeout", "30",
            "--keep-alive", "5",
            "--max-requests", "2000",
            "--max-requests-jitter", "200",
            "--access-logfile", "-",
        ]  # fmt: skip

    def start(self):
        out = self.logfile.open("w")
        self.process = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                fail(f"gunicorn exited with {self.process.returncode}; see {self.logfile}.")
            try:
                if fetch(self.url("/healthz/live"))[0] == 200 and len(self.worker_pids()) >= 1:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        fail(f"gunicorn did not answer within 60 s; see {self.logfile}.")

    def url(self, path):
        return f"http://{LOOPBACK}:{self.port}{path}"

    def worker_pids(self):
        if not self.process:
            return []
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return sorted(pids)

    def stop(self):
        if not self.process or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=40)
        except (ProcessLookupError, PermissionError):
            pass
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def fetch(url):
    request = urllib.request.Request(url, headers={"User-Agent": "expo-bench"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_duration_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match[1]) * UNITS[match[2]] if match else float("nan")


def parse_wrk(output):
    result = {"rps": 0.0, "p50": math.nan, "p99": math.nan, "requests": 0, "errors": 0}
    for line in output.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            result["rps"] = float(parts[1])
        elif len(parts) == 2 and parts[0] in ("50%", "99%") and "Latency" not in line:
            result["p" + parts[0][:-1]] = parse_duration_ms(parts[1])
        elif "requests in" in line:
            result["requests"] = int(parts[0])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            result["errors"] += int(parts[-1])
        elif line.strip().startswith("Socket errors:"):
            result["errors"] += sum(int(n) for n in re.findall(r"\d+", line))
    return result


def wrk(url, seconds, connections, threads, latency=True):
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
    if latency:
        args.append("--latency")
    return run([*args, url], check=False).stdout


# --- In-process measurements (run in a child process with Django set up) ------------------------


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def plan_summary(plan):
    """Indexes a JSON plan uses, and the rows it reads by sequential scan of each large table."""
    indexes, seq_rows = set(), {}

    def walk(node):
        kind = node.get("Node Type", "")
        if "Index" in kind and node.get("Index Name"):
            indexes.add(node["Index Name"])
        table = node.get("Relation Name")
        if kind == "Seq Scan" and table in LARGE_TABLES:
            read = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
            seq_rows[table] = seq_rows.get(table, 0) + int(read * node.get("Actual Loops", 1))
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    return sorted(indexes), [f"{table} ({rows:,} rows)" for table, rows in sorted(seq_rows.items())]


def describe(sql):
    """A short name for a query: its first selected column, main table and what it does."""
    first = re.search(r'SELECT\s+(?:DISTINCT\s+)?\(?"(\w+)"\."(\w+)"', sql)
    table = re.search(r'\bFROM\s+"(\w+)"', sql)
    traits = [
        label
        for label, marker in (
            ("count", "COUNT("),
            ("group by", "GROUP BY"),
            ("full-text", "@@"),
            ("trigram", "%>"),
            ("limit", "LIMIT"),
        )
        if marker in sql
    ]
    name = f"{first[1]}.{first[2]}" if first else "?"
    return f"{name} from {table[1] if table else '?'}" + (
        f" ({', '.join(traits)})" if traits else ""
    )


def server_times(urls, samples, page_budget, explain_names, plans_file):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    results, plans = {}, []
    caches_off = {alias: dummy for alias in settings.CACHES}
    with override_settings(CACHES=caches_off, PAGE_CACHE_ENABLED=False):
        client = Client()

        def get(url):
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            if response.status_code != 200:
                raise SystemExit(f"bench: {url} answered {response.status_code} in-process")
            return response

        for name, url in urls:
            for _ in range(3):
                get(url)
            times, deadline = [], time.perf_counter() + page_budget
            while len(times) < samples:
                started = time.perf_counter()
                get(url)
                times.append((time.perf_counter() - started) * 1000)
                if started > deadline and len(times) >= MIN_SAMPLES:
                    break
            with CaptureQueriesContext(connection) as ctx:
                response = get(url)
            entry = {
                "p50": percentile(times, 0.50),
                "p95": percentile(times, 0.95),
                "queries": len(ctx.captured_queries),
                "samples": len(times),
                "kb": len(response.content) / 1000 if not response.streaming else math.nan,
            }
            if name in explain_names:
                entry["plans"] = explain(connection, ctx.captured_queries, url, plans)
            results[name] = entry
    Path(plans_file).write_text(json.dumps(plans, indent=1))
    return results


def explain(connection, queries, url, plans):
    """EXPLAIN ANALYZE each captured SELECT that reads a large table."""
    summaries = []
    with connection.cursor() as cursor:
        for number, query in enumerate(queries, start=1):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            if not any(f'"{table}"' in sql for table in LARGE_TABLES):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
            plans.append({"url": url, "query": number, "sql": sql, "plan": plan})
            indexes, seq_scans = plan_summary(plan)
            summaries.append(
                {
                    "number": number,
                    "query": describe(sql),
                    "ms": plan.get("Execution Time", 0.0),
                    "indexes": indexes,
                    "seq_scans": seq_scans,
                }
            )
    return summaries


# --- The run ---------------------------------------------------------------------------------------


class Bench:
    def __init__(self):
        self.exhibitors = env("BENCH_EXHIBITORS", 10000)
        self.showcases = env("BENCH_SHOWCASES", 50000)
        self.seed = env("BENCH_SEED", 1)
        self.load_showcases = env("BENCH_LOAD_SHOWCASES", 10000)
        self.duration = env("BENCH_DURATION", 10)
        self.warmup = env("BENCH_WARMUP", 2)
        self.connections = env("BENCH_CONNECTIONS", 16)
        self.threads = env("BENCH_THREADS", 2)
        self.samples = env("BENCH_SAMPLES", 50)
        self.page_budget = env("BENCH_PAGE_SECONDS", 12.0)
        self.workers = env("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1)
        self.port = env("BENCH_PORT", 0) or free_port()
        self.redis_url = env("BENCH_REDIS_URL", "")
        self.database = env("BENCH_DATABASE", "expo_bench")
        self.reuse = env("BENCH_REUSE", 0) == 1
        self.load_format = env("BENCH_LOAD_FORMAT", "json")
        self.loaddata = env("BENCH_LOADDATA", 1) == 1
        self.out = Path(env("BENCH_OUT", "/tmp/expo-bench"))
        self.pg = Postgres(
            env("PG_HOST", LOOPBACK), env("PG_PORT", 5432), env("PG_USER", "postgres")
        )
        self.server = None
        self.lines = []

    def env(self, database=None, **extra):
        values = {
            k: v
            for k, v in os.environ.items()
            if k not in ("REDIS_URL", "HTTPS", "PAGE_CACHE_ENABLED", "DJANGO_SETTINGS_MODULE")
        }
        values.update(
            DEBUG="0",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS=f"{LOOPBACK},testserver",
            DATABASE_URL=self.pg.url(database or self.database),
            CONN_MAX_AGE="60",
            LOG_LEVEL="ERROR",
            PYTHONUNBUFFERED="1",
        )
        if self.redis_url:
            values["REDIS_URL"] = self.redis_url
        values.update(extra)
        return values

    def manage(self, *args, database=None):
        seconds, result = timed([PYTHON, "manage.py", *args], self.env(database))
        if result.returncode:
            fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return seconds, result

    def emit(self, line=""):
        print(line, flush=True)
        self.lines.append(line)

    def main(self):
        self.out.mkdir(parents=True, exist_ok=True)
        self.secret_key = secrets.token_urlsafe(50)
        self.started = time.perf_counter()
        info = machine()
        load_at_start = load_average()
        ensure_wrk()
        self.pg.ensure_running()
        pg_version = self.pg.query("SHOW server_version")[0][0]

        generation = self.reused() if self.reuse else None
        if generation:
            log(f"== {self.database}: reused ({generation['generated']}); migrate")
            self.manage("migrate", "--noinput", "-v0")
            self.pg.recreate(f"{self.database}_empty")
            self.manage("migrate", "--noinput", "-v0", database=f"{self.database}_empty")
        else:
            generation = self.generate()
        generate_s, generated = generation["seconds"], generation["generated"]
        self.generate_rss = generation.get("peak_mb")
        self.pg.query("ANALYZE", self.database)
        counts = dict(
            self.pg.query(
                "SELECT 'exhibitors', count(*) FROM exhibitors_exhibitor UNION ALL "
                "SELECT 'showcases', count(*) FROM exhibitors_showcase UNION ALL "
                "SELECT 'stands', count(*) FROM exhibitors_stand",
                self.database,
            )
        )
        self.manage("collectstatic", "--noinput", "-v0")
        if self.redis_url:  # pages cached by an earlier run must not be served
            self.manage("shell", "-c", "from django.core.cache import cache; cache.clear()")
        urls = self.urls()

        log(f"== gunicorn on {LOOPBACK}:{self.port}, {self.workers} workers")
        self.server = Server(self.port, self.workers, self.env(), self.out / "gunicorn.log")
        self.server.start()
        for name, path in urls:
            status, headers = fetch(self.server.url(path))
            if status != 200:
                fail(f"{name} {path} answered {status}")
        warm = {}
        raw = []
        for name, path in urls:
            log(f"== wrk {name}: {path}")
            url = self.server.url(path)
            wrk(url, self.warmup, self.connections, self.threads, latency=False)
            output = wrk(url, self.duration, self.connections, self.threads)
            raw.append(f"### {name} {path}\n{output}")
            warm[name] = parse_wrk(output)
        (self.out / "wrk.txt").write_text("\n".join(raw))
        workers = {pid: rss_mb(pid) for pid in self.server.worker_pids()}
        master_rss = rss_mb(self.server.process.pid)
        self.server.stop()

        log(f"== uncached server time, {self.samples} requests per page, in-process")
        explain_names = ["directory_search", "showcases_search", "search", "directory_filtered"]
        seconds, result = timed(
            [
                PYTHON,
                __file__,
                "--server-times",
                json.dumps(
                    {
                        "urls": urls[1:],
                        "samples": self.samples,
                        "page_budget": self.page_budget,
                        "explain": explain_names,
                        "plans_file": str(self.out / "plans.json"),
                    }
                ),
            ],
            self.env(),
        )
        if result.returncode:
            fail(f"in-process measurement failed:\n{result.stdout}{result.stderr}")
        uncached = json.loads(result.stdout.strip().splitlines()[-1])

        loads = self.loads() if self.load_showcases > 0 else None
        self.pg.drop(f"{self.database}_empty")
        self.report(
            info, pg_version, load_at_start, generate_s, generated, counts, urls, warm, uncached,
            workers, master_rss, loads,
        )  # fmt: skip

    def generation_file(self):
        return self.out / f"generated-{self.database}.json"

    def generate(self):
        log(f"== {self.database}: create, migrate")
        self.pg.recreate(self.database)
        self.manage("migrate", "--noinput", "-v0")
        self.pg.recreate(f"{self.database}_empty", template=self.database)
        log(f"== generate {self.exhibitors} exhibitors and {self.showcases} showcases")
        args = [
            PYTHON,
            "manage.py",
            "generate_demo_data",
            f"--exhibitors={self.exhibitors}",
            f"--showcases={self.showcases}",
            f"--seed={self.seed}",
        ]
        seconds, result, peak_mb = measured(args, self.env())
        if result.returncode:
            fail(f"generate_demo_data failed:\n{result.stdout}{result.stderr}")
        generation = {
            "exhibitors": self.exhibitors,
            "showcases": self.showcases,
            "seed": self.seed,
            "seconds": seconds,
            "peak_mb": peak_mb,
            "generated": result.stdout.strip().splitlines()[-1],
            "at": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        }
        self.generation_file().write_text(json.dumps(generation, indent=1))
        return generation

    def reused(self):
        """What generated the database, if it holds the demo data of these sizes and seed."""
        exists = self.pg.query(
            f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'"  # noqa: S608
        )
        if not exists:
            return None
        try:
            found = self.pg.query(
                "SELECT (SELECT count(*) FROM exhibitors_exhibitor WHERE slug LIKE 'demo-%'), "
                "(SELECT count(*) FROM exhibitors_showcase WHERE slug LIKE 'demo-%')",
                self.database,
            )[0]
        except Exception:  # not migrated, or not this project's database
            return None
        if tuple(found) != (self.exhibitors, self.showcases):
            return None
        try:
            generation = json.loads(self.generation_file().read_text())
        except (OSError, ValueError):
            generation = {}
        if generation.get("seed") != self.seed or (
            generation.get("exhibitors"),
            generation.get("showcases"),
        ) != tuple(found):
            generation = {"generated": "generated earlier, time not recorded"}
        generation.setdefault("seconds", math.nan)
        return generation

    def urls(self):
        """The measured pages, the floor first; values picked from the generated data."""
        profile = self.pg.query(
            "SELECT e.slug FROM exhibitors_exhibitor e "
            "JOIN exhibitors_showcase s ON s.exhibitor_id = e.id "
            "WHERE e.published AND e.slug LIKE 'demo-%' "
            "GROUP BY e.id ORDER BY count(*) DESC, e.slug LIMIT 1",
            self.database,
        )
        if not profile:
            fail("no published exhibitor with showcases in the generated data")
        # The programme: the edition with the most sessions, its busiest day and the commonest
        # kind there; the session with the most people; the person at the most sessions.
        edition = self.pg.query(
            "SELECT e.slug, s.date::text, s.kind FROM programme_session s "
            "JOIN exhibitions_exhibition e ON e.id = s.exhibition_id "
            "WHERE s.published AND s.date IS NOT NULL AND e.slug LIKE 'demo-%' "
            "GROUP BY e.slug, s.date, s.kind ORDER BY count(*) DESC, e.slug, s.date LIMIT 1",
            self.database,
        )
        session = self.pg.query(
            "SELECT s.slug FROM programme_session s "
            "JOIN programme_sessionperson p ON p.session_id = s.id "
            "WHERE s.published AND s.slug LIKE 'demo-%' "
            "GROUP BY s.id ORDER BY count(*) DESC, s.slug LIMIT 1",
            self.database,
        )
        person = self.pg.query(
            "SELECT pe.slug FROM exhibitions_person pe "
            "JOIN programme_sessionperson p ON p.person_id = pe.id "
            "WHERE pe.slug LIKE 'demo-%' "
            "GROUP BY pe.id ORDER BY count(*) DESC, pe.slug LIMIT 1",
            self.database,
        )
        if not (edition and session and person):
            fail("no programme (sessions with people) in the generated data")
        # The floor plan: the edition of the hall with the most positioned stands, and the commonest
        # sector among that hall's exhibitors, for the highlighted plan.
        hall = self.pg.query(
            "SELECT e.slug, h.slug, count(*) FROM exhibitors_stand s "
            "JOIN pavilions_hall h ON h.id = s.hall_id "
            "JOIN exhibitions_exhibition e ON e.id = h.exhibition_id "
            "WHERE s.x IS NOT NULL AND e.slug LIKE 'demo-%' "
            "GROUP BY e.slug, h.slug ORDER BY count(*) DESC, h.slug LIMIT 1",
            self.database,
        )
        if not hall:
            fail("no hall with positioned stands in the generated data")
        plan_edition, _, self.biggest_hall = hall[0][0], hall[0][1], hall[0][2]
        plan_sector = self.pg.query(
            "SELECT se.slug FROM exhibitors_stand s "
            "JOIN exhibitors_exhibitor_sectors es ON es.exhibitor_id = s.exhibitor_id "
            "JOIN exhibitions_sector se ON se.id = es.sector_id "
            "JOIN exhibitions_exhibition e ON e.id = s.exhibition_id "
            f"WHERE e.slug = '{plan_edition}' AND s.x IS NOT NULL "
            "GROUP BY se.slug ORDER BY count(*) DESC, se.slug LIMIT 1",
            self.database,
        )[0][0]
        exhibition, day, kind = edition[0]
        return [
            ("floor", "/healthz/live"),
            ("home", "/"),
            ("directory", "/exhibitors/"),
            ("directory_filtered", "/exhibitors/?country=cn&sector=robotics"),
            ("directory_page_50", "/exhibitors/?page=50"),
            ("directory_page_100", "/exhibitors/?page=100"),
            ("directory_search", "/exhibitors/?q=robot&country=cn&sector=robotics"),
            ("showcases", "/showcases/"),
            ("showcases_filtered", "/showcases/?kind=product&sector=information-technology"),
            (
                "showcases_search",
                "/showcases/?q=sensor&kind=product&sector=information-technology",
            ),
            ("profile", f"/exhibitors/{profile[0][0]}/"),
            ("country", "/countries/cn/"),
            ("sector", "/sectors/information-technology/"),
            ("search", "/search/?q=robot"),
            ("programme", "/programme/"),
            (
                "programme_filtered",
                f"/exhibitions/{exhibition}/programme/?kind={kind}&day={day}",
            ),
            ("session", f"/sessions/{session[0][0]}/"),
            ("people", "/people/"),
            ("person", f"/people/{person[0][0]}/"),
            ("programme_ics", f"/exhibitions/{exhibition}/programme.ics"),
            ("floor_plan", f"/exhibitions/{plan_edition}/plan/"),
            ("floor_plan_filtered", f"/exhibitions/{plan_edition}/plan/?sector={plan_sector}"),
            # The same pages in Chinese and in Russian.
            ("home_zh", "/zh-hans/"),
            ("directory_filtered_zh", "/zh-hans/exhibitors/?country=cn&sector=robotics"),
            ("profile_zh", f"/zh-hans/exhibitors/{profile[0][0]}/"),
            # Chinese words match as character pairs; Russian ones through its own stemmer.
            ("search_zh", "/zh-hans/search/?q=" + quote("科技")),
            ("home_ru", "/ru/"),
            ("directory_filtered_ru", "/ru/exhibitors/?country=cn&sector=robotics"),
            ("profile_ru", f"/ru/exhibitors/{profile[0][0]}/"),
            ("search_ru", "/ru/search/?q=" + quote("компания")),
        ]

    def loads(self):
        log(f"== loaders: {self.exhibitors} exhibitors, {self.load_showcases} showcases")
        fixture = self.out / "load.json"
        self.manage(
            "generate_demo_data",
            f"--exhibitors={self.exhibitors}",
            f"--showcases={self.load_showcases}",
            f"--seed={self.seed}",
            f"--output={fixture}",
        )
        records = sum(1 for line in fixture.open(encoding="utf-8") if line.startswith("{"))
        if self.load_format == "jsonl":  # the fixture holds one record per line
            lines = self.out / "load.jsonl"
            with fixture.open(encoding="utf-8") as source, lines.open("w", encoding="utf-8") as f:
                for line in source:
                    if line.startswith("{"):
                        f.write(line.rstrip().rstrip(",") + "\n")
            fixture.unlink()
            fixture = lines
        self.load_file = fixture.name
        target = f"{self.database}_load"
        _, help_result = timed([PYTHON, "manage.py", "help", "load_expo"], self.env())
        loaders = [("loaddata", ["loaddata", str(fixture), "-v0"])] if self.loaddata else []
        if help_result.returncode == 0:
            loaders.insert(0, ("load_expo", ["load_expo", str(fixture), "-v0"]))
        results = {"records": records, "loaders": {}}
        if help_result.returncode:
            results["loaders"]["load_expo"] = {"status": "not available"}
        for name, args in loaders:
            log(f"== {name} into an empty database")
            self.pg.recreate(target, template=f"{self.database}_empty")
            seconds, result, peak_mb = measured([PYTHON, "manage.py", *args], self.env(target))
            rows = self.pg.query(
                "SELECT (SELECT count(*) FROM exhibitors_exhibitor), "
                "(SELECT count(*) FROM exhibitors_showcase), "
                "(SELECT count(*) FROM exhibitors_stand), "
                "(SELECT count(*) FROM exhibitors_exhibitor_sectors) + "
                "(SELECT count(*) FROM exhibitors_showcase_sectors) + "
                "(SELECT count(*) FROM exhibitors_exhibitor_countries)",
                target,
            )[0]
            results["loaders"][name] = {
                "status": "ok" if result.returncode == 0 else f"failed (exit {result.returncode})",
                "seconds": seconds,
                "peak_mb": peak_mb,
                "rows": rows,
                "error": (result.stderr or result.stdout)[-2000:] if result.returncode else "",
            }
        self.pg.drop(target)
        return results

    def report(
        self, info, pg_version, load_at_start, generate_s, generated, counts, urls, warm,
        uncached, workers, master_rss, loads,
    ):  # fmt: skip
        import django

        floor = warm["floor"]["rps"] or math.nan
        now = datetime.now(UTC)
        e = self.emit
        e(f"## Benchmark, {now:%Y-%m-%d %H:%M} UTC")
        e()
        e(
            f"- Machine: {info['cores']} cores ({info['cpu']}), {info['memory_gib']:.1f} GiB memory; "
            f"load average {load_at_start} at the start, {load_average()} at the end"
        )
        e(
            f"- Software: Python {platform.python_version()}, Django {django.get_version()}, "
            f"PostgreSQL {pg_version.split()[0]}, gunicorn with {self.workers} gthread workers "
            f"× 4 threads, cache: {'Redis' if self.redis_url else 'local memory'}"
        )
        e(
            f"- Data: {counts['exhibitors']:,} exhibitors, {counts['showcases']:,} showcases, "
            f"{counts['stands']:,} stands; `generate_demo_data` took {generate_s:.1f} s "
            f"(whole command; it reports: {generated.split(' in ')[-1].rstrip('.')}"
            + (f"; peak resident memory {self.generate_rss:,.0f} MB" if self.generate_rss else "")
            + f"); the largest hall holds {getattr(self, 'biggest_hall', 0):,} positioned stands "
            "(the floor_plan pages)"
        )
        e()
        e(
            f"### Warm cache: wrk, {self.connections} connections, {self.threads} threads, "
            f"{self.duration} s per URL after {self.warmup} s of warm-up"
        )
        e()
        e("| Page | URL | Requests/s | p50 ms | p99 ms | × floor | Errors |")
        e("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for name, path in urls:
            w = warm[name]
            e(
                f"| {name} | `{path}` | {w['rps']:,.0f} | {w['p50']:.2f} | {w['p99']:.2f} | "
                f"{w['rps'] / floor:.2f} | {w['errors']} |"
            )
        e()
        e(
            f"### Uncached server time: in-process, every cache off, {self.samples} requests per "
            f"page (at least {MIN_SAMPLES} for a page still running after {self.page_budget:g} s)"
        )
        e()
        e("| Page | p50 ms | p95 ms | Queries | kB | Requests timed |")
        e("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, _ in urls[1:]:
            u = uncached[name]
            e(
                f"| {name} | {u['p50']:.1f} | {u['p95']:.1f} | {u['queries']} | "
                f"{u.get('kb', math.nan):,.1f} | {u['samples']} |"
            )
        e()
        rss = sorted(workers.values())
        booted = (self.out / "gunicorn.log").read_text(errors="replace").count("Booting worker")
        restarts = max(0, booted - self.workers)
        e("### Memory")
        e()
        if rss:
            e(
                f"gunicorn workers after the run: RSS {max(rss):.0f} MB at most, "
                f"{sum(rss) / len(rss):.0f} MB on average over {len(rss)} workers "
                f"(master {master_rss:.0f} MB). Workers are recycled after 2,000 ± 200 requests "
                f"(`--max-requests`, as documented): {restarts} restarts during the run."
            )
        e()
        speedup = None
        if loads:
            e(
                f"### Loading {self.exhibitors:,} exhibitors and {self.load_showcases:,} showcases "
                f"({loads['records']:,} records, `{self.load_file}`) into an empty database"
            )
            e()
            e(
                "| Loader | Seconds | Records/s | Peak MB | Exhibitors, showcases, stands, sector "
                "and country links |"
            )
            e("| --- | ---: | ---: | ---: | --- |")
            for name, r in loads["loaders"].items():
                if r["status"] == "not available":
                    e(f"| {name} | not available | | | |")
                elif r["status"] != "ok":
                    e(f"| {name} | {r['status']} | | | |")
                else:
                    rows = ", ".join(f"{n:,}" for n in r["rows"])
                    e(
                        f"| {name} | {r['seconds']:.1f} | {loads['records'] / r['seconds']:,.0f} "
                        f"| {r['peak_mb']:,.0f} | {rows} |"
                    )
            done = {n: r for n, r in loads["loaders"].items() if r.get("status") == "ok"}
            if len(done) == 2:
                speedup = done["loaddata"]["seconds"] / done["load_expo"]["seconds"]
                same = done["loaddata"]["rows"] == done["load_expo"]["rows"]
                e()
                e(
                    f"load_expo is {speedup:.1f}× faster than loaddata; "
                    f"{'the same' if same else 'DIFFERENT'} rows loaded."
                )
            for name, r in loads["loaders"].items():
                if r.get("error"):
                    log(f"{name} output:\n{r['error']}")
            e()
        e("### Query plans (EXPLAIN ANALYZE, queries that read the large tables)")
        e()
        e(
            "Queries numbered in the order the page runs them; sequential scans of the small "
            "tables (countries, sectors, exhibitions, pavilions) are left out. Full plans: "
            f"{self.out / 'plans.json'}."
        )
        e()
        e("| Page | Query | ms | Indexes used | Sequential scans of large tables (rows read) |")
        e("| --- | --- | ---: | --- | --- |")
        for name, _ in urls:
            for p in uncached.get(name, {}).get("plans", []):
                e(
                    f"| {name} | {p['number']}: {p['query']} | {p['ms']:.1f} | "
                    f"{', '.join(p['indexes']) or '—'} | {', '.join(p['seq_scans']) or '—'} |"
                )
        e()
        e("### Targets")
        e()
        pages = [name for name, _ in urls[1:]]
        worst = min(pages, key=lambda n: warm[n]["rps"])
        ratio = warm[worst]["rps"] / floor
        p95 = max(uncached[n]["p95"] for n in ("directory_search", "showcases_search"))
        e("| Target | Figure | Met |")
        e("| --- | --- | --- |")
        e(
            f"| warm pages ≥ {TARGETS['warm_ratio']} × floor | lowest {ratio:.2f} ({worst}) | "
            f"{'yes' if ratio >= TARGETS['warm_ratio'] else 'no'} |"
        )
        e(
            f"| uncached two filters + search p95 ≤ {TARGETS['uncached_p95_ms']} ms | "
            f"{p95:.1f} ms | {'yes' if p95 <= TARGETS['uncached_p95_ms'] else 'no'} |"
        )
        if rss:
            e(
                f"| worker RSS < {TARGETS['worker_rss_mb']} MB | {max(rss):.0f} MB | "
                f"{'yes' if max(rss) < TARGETS['worker_rss_mb'] else 'no'} |"
            )
        if speedup is not None:
            e(
                f"| load_expo ≥ {TARGETS['load_speedup']} × faster than loaddata | {speedup:.1f}× | "
                f"{'yes' if speedup >= TARGETS['load_speedup'] else 'no'} |"
            )
        elif loads and not self.loaddata:
            e(
                "| load_expo ≥ 3 × faster than loaddata | loaddata not run (`BENCH_LOADDATA=0`) | — |"
            )
        elif loads:
            e("| load_expo ≥ 3 × faster than loaddata | load_expo: not available | no |")
        large = sorted(
            {
                f"{name}: {s}"
                for name, _ in urls
                for p in uncached.get(name, {}).get("plans", [])
                for s in p["seq_scans"]
            }
        )
        e(
            "| search and filter queries use indexes | "
            + (
                f"sequential scans: {'; '.join(large)}"
                if large
                else "no sequential scan of a large table"
            )
            + f" | {'no' if large else 'yes'} |"
        )
        e()
        e(f"Total bench time {time.perf_counter() - self.started:.0f} s. Raw output in {self.out}.")
        (self.out / "results.md").write_text("\n".join(self.lines) + "\n")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--server-times":
        options = json.loads(sys.argv[2])
        results = server_times(
            [tuple(u) for u in options["urls"]],
            options["samples"],
            options["page_budget"],
            options["explain"],
            options["plans_file"],
        )
        print(json.dumps(results))
        return
    bench = Bench()

    def stop(signum, frame):
        raise SystemExit(f"bench: stopped by signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, stop)
    try:
        bench.main()
    finally:
        if bench.server:
            bench.server.stop()


if __name__ == "__main__":
    main()
