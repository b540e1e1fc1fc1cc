"""Three languages by path: English unprefixed, /zh-hans/ and /ru/; the switcher, hreflang and
og:locale on every page type; Accept-Language only on a first visit to /; one cache entry each."""

import re
from html import unescape

import pytest
from django.test import Client

from core.languages import path_in, preferred_language, unprefixed
from tests.browser.pages import PAGE_TYPES

ORIGIN = "http://testserver"
PREFIXES = {"en": "", "zh-hans": "/zh-hans", "ru": "/ru"}
TAGS = {"en": "en", "zh-hans": "zh-Hans", "ru": "ru"}


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher(html):
    nav = re.search(r'<nav class="lang-switch lang-switch--wide"[^>]*>(.*?)</nav>', html, re.S)
    links = re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav.group(1))
    return [(unescape(href), tag) for href, tag in links]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "/"),
        ("/ru/", "/"),
        ("/ru", "/"),
        ("/zh-hans/exhibitors/", "/exhibitors/"),
        ("/exhibitors/", "/exhibitors/"),
        ("/russia/", "/russia/"),
        ("/en/exhibitors/", "/en/exhibitors/"),
    ],
)
def test_unprefixed_strips_only_a_language_prefix(path, expected):
    assert unprefixed(path) == expected


def test_path_in_moves_a_path_between_languages():
    assert path_in("ru", "/zh-hans/exhibitors/baidu/") == "/ru/exhibitors/baidu/"
    assert path_in("en", "/ru/exhibitors/") == "/exhibitors/"
    assert path_in("zh-hans", "/") == "/zh-hans/"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ("zh-CN,zh;q=0.9", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("en-GB,ru;q=0.5", "en"),
        ("de-DE,fr;q=0.8", None),
        ("", None),
        ("\x00;;q=x", None),
    ],
)
def test_preferred_language_reads_accept_language(header, expected):
    assert preferred_language(header) == expected


def test_every_page_type_answers_in_three_languages_with_switcher_and_reciprocal_hreflang(
    client, shipped_data
):
    for path in PAGE_TYPES:
        pages = {}
        for code, prefix in PREFIXES.items():
            response = client.get(prefix + path)
            assert response.status_code == 200, prefix + path
            html = response.content.decode()
            assert f'<html lang="{TAGS[code]}">' in html, prefix + path
            assert "Vary" not in response or "Accept-Language" not in response["Vary"]
            pages[code] = html
        links = {code: alternates(html) for code, html in pages.items()}
        # Every language names the same set of alternates: each page points at the others.
        assert links["en"] == links["zh-hans"] == links["ru"], path
        assert set(links["en"]) == {"en", "zh-Hans", "ru", "x-default"}
        assert links["en"]["x-default"] == links["en"]["en"]
        canonical = links["en"]["en"].removeprefix(ORIGIN)
        assert links["en"]["ru"] == ORIGIN + "/ru" + canonical
        assert links["en"]["zh-Hans"] == ORIGIN + "/zh-hans" + canonical
        for code, html in pages.items():
            assert switcher(html) == [
                (PREFIXES["en"] + path, "en"),
                (PREFIXES["zh-hans"] + path, "zh-Hans"),
                (PREFIXES["ru"] + path, "ru"),
            ], (code, path)


def test_og_locale_names_the_page_language_and_the_others(client, shipped_data):
    html = client.get("/ru/exhibitors/").content.decode()
    assert '<meta property="og:locale" content="ru_RU">' in html
    assert re.findall(r'og:locale:alternate" content="([^"]+)"', html) == ["en_GB", "zh_CN"]


def test_switcher_keeps_the_query_string(client, shipped_data):
    html = client.get("/exhibitors/?country=cn&sector=robotics").content.decode()
    assert ("/ru/exhibitors/?country=cn&sector=robotics", "ru") in switcher(html)


def test_accept_language_chooses_only_on_a_first_visit_to_home(client, shipped_data):
    first = client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")
    assert first.status_code == 302
    assert first["Location"] == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN")["Location"] == "/zh-hans/"
    # Chosen in the switcher (a link from this site): English stays.
    back = client.get("/", HTTP_ACCEPT_LANGUAGE="ru", HTTP_REFERER=ORIGIN + "/ru/")
    assert back.status_code == 200
    assert '<html lang="en">' in back.content.decode()
    # Deep links are never redirected; English-preferring browsers stay.
    assert client.get("/exhibitors/", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,ru;q=0.5").status_code == 200
    assert client.get("/?q=x", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200


def test_page_cache_keeps_one_entry_per_language(shipped_data):
    client = Client()
    english = client.get("/exhibitors/")
    russian = client.get("/ru/exhibitors/")
    assert english["X-Cache"] == russian["X-Cache"] == "miss"
    again = client.get("/ru/exhibitors/", HTTP_ACCEPT_LANGUAGE="en")
    assert again["X-Cache"] == "hit"
    assert again.content == russian.content != english.content
    assert client.get("/exhibitors/", HTTP_ACCEPT_LANGUAGE="ru").content == english.content


def test_my_visit_saves_from_a_prefixed_page(client, shipped_data):
    response = client.post("/ru/my-visit/save/", {"kind": "exhibitor", "slug": "baidu"})
    assert response.status_code == 303
    assert response["Location"].startswith("/ru/my-visit/")
    assert client.get("/my-visit/state.json").json()["items"] == ["exhibitor:baidu"]
    assert client.post("/ru/exhibitors/").status_code == 405


def test_a_refused_method_is_answered_in_the_page_language(client, shipped_data):
    response = client.put("/ru/exhibitors/")
    assert response.status_code == 405
    html = response.content.decode()
    assert '<html lang="ru">' in html
    english = client.put("/exhibitors/").content.decode()
    assert '<html lang="en">' in english
    assert english.split("<main", 1)[1] != html.split("<main", 1)[1]
