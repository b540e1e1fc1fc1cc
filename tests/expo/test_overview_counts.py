"""Home, countries and sectors say what their counts count, and advertise no empty theme."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def visible(response):
    """The page without its JSON-LD, which states the quote for machines."""
    return re.sub(r"<script.*?</script>", "", response.content.decode(), flags=re.S)


@pytest.fixture
def world():
    expo = factories.exhibition()
    farming = factories.sector("farming", "Farming")
    harvesters = factories.sector("harvesters", "Harvesters", parent=farming)
    factories.sector("empty-theme", "Empty theme")
    maker = factories.exhibitor(name="Gomselmash", countries=("BY",), sectors=(harvesters,))
    factories.exhibitor(name="Farm Co", countries=("BY",), sectors=(farming,))
    factories.showcase(expo, maker, sectors=(harvesters,), name="Harvester")
    factories.showcase(expo, maker, sectors=(harvesters,), name="Combine")
    factories.exhibitor(name="Hidden", countries=("FR",), sectors=(farming,), published=False)
    return expo


def test_home_counts_exhibitors_and_showcases_with_sub_sectors(client, world):
    text = client.get("/").content.decode()
    # Farming counts its sub-sector's maker and showcases, each once.
    assert (
        '<a href="/sectors/farming/">Farming</a> <span class="count">2 exhibitors · 2 showcases'
        in text
    )
    assert '<span class="count">2 exhibitors · 2 showcases</span>' in text  # Belarus
    assert "Empty theme" not in text
    assert "/countries/fr/" not in text  # only an unpublished exhibitor


def test_home_features_premieres_first(client, world):
    factories.showcase(world, name="Zeta premiere", premiere=True)
    names = [s.name for s in client.get("/").context["showcases"]]
    assert names[0] == "Zeta premiere"


def test_sector_list_counts_children_alone_and_families_whole(client, world):
    response = client.get("/sectors/")
    sectors = {s.slug: s for s in response.context["object_list"]}
    assert (sectors["farming"].exhibitor_count, sectors["farming"].showcase_count) == (2, 2)
    (child,) = sectors["farming"].counted_children
    assert (child.exhibitor_count, child.showcase_count) == (1, 2)
    assert "none yet" in response.content.decode()  # the empty theme says so


def test_quote_is_shown_whole_once_and_linked_elsewhere(client):
    expo = factories.exhibition(slug="sce")
    person = factories.person(name="Yuri Sivakov")
    maker = factories.exhibitor(name="Gomselmash")
    maker.people.add(person)
    factories.quote(person, exhibition=expo, text="Chinese partners saw a niche.")
    profile = visible(client.get(maker.get_absolute_url()))
    assert "Chinese partners saw a niche." not in profile
    assert f'href="{expo.get_absolute_url()}#quote-' in profile
    page = visible(client.get(expo.get_absolute_url()))
    assert page.count("Chinese partners saw a niche.") == 1
