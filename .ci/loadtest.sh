#!/usr/bin/env bash
# Load test: gunicorn on PostgreSQL, driven by wrk over every public page of the shipped data.
#
# Fails unless every answer is 2xx/3xx and wrk saw no socket error (connect, read, write, timeout).
# Only loopback addresses are used. Settings (environment variables, with defaults):
#   LOADTEST_DURATION=60s  LOADTEST_CONNECTIONS=64  LOADTEST_THREADS=2  LOADTEST_TIMEOUT=5s
#   LOADTEST_PORT=8765     LOADTEST_WORKERS=2*cores+1  LOADTEST_WORKER_THREADS=4
#   PG_USER=postgres  PG_HOST=127.0.0.1  PG_PORT=5432  LOADTEST_DATABASE=expo_loadtest
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${LOADTEST_DURATION:-60s}"
CONNECTIONS="${LOADTEST_CONNECTIONS:-64}"
THREADS="${LOADTEST_THREADS:-2}"
TIMEOUT="${LOADTEST_TIMEOUT:-5s}"
PORT="${LOADTEST_PORT:-8765}"
WORKERS="${LOADTEST_WORKERS:-$((2 * $(nproc) + 1))}"
WORKER_THREADS="${LOADTEST_WORKER_THREADS:-4}"
PG_USER="${PG_USER:-postgres}"
PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
DATABASE="${LOADTEST_DATABASE:-expo_loadtest}"
BIN=.venv/bin
HOST=127.0.0.1

case "$PG_HOST" in
  127.*|localhost|::1) ;;
  *) echo "loadtest: PG_HOST must be a loopback address, not $PG_HOST" >&2; exit 2 ;;
esac

if ! command -v wrk >/dev/null 2>&1; then
  echo "== installing wrk (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
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

export DEBUG=0
export SECRET_KEY="${SECRET_KEY:-$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export ALLOWED_HOSTS="$HOST"
export DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$DATABASE"
export CONN_MAX_AGE=60
export LOG_LEVEL=ERROR

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== preparing $DATABASE: migrate, load the shipped data, collect static files"
"$BIN/python" manage.py migrate --noinput -v0
"$BIN/python" manage.py load_shipped_data -v0 >/dev/null
"$BIN/python" manage.py collectstatic --noinput -v0

# Every page of the sitemap (every public page of the shipped data), plus filtered lists and searches.
"$BIN/python" manage.py shell -v0 -c '
from expo.urls import SITEMAPS
paths = [sitemap.location(item) for sitemap in SITEMAPS.values() for item in sitemap.items()]
paths += ["/exhibitors/?country=by", "/exhibitors/?country=cn&sort=name",
          "/exhibitors/?sector=robotics", "/showcases/?kind=product",
          "/search/?q=harvester", "/search/?q=Belarus", "/search/?q=smart+city"]
print("\n".join(paths))
' > "$work/paths.txt"
echo "== $(wc -l < "$work/paths.txt") public pages"

cat > "$work/rotate.lua" <<'LUA'
-- Each thread walks the list of pages from its own starting point.
local paths = {}
local position = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  position = ((id or 1) * 17) % #paths
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "LOADTEST requests=%d duration_us=%d bytes=%d non_2xx_3xx=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write,
    e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA

echo "== gunicorn on $HOST:$PORT: $WORKERS workers x $WORKER_THREADS threads"
"$BIN/gunicorn" expo.wsgi:application --bind "$HOST:$PORT" --workers "$WORKERS" \
  --worker-class gthread --threads "$WORKER_THREADS" --timeout 30 --log-level warning \
  >"$work/gunicorn.log" 2>&1 &
server_pid=$!

"$BIN/python" - "$HOST" "$PORT" "$work/paths.txt" <<'PY'
"""Wait for the server, then check every page answers 2xx/3xx once before the load starts."""
import http.client, sys, time

host, port, paths_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def get(path):
    connection = http.client.HTTPConnection(host, port, timeout=10)
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
        if get("/healthz") == 200:
            break
    except OSError:
        pass
    if time.monotonic() > deadline:
        sys.exit("loadtest: the server did not answer /healthz within 60 s")
    time.sleep(0.3)
bad = [(path, status) for path in open(paths_file).read().split() if not 200 <= (status := get(path)) < 400]
if bad:
    sys.exit(f"loadtest: pages failing before the load: {bad}")
PY

echo "== wrk: $DURATION, $CONNECTIONS connections, $THREADS threads, timeout $TIMEOUT"
wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "$DURATION" --timeout "$TIMEOUT" \
  --latency --script "$work/rotate.lua" "http://$HOST:$PORT" -- "$work/paths.txt" | tee "$work/wrk.txt"

line="$(grep '^LOADTEST ' "$work/wrk.txt")"
value() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" ${line#LOADTEST }"; }
requests="$(value requests)"
non_ok="$(value non_2xx_3xx)"
socket_errors=$(( $(value connect) + $(value read) + $(value write) + $(value timeout) ))
seconds="$(awk "BEGIN { printf \"%.1f\", $(value duration_us) / 1000000 }")"
rate="$(awk "BEGIN { printf \"%.0f\", $requests / ($(value duration_us) / 1000000) }")"

echo "== totals: $requests requests in $seconds s ($rate/s); non-2xx/3xx: $non_ok;" \
  "socket errors: $socket_errors (connect $(value connect), read $(value read), write $(value write)," \
  "timeout $(value timeout)); latency p50 $(value p50_ms) ms, p99 $(value p99_ms) ms, max $(value max_ms) ms"
if grep -qiE "error|exception|traceback" "$work/gunicorn.log"; then
  echo "== gunicorn log:"; tail -50 "$work/gunicorn.log"
fi
if [ "$requests" -eq 0 ] || [ "$non_ok" -ne 0 ] || [ "$socket_errors" -ne 0 ]; then
  echo "loadtest: FAILED" >&2
  exit 1
fi
echo "loadtest: passed"
