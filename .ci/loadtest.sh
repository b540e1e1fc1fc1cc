#!/usr/bin/env bash
# Load test of the documented deployment: wrk -> nginx (docs/deployment.md's own block, over TLS) -> gunicorn
# (2 x cores + 1 gthread workers of 4 threads) -> PostgreSQL, with Redis as the shared cache, at the
# 10,000-exhibitor demo scale.
#
# The mix: cached pages (a sample of every sitemap section and the lists, all visited once before the
# load starts), filtered lists with random country and sector pairs, searches with random words (both
# mostly cache misses) and the open-data exports, whole and filtered. Fails unless every answer is
# 2xx/3xx and wrk saw no socket error (connect, read, write, timeout). Prints p50/p99/max latency and
# requests per second, overall (wrk) and per kind of request (nginx's access log).
#
# Only loopback addresses are used. Settings (environment variables, with defaults):
#   LOADTEST_DURATION=60s  LOADTEST_CONNECTIONS=64  LOADTEST_THREADS=2  LOADTEST_TIMEOUT=5s
#   LOADTEST_PORT=8765 (gunicorn)  LOADTEST_PROXY_PORT=8766 (nginx, TLS)
#   LOADTEST_WORKERS=2*cores+1  LOADTEST_WORKER_THREADS=4
#   LOADTEST_EXHIBITORS=10000 (generated once; regenerated when the database holds another number)
#   LOADTEST_EXPORT_SHARE=1  LOADTEST_SEARCH_SHARE=2  LOADTEST_FILTER_SHARE=2  (percent of requests)
#   LOADTEST_REDIS_URL=redis://127.0.0.1:6379/13 (emptied first)
#   PG_USER=postgres  PG_HOST=127.0.0.1  PG_PORT=5432  LOADTEST_DATABASE=expo_loadtest
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${LOADTEST_DURATION:-60s}"
CONNECTIONS="${LOADTEST_CONNECTIONS:-64}"
THREADS="${LOADTEST_THREADS:-2}"
TIMEOUT="${LOADTEST_TIMEOUT:-5s}"
PORT="${LOADTEST_PORT:-8765}"
PROXY_PORT="${LOADTEST_PROXY_PORT:-8766}"
WORKERS="${LOADTEST_WORKERS:-$((2 * $(nproc) + 1))}"
WORKER_THREADS="${LOADTEST_WORKER_THREADS:-4}"
EXHIBITORS="${LOADTEST_EXHIBITORS:-10000}"
EXPORT_SHARE="${LOADTEST_EXPORT_SHARE:-1}"
SEARCH_SHARE="${LOADTEST_SEARCH_SHARE:-2}"
FILTER_SHARE="${LOADTEST_FILTER_SHARE:-2}"
REDIS="${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379/13}"
PG_USER="${PG_USER:-postgres}"
PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
DATABASE="${LOADTEST_DATABASE:-expo_loadtest}"
BIN=.venv/bin
HOST=127.0.0.1

for address in "$PG_HOST" "${REDIS#redis://}"; do
  case "$address" in
    127.*|localhost*|::1*) ;;
    *) echo "loadtest: PostgreSQL and Redis must be on a loopback address, not $address" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null 2>&1; then
  echo "== installing wrk (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if ! PATH="$PATH:/usr/sbin" command -v nginx >/dev/null 2>&1; then
  echo "loadtest: nginx is not installed; run make deploy-tools (as root)" >&2
  exit 2
fi

if ! pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; then
  echo "== starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 30); do pg_isready -h "$PG_HOST" -p "$PG_PORT" -q && break; sleep 1; done
fi
if ! psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" postgres | grep -q 1; then
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -qc "CREATE DATABASE $DATABASE" postgres
fi

# Production settings, as docs/deployment.md documents them.
export DEBUG=0
export SECRET_KEY="${SECRET_KEY:-$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export ALLOWED_HOSTS="$HOST"
export HTTPS=1
export TRUSTED_PROXY_COUNT=1
export DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$DATABASE"
export REDIS_URL="$REDIS"
export CONN_MAX_AGE=60
export LOG_LEVEL=ERROR

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/media"
export MEDIA_ROOT="$work/media"
export EXPORT_CACHE_DIR="$work/exports"  # whole exports are built afresh by each run

echo "== preparing $DATABASE: migrate, shipped data, $EXHIBITORS demo exhibitors, static files"
if ! "$BIN/python" manage.py migrate --noinput -v0; then
  # A database left by another layout of the migrations: make it anew (the demo data follows).
  echo "== $DATABASE does not migrate: dropping and creating it again"
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -qc "DROP DATABASE $DATABASE WITH (FORCE)" postgres
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -qc "CREATE DATABASE $DATABASE" postgres
  "$BIN/python" manage.py migrate --noinput -v0
fi
"$BIN/python" manage.py load_shipped_data -v0 >/dev/null
demo="$("$BIN/python" manage.py shell -v0 -c '
from exhibitors.models import Exhibitor
print(Exhibitor.objects.filter(slug__startswith="demo-").count())')"
if [ "$demo" != "$EXHIBITORS" ]; then
  replace=(); [ "$demo" = 0 ] || replace=(--replace)
  "$BIN/python" manage.py generate_demo_data --exhibitors "$EXHIBITORS" --seed 1 "${replace[@]}"
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -qc "ANALYZE" "$DATABASE"
else
  echo "   (the $EXHIBITORS demo exhibitors are there already)"
fi
"$BIN/python" manage.py collectstatic --noinput -v0
"$BIN/python" manage.py shell -v0 -c 'from django.core.cache import cache; cache.clear()'

# The request lists, one file per kind (see the Lua script below).
"$BIN/python" manage.py shell -v0 -c '
import random, re
from datafiles.management.commands import generate_demo_data as demo
from exhibitions.models import Country, Sector
from expo.urls import SITEMAPS

work = "'"$work"'"
rng = random.Random(1)
pages = []
for sitemap in SITEMAPS.values():  # up to 40 pages from each section of the sitemap
    items = list(sitemap.items())
    pages += [sitemap.location(item) for item in rng.sample(items, min(40, len(items)))]
pages += ["/exhibitors/?country=cn", "/exhibitors/?country=by&sort=name", "/exhibitors/?page=50",
          "/exhibitors/?sector=robotics", "/showcases/?kind=product", "/showcases/?page=20",
          "/search/?q=harvester", "/search/?q=Belarus", "/exhibitors/?q=robot"]
countries = [c.code.lower() for c in Country.objects.all()]
sectors = list(Sector.objects.values_list("slug", flat=True))
filtered = [f"/{kind}/?country={c}&sector={s}" for kind in ("exhibitors", "showcases")
            for c in countries for s in sectors]
rng.shuffle(filtered)
text = " ".join([*demo.STEMS, *demo.ADJECTIVES, *demo.MARKETS,
                 *(phrase for _, phrases in demo.VOCABULARY.values() for phrase in phrases)])
words = sorted({w for w in re.findall(r"[a-z]{3,}", text.lower())})
searches = ["/exhibitors/?q=", "/showcases/?q=", "/search/?q=", "/exhibitors/?country=cn&q=",
            "/showcases/?kind=product&q="]
exports = ["/exhibitors/data.csv", "/exhibitors/data.json", "/showcases/data.csv",
           "/showcases/data.json", "/exhibitors/data.csv?country=by", "/exhibitors/data.json?sector=robotics",
           "/showcases/data.csv?kind=product&country=cn", "/showcases/data.json?q=harvester"]
for name, lines in [("pages", pages), ("filtered", filtered), ("words", words),
                    ("searches", searches), ("exports", exports)]:
    with open(f"{work}/{name}.txt", "w") as out:
        out.write("\n".join(lines) + "\n")
'
echo "== $(wc -l < "$work/pages.txt") cached pages, $(wc -l < "$work/filtered.txt") filtered lists," \
  "$(wc -l < "$work/words.txt") search words, $(wc -l < "$work/exports.txt") exports"

cat > "$work/mix.lua" <<'LUA'
-- Each request is drawn at random: an export, a search with one or two random words, a filtered list
-- with a random country and sector, or else the next cached page (each thread from its own start).
local lists = {}
local shares = {}
local position = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local function read(path)
  local lines = {}
  for line in io.lines(path) do
    if #line > 0 then lines[#lines + 1] = line end
  end
  return lines
end

function init(args)
  local dir = args[1]
  for _, name in ipairs({"pages", "filtered", "words", "searches", "exports"}) do
    lists[name] = read(dir .. "/" .. name .. ".txt")
  end
  shares.export, shares.search, shares.filter = tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
  math.randomseed(os.time() * 100 + (id or 1))
  position = ((id or 1) * 17) % #lists.pages
end

local function pick(list)
  return list[math.random(#list)]
end

function request()
  local roll = math.random() * 100
  local path
  if roll < shares.export then
    path = pick(lists.exports)
  elseif roll < shares.export + shares.search then
    path = pick(lists.searches) .. pick(lists.words)
    if math.random() < 0.5 then path = path .. "+" .. pick(lists.words) end
  elseif roll < shares.export + shares.search + shares.filter then
    path = pick(lists.filtered)
  else
    position = position % #lists.pages + 1
    path = lists.pages[position]
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "LOADTEST requests=%d duration_us=%d bytes=%d non_2xx_3xx=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

echo "== gunicorn on $HOST:$PORT: $WORKERS workers x $WORKER_THREADS threads; Redis $REDIS"
"$BIN/gunicorn" expo.wsgi:application --bind "$HOST:$PORT" \
  --workers "$WORKERS" --worker-class gthread --threads "$WORKER_THREADS" \
  --timeout 30 --graceful-timeout 30 --keep-alive 5 \
  --max-requests 2000 --max-requests-jitter 200 --log-level warning \
  >"$work/gunicorn.log" 2>&1 &
pids+=($!)

echo "== nginx on $HOST:$PROXY_PORT (TLS), configured from docs/deployment.md's block"
nginx_line="$("$BIN/python" -m tests.nginx_config "$work/nginx" \
  --upstream "$HOST:$PORT" --media "$MEDIA_ROOT" --tls-port "$PROXY_PORT")"
read -r -a nginx_command <<<"$nginx_line"
"${nginx_command[@]}" >"$work/nginx.out" 2>&1 &
pids+=($!)

"$BIN/python" - "$HOST" "$PROXY_PORT" "$work" <<'PY'
"""Wait for nginx and gunicorn, then check every listed URL answers 2xx/3xx once (which also fills
the cache with the cached pages) before the load starts."""
import http.client, ssl, sys, time

host, port, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
context = ssl._create_unverified_context()  # the run's own self-signed certificate

def get(path, timeout=60):
    connection = http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()

deadline = time.monotonic() + 60
while True:
    try:
        if get("/healthz", timeout=5) == 200:
            break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit("loadtest: nginx and gunicorn did not answer /healthz within 60 s")
    time.sleep(0.3)
lines = lambda name: open(f"{work}/{name}.txt").read().split()
words = lines("words")
paths = [*lines("pages"), *lines("filtered")[:20], *lines("exports"),
         *(base + words[0] for base in lines("searches"))]
times = {}
bad = []
for path in paths:
    started = time.monotonic()
    status = get(path)
    times[path] = time.monotonic() - started
    if not 200 <= status < 400:
        bad.append((path, status))
if bad:
    sys.exit(f"loadtest: URLs failing before the load: {bad}")
exports = lines("exports")
print(f"== {len(paths)} URLs answered once, before the load; exports (a whole one built once):")
for path in exports:
    print(f"   {times[path]:6.2f} s  {path}")
others = sorted((t, p) for p, t in times.items() if p not in exports)
print(f"   slowest other page: {others[-1][0]:.2f} s {others[-1][1]}")
PY

log="$work/nginx/access.log"
errors="$work/nginx/error.log"
before="$(wc -l < "$log")"
errors_before="$(wc -l < "$errors")"
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
echo "== wrk: $DURATION, $CONNECTIONS connections, $THREADS threads, timeout $TIMEOUT;" \
  "exports $EXPORT_SHARE%, searches $SEARCH_SHARE%, filtered lists $FILTER_SHARE%, the rest cached pages"
wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "$DURATION" --timeout "$TIMEOUT" \
  --latency --script "$work/mix.lua" "https://$HOST:$PROXY_PORT" \
  -- "$work" "$EXPORT_SHARE" "$SEARCH_SHARE" "$FILTER_SHARE" | tee "$work/wrk.txt"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
sleep 1  # let nginx log the requests wrk abandoned at the end
tail -n "+$((before + 1))" "$log" >"$work/load.log"
# nginx's errors during the load; large exports buffered to disk are expected and left out.
tail -n "+$((errors_before + 1))" "$errors" | grep -v "buffered to a temporary file" \
  >"$work/errors.log" || true

line="$(grep '^LOADTEST ' "$work/wrk.txt")"
value() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" ${line#LOADTEST }"; }
requests="$(value requests)"
non_ok="$(value non_2xx_3xx)"
socket_errors=$(( $(value connect) + $(value read) + $(value write) + $(value timeout) ))
seconds="$(awk "BEGIN { printf \"%.1f\", $(value duration_us) / 1000000 }")"
rate="$(awk "BEGIN { printf \"%.0f\", $requests / ($(value duration_us) / 1000000) }")"

"$BIN/python" - "$work" "$seconds" <<'PY'
"""Per kind of request, from nginx's access log ($status $request_time $request_uri)."""
import collections, sys

work, duration = sys.argv[1], float(sys.argv[2])
listed = lambda name: set(open(f"{work}/{name}.txt").read().split())
pages, filtered, exports = listed("pages"), listed("filtered"), listed("exports")
kinds = collections.defaultdict(list)
for line in open(f"{work}/load.log"):
    status, seconds, uri = line.rstrip("\n").split(" ", 2)
    kind = ("cached page" if uri in pages else "export" if uri in exports
            else "filtered" if uri in filtered else "search")
    kinds[kind].append((float(seconds), int(status)))

def percentile(values, p):
    return values[min(len(values) - 1, int(len(values) * p / 100))]

print("== per kind, from nginx's log (499: the client gave up, at wrk's timeout or at the end of the run;"
      " 502/504: gunicorn failed or was too slow)")
print(f"   {'kind':<12} {'requests':>8} {'per s':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}  not 2xx/3xx")
for kind, rows in sorted(kinds.items()):
    times = sorted(t for t, _ in rows)
    bad = collections.Counter(s for _, s in rows if not 200 <= s < 400)
    print(f"   {kind:<12} {len(rows):>8} {len(rows) / duration:>7.1f} "
          f"{percentile(times, 50) * 1000:>8.0f} {percentile(times, 99) * 1000:>8.0f} "
          f"{times[-1] * 1000:>8.0f}  {dict(bad) or 0}")
slowest = sorted((float(s), status, uri) for status, s, uri in
                 (line.rstrip("\n").split(" ", 2) for line in open(f"{work}/load.log")))[-5:]
print("== the slowest requests (nginx's seconds, status, URL):")
for seconds, status, uri in reversed(slowest):
    print(f"   {seconds:7.2f} s  {status}  {uri}")
PY

echo "== totals: $requests requests in $seconds s ($rate/s); non-2xx/3xx: $non_ok;" \
  "socket errors: $socket_errors (connect $(value connect), read $(value read), write $(value write)," \
  "timeout $(value timeout)); latency p50 $(value p50_ms) ms, p99 $(value p99_ms) ms, max $(value max_ms) ms"
if grep -qiE "error|exception|traceback" "$work/gunicorn.log"; then
  echo "== gunicorn log:"; tail -50 "$work/gunicorn.log"
fi
if [ -s "$work/errors.log" ]; then
  echo "== nginx error log during the load:"; tail -20 "$work/errors.log"
fi
if [ "$requests" -eq 0 ] || [ "$non_ok" -ne 0 ] || [ "$socket_errors" -ne 0 ]; then
  echo "loadtest: FAILED" >&2
  exit 1
fi
echo "loadtest: passed"
