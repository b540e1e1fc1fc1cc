"""nginx configured from docs/deployment.md's own block, for the deployment test and ``make loadtest``.

The ``nginx`` block under "The proxy in front" in docs/deployment.md is used as written, except for these
tokens, replaced so it runs on this machine without root's ports or real certificates:

    listen 443 ssl http2;                    ->  listen 127.0.0.1:<tls port> ssl http2;
                                                 (plus listen 127.0.0.1:<plain port>; when asked for)
    listen 80;                               ->  listen 127.0.0.1:<redirect port>;
    127.0.0.1:8000                           ->  gunicorn's address
    /srv/expo/media/                         ->  the MEDIA_ROOT in use (with a trailing slash)
    /etc/ssl/expo/fullchain.pem, privkey.pem ->  a self-signed certificate made for the run

``server_name`` stays ``expo.example.org``: each port has one server, so nginx uses it whatever the
Host. Each token must appear in that block; if one is gone, ``site_config`` says which.

Around it, ``main_config`` writes a minimal nginx.conf: no daemon, pid, error and access logs and
temporary files in one directory, and an access log line per request with its time in seconds, so a
run can be summarised by page kind (``$status $request_time $request_uri``).

As a command (used by .ci/loadtest.sh), it writes that directory and prints nginx's command line:

    python -m tests.nginx_config DIR --upstream 127.0.0.1:8765 --media /path/to/media --tls-port 8443
"""

import argparse
import os
import re
import shutil
import subprocess
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOYMENT_DOC = BASE_DIR / "docs" / "deployment.md"

LISTEN_TLS = "listen 443 ssl http2;"
LISTEN_REDIRECT = "listen 80;"
UPSTREAM = "127.0.0.1:8000"
MEDIA = "/srv/expo/media/"
CERTIFICATE = "/etc/ssl/expo/fullchain.pem"
CERTIFICATE_KEY = "/etc/ssl/expo/privkey.pem"
SERVER_NAME = "expo.example.org"


def nginx_binary():
    """The nginx executable, or None. Debian puts it in /usr/sbin, not always on a user's PATH."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def readme_block(readme=DEPLOYMENT_DOC):
    """The text of the ```nginx block in docs/deployment.md's "The proxy in front" section."""
    text = Path(readme).read_text(encoding="utf-8")
    section = text.split("### The proxy in front", 1)[1].split("\n### ", 1)[0]
    found = re.search(r"^```nginx\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    if not found:
        raise ValueError("docs/deployment.md: no ```nginx block under 'The proxy in front'")
    return found.group(1)


def site_config(
    block, *, upstream, media_root, tls_port, certificate, plain_port=None, redirect_port=None
):
    """The block with the tokens above replaced (see the module's docstring)."""
    listen = f"listen 127.0.0.1:{tls_port} ssl http2;"
    if plain_port:
        listen += f" listen 127.0.0.1:{plain_port};"
    cert, key = certificate
    replacements = [
        (LISTEN_TLS, listen),
        (UPSTREAM, upstream),
        (MEDIA, f"{str(media_root).rstrip('/')}/"),
        (CERTIFICATE, str(cert)),
        (CERTIFICATE_KEY, str(key)),
    ]
    for token, value in replacements:
        if token not in block:
            raise ValueError(f"docs/deployment.md's nginx block no longer contains {token!r}")
        block = block.replace(token, value)
    if LISTEN_REDIRECT not in block:
        raise ValueError(f"docs/deployment.md's nginx block no longer contains {LISTEN_REDIRECT!r}")
    if redirect_port:
        block = block.replace(LISTEN_REDIRECT, f"listen 127.0.0.1:{redirect_port};")
    else:  # leave the port-80 redirect out
        block = "\n".join(line for line in block.splitlines() if LISTEN_REDIRECT not in line)
    return block


def main_config(directory, site):
    """A complete nginx.conf around ``site``, everything nginx writes kept inside ``directory``."""
    d = Path(directory)
    # As root, workers run as root too, so they can read a MEDIA_ROOT only root may enter (a test's
    # temporary directory); nginx ignores the directive otherwise.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""\
{user}daemon off;
worker_processes auto;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format timed '$status $request_time $request_uri';
    access_log {d}/access.log timed;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    sendfile on;
    keepalive_timeout 65;
{site}
}}
"""


def self_signed_certificate(directory):
    """(certificate, key) paths of a throwaway certificate for expo.example.org and 127.0.0.1."""
    cert, key = Path(directory) / "cert.pem", Path(directory) / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", f"/CN={SERVER_NAME}",
            "-addext", f"subjectAltName=DNS:{SERVER_NAME},IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


def write(directory, *, upstream, media_root, tls_port, plain_port=None, redirect_port=None):
    """Write nginx.conf (and a certificate) into ``directory``; returns nginx's command line."""
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    site = site_config(
        readme_block(),
        upstream=upstream,
        media_root=media_root,
        tls_port=tls_port,
        certificate=self_signed_certificate(directory),
        plain_port=plain_port,
        redirect_port=redirect_port,
    )
    conf = directory / "nginx.conf"
    conf.write_text(main_config(directory, site), encoding="utf-8")
    binary = nginx_binary()
    if not binary:
        raise FileNotFoundError("nginx is not installed (make deploy-tools)")
    return [binary, "-p", str(directory), "-c", str(conf)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", help="where nginx.conf, logs and temporary files go")
    parser.add_argument("--upstream", required=True, help="gunicorn's HOST:PORT")
    parser.add_argument("--media", required=True, help="MEDIA_ROOT")
    parser.add_argument("--tls-port", type=int, required=True)
    parser.add_argument("--plain-port", type=int)
    parser.add_argument("--redirect-port", type=int)
    args = parser.parse_args()
    command = write(
        args.directory,
        upstream=args.upstream,
        media_root=args.media,
        tls_port=args.tls_port,
        plain_port=args.plain_port,
        redirect_port=args.redirect_port,
    )
    print(" ".join(command))


if __name__ == "__main__":
    main()
