"""Every JSON-LD block of every page type parses, has its ``@context``, uses only schema.org types and
properties from the allow-list in :mod:`tests.json_ld`, and has no empty values."""

import pytest

from tests import factories
from tests.json_ld import VOCABULARY, get_page, nodes, problems

pytestmark = pytest.mark.django_db

SHIPPED_PAGES = [
    "/",
    "/exhibitions/smart-china-expo-2018/",
    "/exhibitions/smart-china-expo-2021/",
    "/exhibitions/smart-china-expo-2022/",
    "/pavilions/",
    "/pavilions/belarus-pavilion-sce-2022/",
    "/exhibitors/",
    "/exhibitors/?country=by",
    "/exhibitors/gomselmash/",
    "/exhibitors/zongshen-gomselmash/",
    "/exhibitors/consulate-general-of-belarus-in-chongqing/",
    "/exhibitors/great-stone-industrial-park/",
    "/showcases/",
    "/showcases/zongshen-gomselmash-products/",
    "/showcases/sanjiang-volat-precision-parts/",
    "/showcases/intelligent-desert-farming/",
    "/countries/",
    "/countries/by/",
    "/countries/cn/",
    "/sectors/",
    "/sectors/agricultural-machinery/",
    "/search/?q=gomselmash",
    "/search/?q=Chongqing",
]


def types_on(pages):
    return {
        node["@type"]
        for page in pages
        for block in page.json_ld
        for node in nodes(block)
        if "@type" in node
    }


def test_shipped_pages_json_ld_is_valid(client, shipped_data):
    pages = [get_page(client, url) for url in SHIPPED_PAGES]
    for url, page in zip(SHIPPED_PAGES, pages, strict=True):
        assert page.json_ld, url
        for block in page.json_ld:
            assert problems(block) == [], (url, block.get("@type"))
    # The allow-list is what the site emits: a type no page uses any more is dropped from it.
    emitted = types_on(pages)
    abstract = {
        "Thing",
        "Intangible",
        "Action",
        "Event",
        "AdministrativeArea",
        "StructuredValue",
        "ContactPoint",
    }
    by_factories_only = {"ResearchOrganization", "Service", "FoodEvent"}
    assert set(VOCABULARY) - abstract - by_factories_only == emitted


@pytest.mark.parametrize("page", factories.PAGE_URLS)
def test_every_page_type_json_ld_is_valid(client, page):
    world = factories.directory(3)
    url = factories.PAGE_URLS[page](world)
    parsed = get_page(client, url)
    for block in parsed.json_ld:
        assert problems(block) == [], (url, block.get("@type"))
    crumbs = [b for b in parsed.json_ld if b["@type"] == "BreadcrumbList"]
    assert len(crumbs) == (0 if page == "home" else 1), url


def test_problems_catches_unknown_types_properties_and_empty_values():
    assert problems({"@type": "Thing"}) == ["no @context https://schema.org"]
    block = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "",
        "ceo": "x",
        "employee": [{"@type": "Robot"}],
    }
    assert problems(block) == [
        "Organization.name is empty",
        "Organization.ceo not in the allow-list",
        "type not in the allow-list: Robot",
    ]
