"""Page-level JSON-LD of the pages that span apps: home, countries, sectors, search."""

import pytest

from tests import factories
from tests.json_ld import get_page, one, positions, urls

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


def test_home_lists_countries_sectors_and_pavilions(client, shipped_data):
    page = get_page(client, "/")
    lists = {block["name"]: block for block in page.of_type("ItemList")}
    assert sorted(lists) == ["Countries", "On show", "Pavilions", "Sectors"]
    assert urls(lists["Countries"]) == ["/countries/by/", "/countries/cn/"]
    assert lists["Countries"]["numberOfItems"] == 2
    assert urls(lists["Pavilions"]) == ["/pavilions/belarus-pavilion-sce-2022/"]
    assert page.of_type("BreadcrumbList") == []  # the home page shows no breadcrumbs


def test_country_list_is_an_item_list_of_its_countries(client):
    factories.exhibitor(countries=("BY",))
    factories.exhibitor(countries=("CN",))
    data = one(get_page(client, "/countries/"), "ItemList")
    assert (data["numberOfItems"], positions(data)) == (2, [1, 2])
    assert [e["name"] for e in data["itemListElement"]] == ["Belarus", "China"]


def test_sector_list_lists_each_sector_before_its_sub_sectors(client):
    robots = factories.sector(slug="robots", name="Robots")
    factories.sector(slug="arms", name="Arms", parent=robots)
    factories.sector(slug="food", name="Food")
    data = one(get_page(client, "/sectors/"), "ItemList")
    assert urls(data) == ["/sectors/food/", "/sectors/robots/", "/sectors/arms/"]
    assert data["numberOfItems"] == 3


def test_sub_sector_breadcrumbs_pass_through_its_parent(client):
    robots = factories.sector(slug="robots", name="Robots")
    arms = factories.sector(slug="arms", name="Arms", parent=robots)
    crumbs = one(get_page(client, arms.get_absolute_url()), "BreadcrumbList")
    assert [(e["position"], e["name"]) for e in crumbs["itemListElement"]] == [
        (1, "Home"),
        (2, "Sectors"),
        (3, "Robots"),
        (4, "Arms"),
    ]
    assert get_page(client, arms.get_absolute_url()).of_type("ItemList") == []


def test_search_gives_one_item_list_per_group_with_people_pages(client, shipped_data):
    page = get_page(client, "/search/?q=gomselmash")
    lists = {block["name"]: block for block in page.of_type("ItemList")}
    assert urls(lists["Exhibitors"])[0] == "/exhibitors/gomselmash/"
    (person,) = lists["People"]["itemListElement"]
    assert person["url"] == "http://testserver/people/yuri-sivakov/"
    assert person["name"] == "Yuri Sivakov"


def test_search_without_query_has_breadcrumbs_and_no_list(client):
    page = get_page(client, "/search/")
    assert page.of_type("ItemList") == []
    assert one(page, "BreadcrumbList")["itemListElement"][-1]["name"] == "Search"


def test_country_page_carries_quotations_of_its_people(client):
    speaker = factories.person(country=factories.country("BY"), name="Speaker")
    factories.quote(speaker, text="Said.")
    (quote,) = get_page(client, "/countries/by/").of_type("Quotation")
    assert quote["creator"]["name"] == "Speaker"
