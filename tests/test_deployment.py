"""The documented deployment, for real: nginx configured from docs/deployment.md's own block in front of gunicorn.

The nginx block under "The proxy in front" is read from docs/deployment.md by ``tests/nginx_config.py``, which
replaces only these tokens (see its docstring): ``listen 443 ssl http2;`` becomes a TLS port on
127.0.0.1, with a self-signed certificate in place of ``/etc/ssl/expo/fullchain.pem`` and
``privkey.pem``, plus a plain-HTTP port on the same server (to show a client's own
``X-Forwarded-Proto`` is not believed); ``listen 80;`` becomes another port on 127.0.0.1;
``127.0.0.1:8000`` becomes gunicorn's address and ``/srv/expo/media/`` the test's MEDIA_ROOT. So what
runs here is what docs/deployment.md tells people to run.

gunicorn runs with the production settings docs/deployment.md documents (``DEBUG=0``, a random
``SECRET_KEY``, ``HTTPS=1``, ``TRUSTED_PROXY_COUNT=1``) on its own PostgreSQL database
(``expo_deploy``, migrated and loaded with the shipped data), with a MEDIA_ROOT holding a real PNG.
Requests go to nginx, over TLS unless a test says otherwise, with ``Host: expo.example.org``.

Without nginx (``make deploy-tools``) or PostgreSQL the tests are skipped locally; in CI (``CI`` set)
they fail. The whole module must finish within ``BUDGET`` seconds.
"""

import gzip
import http.client
import io
import os
import secrets
import ssl
import subprocess
import sys
import time

import pytest
from PIL import Image

from tests.nginx_config import BASE_DIR, nginx_binary
from tests.nginx_config import write as write_nginx_config
from tests.servers import free_port, fresh_database, per_worker, postgres_server, reachable

DATABASE_NAME = per_worker("expo_deploy")
HOST = "expo.example.org"
BUDGET = 60.0  # seconds for the whole module, servers included
MEDIA_FILE = "logos/deploy-check.png"
BODY_LIMIT = 25 * 1024 * 1024  # the documented client_max_body_size 25m


def unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; the deployment test needs it in CI")
    pytest.skip(reason)


def wait_for(check, process, what, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            output = process.stderr.read() if process.poll() is not None else "(still running)"
            pytest.fail(f"{what} did not start: {output}")
        time.sleep(0.2)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


class Proxy:
    """The running nginx: ``request()`` sends one request to it and returns the whole answer."""

    def __init__(self, tls_port, plain_port, redirect_port, media_bytes):
        self.tls_port, self.plain_port, self.redirect_port = tls_port, plain_port, redirect_port
        self.media_bytes = media_bytes
        self.context = ssl._create_unverified_context()  # the certificate is made for the run

    def request(self, method, path, headers=None, body=None, port=None, tls=True, timeout=20):
        port = port or (self.tls_port if tls else self.plain_port)
        if tls:
            connection = http.client.HTTPSConnection(
                "127.0.0.1", port, timeout=timeout, context=self.context
            )
        else:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    started = time.monotonic()
    if not nginx_binary():
        unavailable("nginx is not installed (make deploy-tools)")
    user, host, port = postgres_server()
    if not reachable(host, port):
        unavailable(f"PostgreSQL is not reachable on {host}:{port}")

    media = tmp_path_factory.mktemp("media")
    (media / "logos").mkdir()
    media_bytes = png_bytes()
    (media / MEDIA_FILE).write_bytes(media_bytes)
    # Files that are not images must never be served from the media folder.
    (media / "page.html").write_text("<script>alert(1)</script>")
    (media / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')

    env = {
        "PATH": os.environ.get("PATH", ""),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HTTPS": "1",
        "TRUSTED_PROXY_COUNT": "1",
        "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
        "MEDIA_ROOT": str(media),
        "DATABASE_URL": f"postgres://{user}@{host}:{port}/{DATABASE_NAME}",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
    }
    fresh_database(DATABASE_NAME, user, host, port, env, timeout=120)

    app_port = free_port()
    gunicorn = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "expo.wsgi:application",
            "--bind", f"127.0.0.1:{app_port}", "--workers", "2",
            "--worker-class", "gthread", "--threads", "4", "--timeout", "30",
        ],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    nginx = None
    try:

        def app_live():
            connection = http.client.HTTPConnection("127.0.0.1", app_port, timeout=2)
            connection.request("GET", "/healthz/live", headers={"Host": HOST})
            return connection.getresponse().status == 200

        wait_for(app_live, gunicorn, "gunicorn")

        tls_port, plain_port, redirect_port = free_port(), free_port(), free_port()
        command = write_nginx_config(
            tmp_path_factory.mktemp("nginx"),
            upstream=f"127.0.0.1:{app_port}",
            media_root=media,
            tls_port=tls_port,
            plain_port=plain_port,
            redirect_port=redirect_port,
        )
        nginx = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        running = Proxy(tls_port, plain_port, redirect_port, media_bytes)
        wait_for(lambda: running.get("/healthz/live", timeout=2)[0] == 200, nginx, "nginx")
        yield running
    finally:
        if nginx:
            stop(nginx)
        stop(gunicorn)
    elapsed = time.monotonic() - started
    assert elapsed < BUDGET, f"the deployment test took {elapsed:.1f} s; keep it under {BUDGET} s"


def test_pages_and_open_data_come_back_gzip_compressed(proxy):
    # "Via", as a CDN or load balancer in front would add: nginx then compresses only with
    # gzip_proxied set.
    asks_gzip = {"Accept-Encoding": "gzip", "Via": "1.1 cdn.example.net"}
    for path in [
        "/",
        "/exhibitors/?country=by",
        "/exhibitors/data.csv",
        "/showcases/data.json",
        "/datapackage.json",
        "/sitemap.xml",
    ]:
        status, headers, body = proxy.get(path, headers=asks_gzip)

        assert status == 200, path
        assert headers["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in headers.get("Vary", ""), path
        assert len(gzip.decompress(body)) > len(body), path

    status, headers, body = proxy.get("/")
    assert status == 200
    assert "Content-Encoding" not in headers  # only for clients that ask for it
    assert b"<html" in body


def test_admin_never_compressed_through_the_proxy(proxy):
    # Its pages carry a CSRF token (BREACH): gzip off in nginx, and off in Django too.
    status, headers, body = proxy.get("/admin/login/", headers={"Accept-Encoding": "gzip"})

    assert status == 200
    assert "Content-Encoding" not in headers
    assert b"csrfmiddlewaretoken" in body


def test_open_data_readable_from_any_origin_through_the_proxy(proxy):
    origin = {"Origin": "https://elsewhere.example", "Accept-Encoding": "gzip"}
    for path in ["/datapackage.json", "/exhibitors/data.csv"]:
        status, headers, _ = proxy.get(path, headers=origin)
        assert status == 200, path
        assert headers["Access-Control-Allow-Origin"] == "*", path
    _, headers, _ = proxy.get("/exhibitors/", headers=origin)
    assert "Access-Control-Allow-Origin" not in headers


def test_conditional_get_answers_304_through_the_proxy(proxy):
    gzipped = {"Accept-Encoding": "gzip"}
    status, headers, _ = proxy.get("/exhibitors/", headers=gzipped)
    assert status == 200
    etag = headers["ETag"]
    assert etag.startswith('W/"')  # nginx's gzip keeps a weak ETag

    status, _, body = proxy.get("/exhibitors/", headers={**gzipped, "If-None-Match": etag})

    assert status == 304
    assert body == b""


def test_media_image_served_from_media_root(proxy):
    status, headers, body = proxy.get(f"/media/{MEDIA_FILE}")

    assert status == 200
    assert body == proxy.media_bytes
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=2592000" in headers["Cache-Control"]
    assert "sandbox" in headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/media/page.html", "/media/drawing.svg", "/media/logos/"])
def test_media_folder_serves_nothing_but_images(proxy, path):
    status, headers, body = proxy.get(path)

    assert status == 404
    assert b"<script" not in body


def test_body_over_client_max_body_size_refused_with_413(proxy):
    # nginx answers from the Content-Length header, before reading the body (none is sent).
    connection = http.client.HTTPSConnection(
        "127.0.0.1", proxy.tls_port, timeout=20, context=proxy.context
    )
    try:
        connection.putrequest("POST", "/admin/login/", skip_host=True)
        connection.putheader("Host", HOST)
        connection.putheader("Content-Type", "application/octet-stream")
        connection.putheader("Content-Length", str(BODY_LIMIT + 1))
        connection.endheaders()
        assert connection.getresponse().status == 413
    finally:
        connection.close()


def test_body_the_size_of_the_largest_csv_upload_reaches_the_app(proxy):
    body = b"x" * (21 * 1024 * 1024)  # the admin accepts a 20 MB CSV file, with the form around it

    status, headers, _ = proxy.request(
        "POST", "/admin/login/", body=body, headers={"Content-Type": "application/octet-stream"}
    )

    assert status == 403  # Django's refusal (no CSRF token), not nginx's 413
    assert "default-src 'self'" in headers["Content-Security-Policy"]  # sent by the app


def test_health_checks_answer_through_the_proxy(proxy):
    assert proxy.get("/healthz")[0] == 200
    assert proxy.get("/healthz/live")[0] == 200


def test_client_cannot_spoof_x_forwarded_proto(proxy):
    # Over plain HTTP, claiming HTTPS: nginx replaces the header with its own scheme, so Django
    # (HTTPS=1, trusting the header) still sees plain HTTP and redirects to HTTPS.
    status, headers, _ = proxy.get(
        "/exhibitors/", tls=False, headers={"X-Forwarded-Proto": "https"}
    )
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/exhibitors/"

    # Over HTTPS, claiming plain HTTP: still https, so the page is served with HSTS.
    status, headers, _ = proxy.get("/exhibitors/", headers={"X-Forwarded-Proto": "http"})
    assert status == 200
    assert "max-age=31536000" in headers["Strict-Transport-Security"]


def test_port_80_redirects_to_https(proxy):
    status, headers, _ = proxy.get("/exhibitors/?country=by", port=proxy.redirect_port, tls=False)

    assert status == 301
    assert headers["Location"] == f"https://{HOST}/exhibitors/?country=by"
