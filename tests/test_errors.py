"""Branded error pages (400, 403, 404, 500, 503) that need no database.

The 500 page is reached through a URLconf made for this module: the project's own URLs plus one
view that fails. A database that cannot be reached is simulated in a separate process whose
``DATABASE_URL`` names a SQLite file in a folder that does not exist (tests/test_outage.py does the
same against a real PostgreSQL behind a proxy that is stopped and started again).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import path

from expo import urls as project_urls

BASE_DIR = Path(__file__).resolve().parent.parent


def failing_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("fails/", failing_view), *project_urls.urlpatterns]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500


def assert_branded(response, status, title):
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    body = response.content.decode()
    assert f"<title>{title} · Expo Directory</title>" in body
    assert f"<h1>{title}</h1>" in body
    assert 'href="/static/css/site' in body  # the site's own stylesheet: branded, not Django's
    assert '<meta name="robots" content="noindex">' in body
    assert 'rel="canonical"' not in body  # an error is no version of any other page
    return body


# Tests without the ``db`` fixture cannot touch the database at all: pytest-django turns any query into
# an error, which proves these pages need none.


def test_not_found_page_branded_without_database(client):
    response = client.get("/no-such-page/")
    body = assert_branded(response, 404, "Page not found")
    assert "<code>/no-such-page/</code>" in body
    assert '<a href="/exhibitors/">All exhibitors</a>' in body


@pytest.mark.django_db
def test_not_found_page_for_unknown_record(client):
    assert_branded(client.get("/exhibitors/no-such-exhibitor/"), 404, "Page not found")


def test_bad_request_page_branded_for_unknown_host(client):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert_branded(response, 400, "Bad request")


@pytest.mark.django_db
def test_permission_denied_page_branded_for_staff_without_rights(client):
    staff = User.objects.create_user("clerk", password="not-used-here", is_staff=True)
    client.force_login(staff)
    response = client.get("/admin/exhibitors/exhibitor/")
    body = assert_branded(response, 403, "Access denied")
    assert "You do not have permission" in body


def test_csrf_failure_page_branded(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "a", "password": "b"}
    )
    body = assert_branded(response, 403, "Access denied")
    assert "security token" in body


@pytest.mark.urls(__name__)
def test_server_error_page_branded_without_database(client):
    client.raise_request_exception = False
    response = client.get("/fails/")
    body = assert_branded(response, 500, "Something went wrong")
    assert "a bug in a view" not in body  # no internals shown


def test_error_page_falls_back_to_plain_html_when_templates_fail(client, settings, tmp_path):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [tmp_path],  # no error templates here
            "APP_DIRS": False,
        }
    ]
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


# A separate process whose database is a file that cannot be opened: every query fails at once.
DATABASE_DOWN_SCRIPT = r"""
import json, time
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(raise_request_exception=False)
results = {}
for method, url in REQUESTS:
    started = time.monotonic()
    if method == "post":
        response = client.post(url, {"username": "organiser", "password": "a password"})
    else:
        response = client.get(url)
    results[f"{method} {url}"] = {
        "status": response.status_code,
        "retry_after": response.get("Retry-After"),
        "seconds": time.monotonic() - started,
        "body": response.content.decode(),
        "content_type": response["Content-Type"],
    }
print(json.dumps(results))
"""

DATABASE_DOWN_REQUESTS = [
    ("get", "/"),
    ("get", "/exhibitions/smart-china-expo-2022/"),
    ("get", "/pavilions/"),
    ("get", "/exhibitors/"),
    ("get", "/exhibitors/baidu/"),
    ("get", "/showcases/"),
    ("get", "/countries/by/"),
    ("get", "/sectors/"),
    ("get", "/search/?q=harvester"),
    ("post", "/admin/login/"),  # signing in needs the database; the form itself does not
    ("get", "/healthz"),
]
DATABASE_DOWN_KEYS = [f"{method} {url}" for method, url in DATABASE_DOWN_REQUESTS]


@pytest.fixture(scope="module")
def database_down_answers(tmp_path_factory):
    missing = tmp_path_factory.mktemp("outage") / "no-such-folder" / "db.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{missing}",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "expo.settings",
    }
    script = f"REQUESTS = {DATABASE_DOWN_REQUESTS!r}\n{DATABASE_DOWN_SCRIPT}"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("request_key", DATABASE_DOWN_KEYS)
def test_database_down_answers_503_with_retry_after(database_down_answers, request_key):
    answer = database_down_answers[request_key]
    assert answer["status"] == 503
    assert int(answer["retry_after"]) > 0
    assert answer["seconds"] < 5


@pytest.mark.parametrize("request_key", [k for k in DATABASE_DOWN_KEYS if k != "get /healthz"])
def test_database_down_page_branded(database_down_answers, request_key):
    answer = database_down_answers[request_key]
    assert answer["content_type"] == "text/html; charset=utf-8"
    assert "<h1>Temporarily unavailable</h1>" in answer["body"]
    assert "cannot reach its database" in answer["body"]


def test_database_down_health_check_reports_database(database_down_answers):
    assert json.loads(database_down_answers["get /healthz"]["body"]) == {
        "status": "unavailable",
        "database": "down",
        "cache": "local",
    }


def test_missing_table_is_a_server_error_not_an_outage(db):
    """A query that is wrong (here: a table that does not exist) is a bug: 500, not 503."""
    from django.db import connection
    from django.test import RequestFactory

    from core import errors

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
    except Exception as exc:  # the database's own error, wrapped by Django
        assert errors.database_unavailable(exc) is False
        # server_error looks at the exception being handled, as Django calls it inside its except.
        response = errors.server_error(RequestFactory().get("/"))
    else:
        pytest.fail("the query should have failed")
    assert response.status_code == 500
