"""gzip from Django itself (core/compression.py), for gunicorn without a proxy: public pages are
compressed for clients that ask, the page cache keeps one uncompressed copy, and nothing that
carries a secret (the admin) or streams (the downloads) is compressed."""

import gzip
import re
from pathlib import Path

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from core.compression import CompressionMiddleware
from tests import factories

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def world():
    return factories.directory(5)


def test_public_page_compressed_for_client_that_asks(client, world):
    plain = client.get("/exhibitors/")
    compressed = client.get("/exhibitors/", headers=GZIP)

    assert compressed["Content-Encoding"] == "gzip"
    assert int(compressed["Content-Length"]) == len(compressed.content)
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3
    assert compressed["Vary"] == "Accept-Encoding"


def test_public_page_plain_for_client_that_does_not_ask(client, world):
    response = client.get("/exhibitors/")

    assert "Content-Encoding" not in response
    assert response.content.startswith(b"<!DOCTYPE html>")
    assert response["Vary"] == "Accept-Encoding"  # a shared cache keeps the two apart


@pytest.mark.parametrize("first", [{}, GZIP], ids=["plain-first", "gzip-first"])
def test_page_cache_serves_each_client_its_own_encoding(client, world, first):
    stored = client.get("/", headers=first)
    plain = client.get("/")
    compressed = client.get("/", headers=GZIP)

    assert stored["X-Cache"] == "miss"
    assert (plain["X-Cache"], compressed["X-Cache"]) == ("hit", "hit")
    assert "Content-Encoding" not in plain
    assert plain.content.startswith(b"<!DOCTYPE html>")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert plain["ETag"] == compressed["ETag"] == stored["ETag"]
    assert compressed["Vary"] == plain["Vary"] == "Accept-Encoding"


def test_revalidation_of_a_compressed_page_answers_304(client, world):
    etag = client.get("/exhibitors/", headers=GZIP)["ETag"]

    response = client.get("/exhibitors/", headers={**GZIP, "If-None-Match": etag})

    assert response.status_code == 304
    assert "Content-Encoding" not in response


def test_compression_carries_django_breach_padding(client, world):
    # Since Django 4.2 each gzip header holds a random-length file name ("Heal the BREACH").
    client.get("/exhibitors/")  # cached, so every answer below compresses the same page
    lengths = {len(client.get("/exhibitors/", headers=GZIP).content) for _ in range(8)}

    assert len(lengths) > 1


@pytest.mark.parametrize("url", ["/sitemap.xml", "/datapackage.json"])
def test_other_text_compressed_too(client, world, url):
    response = client.get(url, headers=GZIP)

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


def test_downloads_not_compressed_by_django_and_keep_their_length(client, world):
    response = client.get("/exhibitors/data.csv", headers=GZIP)

    assert "Content-Encoding" not in response
    assert int(response["Content-Length"]) == len(b"".join(response.streaming_content))


def test_admin_never_compressed(client, world):
    response = client.get("/admin/login/", headers=GZIP)

    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"csrfmiddlewaretoken" in response.content  # the secret BREACH would be after


@pytest.mark.parametrize("name", sorted(factories.PAGE_URLS))
def test_public_pages_carry_no_csrf_token(client, world, name):
    # What makes compressing them safe from BREACH: nothing secret in the body.
    response = client.get(factories.PAGE_URLS[name](world))

    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" not in response.content
    assert "csrftoken" not in response.cookies


@pytest.mark.parametrize(
    "response, compressed",
    [
        (HttpResponse(b"<p>x</p>" * 100), True),
        (HttpResponse(b"x" * 1000, content_type="text/css"), True),
        (HttpResponse(b"x" * 1000, content_type="image/png"), False),
        (HttpResponse(b"x" * 1000, content_type="application/octet-stream"), False),
        (HttpResponse(b"x" * 100), False),  # too short to gain
        (StreamingHttpResponse([b"x" * 1000], content_type="text/csv"), False),
    ],
    ids=["html", "css", "png", "binary", "short", "streaming"],
)
def test_compression_only_for_text_it_can_shrink(response, compressed):
    request = RequestFactory().get("/anything/", headers=GZIP)

    answer = CompressionMiddleware(lambda r: response)(request)

    assert (answer.get("Content-Encoding") == "gzip") is compressed


def test_static_files_come_precompressed_from_whitenoise(client, world, settings):
    stylesheet = re.search(rb'<link rel="stylesheet" href="([^"]+)"', client.get("/").content)
    path = stylesheet.group(1).decode()
    if not (Path(settings.STATIC_ROOT) / path.removeprefix(settings.STATIC_URL)).exists():
        pytest.skip("static files not collected (make test runs collectstatic first)")

    plain = client.get(path)
    compressed = client.get(path, headers=GZIP)

    assert compressed["Content-Encoding"] == "gzip"
    assert compressed["Vary"] == "Accept-Encoding"
    assert gzip.decompress(b"".join(compressed.streaming_content)) == b"".join(
        plain.streaming_content
    )
    assert "immutable" in compressed["Cache-Control"]  # whitenoise's own answer, for a hashed name


def test_large_cached_page_is_compressed_once_and_the_same_body_served_again(client):
    factories.directory(40)
    plain = client.get("/exhibitors/")
    assert len(plain.content) > 32 * 1024
    first = client.get("/exhibitors/", headers=GZIP)
    second = client.get("/exhibitors/", headers=GZIP)
    assert second["X-Cache"] == "hit"
    # gzip from Django pads each answer with random bytes: the same bytes mean the kept body.
    assert second.content == first.content
    assert gzip.decompress(second.content) == plain.content
    assert int(second["Content-Length"]) == len(second.content)
    assert second["Vary"] == "Accept-Encoding"
    # Content changes: a new version, a new page, a new gzip body.
    factories.exhibitor(name="Aardvark Newcomer")
    fresh = client.get("/exhibitors/", headers=GZIP)
    assert fresh.content != first.content
    assert gzip.decompress(fresh.content) == client.get("/exhibitors/").content
    assert b"Aardvark Newcomer" in gzip.decompress(fresh.content)


def test_small_pages_are_compressed_afresh_each_time(client, world):
    pages = {client.get("/countries/", headers=GZIP).content for _ in range(4)}
    assert len(pages) > 1  # Django's random padding: nothing kept for a small page
