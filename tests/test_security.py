"""Secure by default: headers on public and admin pages, cookies, the production check, the
SECRET_KEY guard, password validators and the admin login throttle.

Tests run with the normal settings module and DEBUG off, so the headers seen here are production's.
HSTS is only ever sent over HTTPS, so requests that look for it are made with ``secure=True``.
"""

import datetime
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from exhibitors.models import Exhibitor

BASE_DIR = Path(__file__).resolve().parent.parent
SIX_MONTHS = 183 * 24 * 3600
STRICT_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
PASSWORD = "a long organiser passphrase 42"

# The production environment the README documents (secret and host names are examples).
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "expo.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://expo.example.org",
    "HTTPS": "1",
    "SITE_URL": "https://expo.example.org",
    "TRUSTED_PROXY_COUNT": "1",
    "DATABASE_URL": "postgres://expo:password@db.internal:5432/expo",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "expo-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    "CSP_IMG_ORIGINS": "https://expo-media.s3.example.org",
}


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response):
    headers = response.headers
    hsts = headers["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= SIX_MONTHS
    csp = csp_directives(headers["Content-Security-Policy"])
    for directive in ("default-src", "script-src", "object-src", "base-uri", "frame-ancestors"):
        assert directive in csp, directive
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert unsafe not in csp["script-src"], unsafe
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] in (["'none'"], ["'self'"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert "Content-Security-Policy-Report-Only" not in headers  # enforced, not just reported
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in STRICT_REFERRER_POLICIES
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(item.strip().split("=", 1) for item in headers["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()", feature


@pytest.fixture
def organiser(db):
    return User.objects.create_superuser("organiser", "organiser@example.org", PASSWORD)


def log_in(client, username="organiser", password=PASSWORD, **extra):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, **extra
    )


@pytest.mark.parametrize(
    "url", ["/", "/exhibitors/", "/exhibitors/baidu/", "/search/?q=harvester", "/healthz"]
)
def test_public_page_carries_security_headers(client, shipped_data, url):
    response = client.get(url, secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_error_page_carries_security_headers(client):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)


@pytest.mark.django_db
def test_admin_login_page_carries_security_headers(client):
    response = client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


def test_admin_pages_carry_security_headers(client, organiser, shipped_data):
    client.force_login(organiser)
    for url in ("/admin/", "/admin/exhibitors/exhibitor/"):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_security_headers(response)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def assert_works_under_csp(body, url):
    """Nothing a 'self'-only policy would block: no inline code or style, no foreign origin."""
    assert INLINE_SCRIPT.search(body) is None, url
    assert EVENT_HANDLER.search(body) is None, url
    assert " style=" not in body, url
    assert "<style" not in body, url
    assert "javascript:" not in body, url
    for ref in re.findall(r'<(?:script|link|img)\b[^>]*?\b(?:src|href)="([^"]+)"', body):
        same_origin = ref.startswith(("/", "http://testserver/")) and not ref.startswith("//")
        assert same_origin, (url, ref)


def test_admin_pages_need_no_inline_code(client, organiser, shipped_data):
    """Django's admin keeps to external scripts and data blocks, so the strict CSP leaves it working."""
    client.force_login(organiser)
    exhibitor = Exhibitor.objects.get(slug="baidu")
    for url in (
        "/admin/",
        "/admin/exhibitors/exhibitor/",
        "/admin/exhibitors/exhibitor/add/",
        f"/admin/exhibitors/exhibitor/{exhibitor.pk}/change/",
        "/admin/exhibitors/showcase/add/",
        "/admin/exhibitions/exhibition/",
        "/admin/pavilions/pavilion/add/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_works_under_csp(response.content.decode(), url)


@pytest.mark.parametrize(
    "url",
    ["/", "/exhibitors/", "/exhibitors/baidu/", "/showcases/", "/pavilions/", "/search/?q=a"],
)
def test_public_pages_need_no_inline_code(client, shipped_data, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_works_under_csp(response.content.decode(), url)


def test_session_and_csrf_cookies_secure_and_http_only(client, organiser):
    login_page = client.get("/admin/login/", secure=True)
    csrf = login_page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
    response = log_in(client, secure=True)
    assert response.status_code == 302
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


def run_python(*args, env):
    """Python in a fresh process that sees only ``env``, as a server started with it would."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "expo.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args, env):
    return run_python("manage.py", *args, env=env)


def test_check_deploy_passes_in_documented_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_fails_without_https():
    env = {**PRODUCTION_ENV, "HTTPS": "0"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout  # SECURE_SSL_REDIRECT


def test_trusted_origins_and_hosts_come_from_environment():
    result = run_python(
        "-c",
        "from django.conf import settings; "
        "print(settings.CSRF_TRUSTED_ORIGINS, settings.ALLOWED_HOSTS)",
        env={
            **PRODUCTION_ENV,
            "CSRF_TRUSTED_ORIGINS": "https://expo.example.org,https://admin.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['https://expo.example.org', 'https://admin.example.org'] ['expo.example.org']"
    )


def test_production_environment_configures_database_media_and_policy():
    result = run_python(
        "-c",
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.DATABASES['default']['OPTIONS'], settings.STORAGES['default'], "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], settings.CACHES['default']]))",
        env=PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    options, media, img_src, cache = json.loads(result.stdout)
    assert options["connect_timeout"] == 2  # an unreachable database fails fast: 503, not a hang
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "expo-media"
    assert media["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert img_src == ["'self'", "data:", "https://expo-media.s3.example.org"]
    assert cache["LOCATION"] == "redis://cache.internal:6379/0"


@pytest.mark.parametrize(
    ("secret_key", "reason"),
    [
        (None, "not set"),
        ("", "not set"),
        ("short-but-not-empty", "shorter than 50"),
        ("django-insecure-" + "q7Zk2pW9xR4mT8vN1sL6bY3cH5jD0fG" * 2, "django-insecure"),
        ("ab" * 40, "fewer than 5 different characters"),
    ],
)
def test_weak_secret_key_stops_start_up(secret_key, reason):
    env = {**PRODUCTION_ENV}
    env.pop("SECRET_KEY")
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert reason in result.stderr
    # The message never echoes the key itself.
    if secret_key:
        assert secret_key not in result.stderr


def test_weak_secret_key_stops_wsgi_start_up():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "x"}
    result = run_python("-c", "import expo.wsgi", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_strong_secret_key_starts():
    result = manage("check", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


def test_development_needs_no_secret_key():
    result = manage("check", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("password", ["password", "12345678", "short", "organiser1"])
def test_password_validators_refuse_weak_passwords(password):
    user = User(username="organiser1", email="organiser@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_password_validators_accept_a_passphrase():
    assert validate_password(PASSWORD) is None


def failed_login(client, username="organiser", **extra):
    return log_in(client, username, "wrong guess", **extra)


def test_admin_login_locked_out_after_repeated_failures(organiser):
    client = Client(REMOTE_ADDR="203.0.113.7")
    limit = settings.AXES_FAILURE_LIMIT
    answers = [failed_login(client, username=f"guess{i}").status_code for i in range(limit)]
    assert answers == [200] * (limit - 1) + [429]
    # Locked out: even the right password is refused, with a branded 429 and a Retry-After.
    response = log_in(client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert "<h1>Too many attempts</h1>" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not signed in
    # Another client is not affected.
    other = Client(REMOTE_ADDR="198.51.100.20")
    response = log_in(other)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_admin_login_lockout_ends_after_cool_off(organiser):
    client = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        failed_login(client)
    assert failed_login(client).status_code == 429
    # The cool-off passes: the recorded failures become older than it.
    AccessAttempt.objects.filter(ip_address="203.0.113.8").update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    response = log_in(client)
    assert response.status_code == 302
    assert AccessAttempt.objects.filter(ip_address="203.0.113.8").count() == 0  # reset on success


def test_admin_login_throttle_uses_forwarded_client_behind_proxy(organiser, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.2"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        failed_login(attacker)
    assert failed_login(attacker).status_code == 429
    # A forged left-most entry does not escape: the proxy appended the real address last.
    forged = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert failed_login(forged).status_code == 429
    # Someone else behind the same proxy, with an account of their own, still gets in.
    User.objects.create_user("colleague", "colleague@example.org", PASSWORD, is_staff=True)
    colleague = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.30")
    response = log_in(colleague, username="colleague")
    assert response.status_code == 302


def test_admin_login_good_login_to_another_account_buys_no_more_guesses(organiser):
    """Four wrong passwords for one account, one good login to another, repeated: the address is
    locked out once it has made the limit of wrong guesses, whatever logins succeeded between."""
    User.objects.create_user("helper", "helper@example.org", PASSWORD, is_staff=True)
    client = Client(REMOTE_ADDR="203.0.113.10")
    wrong = []
    for _ in range(4):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            wrong.append(failed_login(client).status_code)
        log_in(client, username="helper")
    # The fifth wrong guess (the limit) is refused, and every one after it.
    assert wrong == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429] * (len(wrong) - 4)
    assert log_in(client).status_code == 429  # even the right password, now


def test_admin_login_account_locked_out_from_any_address(organiser):
    """Guesses at one account spread over many addresses are throttled by the account."""
    limit = settings.AXES_FAILURE_LIMIT
    answers = [
        failed_login(Client(REMOTE_ADDR=f"203.0.113.{100 + i}")).status_code for i in range(limit)
    ]
    assert answers == [200] * (limit - 1) + [429]
    assert log_in(Client(REMOTE_ADDR="198.51.100.40")).status_code == 429


def test_admin_login_success_forgets_only_own_failures(organiser):
    client = Client(REMOTE_ADDR="203.0.113.11")
    failed_login(client, username="someone-else")
    failed_login(client)
    assert log_in(client).status_code == 302
    remaining = list(AccessAttempt.objects.values_list("username", "failures_since_start"))
    assert remaining == [("someone-else", 1)]


def test_admin_login_with_unsafe_next_lands_on_the_admin(organiser):
    client = Client(REMOTE_ADDR="203.0.113.12")
    response = client.post(
        "/admin/login/?next=https://evil.example.net/",
        {"username": "organiser", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/healthz/live"])
def test_health_checks_answer_plain_http_behind_https(db, client, settings, path):
    """With HTTPS=1 every page redirects plain HTTP to https, but a probe talking to gunicorn
    directly must see the health, not a 301."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(path).status_code == 200
    response = client.get("/pavilions/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
