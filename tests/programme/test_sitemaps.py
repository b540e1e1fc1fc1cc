"""sitemap.xml lists the programmes, the published sessions and the people named in the directory."""

import pytest

from tests import factories
from tests.sitemaps import sitemap_entries

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


def locations(client):
    """The English pages of the sitemaps (each is listed in Chinese and Russian too)."""
    found = sitemap_entries(client)
    return [url for url in found if "/zh-hans/" not in url and "/ru/" not in url]


def test_sitemap_lists_programmes_published_sessions_and_named_people(client, programme):
    factories.exhibition(slug="quiet-expo")
    named = factories.person(slug="named")
    factories.session_person(programme["talk"], named)
    quoted = factories.person(slug="quoted")
    factories.quote(quoted)
    factories.person(slug="nowhere")
    found = locations(client)
    assert len(found) == len(set(found))
    sessions = [url for url in found if "/sessions/" in url]
    assert sessions == [
        ORIGIN + "/sessions/big-forum/",
        ORIGIN + "/sessions/drone-talk/",
        ORIGIN + "/sessions/food-launch/",
        ORIGIN + "/sessions/robot-workshop/",
    ]
    assert [url for url in found if "programme" in url] == [
        ORIGIN + "/programme/",
        ORIGIN + "/exhibitions/expo-2022/programme/",
    ]
    assert [url for url in found if "/people/" in url] == [
        ORIGIN + "/people/",
        ORIGIN + "/people/named/",
        ORIGIN + "/people/quoted/",
    ]


def test_sitemap_lists_the_shipped_programme(client, shipped_data):
    found = locations(client)
    assert ORIGIN + "/sessions/sce-2022-forum/" in found
    assert ORIGIN + "/exhibitions/smart-china-expo-2021/programme/" in found
    assert ORIGIN + "/people/nikolai-snopkov/" in found
