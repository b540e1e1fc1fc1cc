"""An exhibitor's profile shows its first showcases and links to the list of all of them."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitors.views import PROFILE_SHOWCASES
from tests import factories

pytestmark = pytest.mark.django_db


def get(client, exhibitor):
    """The profile as the view renders it, not from the page cache."""
    cache.clear()
    return client.get(exhibitor.get_absolute_url())


def maker_with(n, **fields):
    expo = factories.exhibition()
    maker = factories.exhibitor(**fields)
    # Created in reverse order: the profile sorts them by name, not by creation.
    for i in reversed(range(n)):
        factories.showcase(expo, maker, name=f"Showcase {i:02d}")
    return maker


def cards(body):
    return re.findall(r'<h3 class="card__title"><a href="[^"]*">([^<]*)</a>', body)


def test_profile_with_more_showcases_shows_the_first_and_links_to_all(client):
    maker = maker_with(PROFILE_SHOWCASES + 3, slug="gomselmash", name="Gomselmash")
    response = get(client, maker)
    body = response.content.decode()
    assert cards(body) == [f"Showcase {i:02d}" for i in range(PROFILE_SHOWCASES)]
    assert response.context["showcase_count"] == 15
    assert '<h2 id="showcases-heading">Showcases <span class="count">15</span></h2>' in body
    assert '<a href="/showcases/?exhibitor=gomselmash">All 15 showcases by Gomselmash</a>' in body


def test_profile_link_lists_every_showcase_of_the_exhibitor(client):
    maker = maker_with(PROFILE_SHOWCASES + 3)
    factories.showcase(factories.exhibition(), factories.exhibitor(), name="Someone else's")
    cache.clear()
    listed = client.get(get(client, maker).context["all_showcases_url"])
    assert listed.context["paginator"].count == 15


def test_profile_with_few_showcases_shows_them_all_without_a_link(client):
    maker = maker_with(3)
    response = get(client, maker)
    body = response.content.decode()
    assert cards(body) == ["Showcase 00", "Showcase 01", "Showcase 02"]
    assert response.context["all_showcases_url"] is None
    assert "/showcases/?exhibitor=" not in body
    assert '<span class="count">3</span>' in body


def test_profile_counts_only_published_showcases(client):
    maker = maker_with(PROFILE_SHOWCASES)
    factories.showcase(factories.exhibition(), maker, name="Hidden", published=False)
    response = get(client, maker)
    assert response.context["showcase_count"] == PROFILE_SHOWCASES
    assert "Hidden" not in cards(response.content.decode())
    assert response.context["all_showcases_url"] is None


def test_profile_without_showcases_has_no_showcase_section(client):
    body = get(client, factories.exhibitor()).content.decode()
    assert 'id="showcases-heading"' not in body


def test_profile_queries_do_not_grow_with_showcases(client):
    def count(maker):
        get(client, maker)  # the kept values are worked out
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(maker.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    assert count(maker_with(2)) == count(maker_with(PROFILE_SHOWCASES * 4))
