"""JSON-LD of exhibitors and showcases, and the ItemLists of their directories."""

import pytest
from django.conf import settings

from exhibitors.models import Exhibitor, Showcase
from exhibitors.structured_data import exhibitor_data, showcase_data
from tests import factories
from tests.json_ld import get_page, one, positions, urls

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
PAGE_SIZE = settings.DIRECTORY_PAGE_SIZE


def test_exhibitor_url_is_its_website_and_its_page_is_main_entity_of_page(client):
    company = factories.exhibitor(website="https://example.org/", logo="logos/co.png")
    data = one(get_page(client, company.get_absolute_url()), "Organization")
    page = ORIGIN + company.get_absolute_url()
    assert data["@id"] == page + "#organization"
    assert data["url"] == "https://example.org/"
    assert data["mainEntityOfPage"] == page
    assert data["logo"] == ORIGIN + "/media/logos/co.png"
    assert "sameAs" not in data


def test_public_body_is_a_government_organization_and_research_body_a_research_one():
    assert exhibitor_data(factories.exhibitor(kind="public_body"))["@type"] == (
        "GovernmentOrganization"
    )
    assert exhibitor_data(factories.exhibitor(kind="research_body"))["@type"] == (
        "ResearchOrganization"
    )
    assert exhibitor_data(factories.exhibitor(kind="industrial_park"))["@type"] == "Organization"


def test_person_whose_role_names_the_exhibitor_is_its_employee(client):
    maker = factories.exhibitor(name="Gomselmash", kind="company")
    venture = factories.exhibitor(name="Zongshen-Gomselmash", kind="joint_venture")
    spokesman = factories.person(name="Yuri Sivakov", role="Deputy director, Gomselmash")
    maker.people.add(spokesman)
    venture.people.add(spokesman)
    data = one(get_page(client, maker.get_absolute_url()), "Organization")
    assert data["employee"] == [
        {
            "@type": "Person",
            "@id": f"{ORIGIN}/people/{spokesman.slug}/#person",
            "name": "Yuri Sivakov",
            "url": f"{ORIGIN}/people/{spokesman.slug}/",
            "jobTitle": "Deputy director, Gomselmash",
            "worksFor": {"@id": data["@id"]},
        }
    ]
    # He speaks for the joint venture but works for one of its parents: no employee there.
    assert "employee" not in one(get_page(client, venture.get_absolute_url()), "Organization")


def test_role_naming_a_longer_name_is_not_employment():
    parent = factories.exhibitor(name="Gomselmash")
    parent.people.add(factories.person(role="Manager, Zongshen-Gomselmash"))
    assert "employee" not in exhibitor_data(parent)


def test_exhibitor_page_carries_quotations_of_its_people(client):
    company = factories.exhibitor()
    speaker = factories.person(name="Speaker")
    company.people.add(speaker)
    factories.quote(speaker, text="We came to stay.")
    (quote,) = get_page(client, company.get_absolute_url()).of_type("Quotation")
    assert (quote["text"], quote["creator"]["name"]) == ("We came to stay.", "Speaker")
    assert quote["citation"]["name"].startswith("Source")


def test_product_names_its_manufacturer_and_no_release_date():
    maker = factories.exhibitor(name="Maker", website="https://maker.example/")
    item = factories.showcase(factories.exhibition(), maker, kind="product", premiere=True)
    data = showcase_data(item)
    assert data["@type"] == "Product"
    assert data["manufacturer"] == {
        "@type": "Organization",
        "@id": maker.get_absolute_url() + "#organization",
        "name": "Maker",
        "url": "https://maker.example/",
    }
    assert "releaseDate" not in data


@pytest.mark.parametrize("kind", ["technology", "application", "innovation"])
def test_technology_application_and_innovation_are_creative_works(kind):
    item = factories.showcase(factories.exhibition(), factories.exhibitor(name="Maker"), kind=kind)
    data = showcase_data(item)
    assert data["@type"] == "CreativeWork"
    assert data["genre"] == dict(Showcase.Kind.choices)[kind]
    assert data["creator"]["name"] == "Maker"
    assert "manufacturer" not in data


def test_service_kind_is_a_service_from_its_provider():
    item = factories.showcase(factories.exhibition(), factories.exhibitor(name="Maker"))
    item.kind = "service"  # once Showcase.Kind offers it
    data = showcase_data(item)
    assert data["@type"] == "Service"
    assert data["provider"]["name"] == "Maker"
    assert "keywords" not in data and "manufacturer" not in data


def test_tasting_kind_is_a_food_event_at_the_exhibition_not_a_product():
    expo = factories.exhibition(venue="Expo Center")
    item = factories.showcase(expo, sectors=[factories.sector(name="Food")])
    item.kind = "tasting"  # once Showcase.Kind offers it
    data = showcase_data(item)
    assert data["@type"] == "FoodEvent"
    assert data["superEvent"]["@id"] == expo.get_absolute_url() + "#event"
    assert (data["startDate"], data["endDate"]) == ("2022-08-22", "2022-08-24")
    assert data["location"]["name"] == "Expo Center"
    assert data["keywords"] == ["Food"]
    assert "manufacturer" not in data


def test_every_showcase_kind_has_a_schema_org_type():
    for kind, _ in Showcase.Kind.choices:
        item = factories.showcase(factories.exhibition(), kind=kind)
        assert showcase_data(item)["@type"] in {"Product", "CreativeWork", "Service", "FoodEvent"}


def test_exhibitor_list_item_list_gives_absolute_positions_and_total(client):
    for _ in range(PAGE_SIZE + 3):
        factories.exhibitor()
    names = list(Exhibitor.objects.order_by("name", "pk").values_list("slug", flat=True))
    first = one(get_page(client, "/exhibitors/"), "ItemList")
    assert first["numberOfItems"] == PAGE_SIZE + 3
    assert positions(first) == list(range(1, PAGE_SIZE + 1))
    second = one(get_page(client, "/exhibitors/?page=2"), "ItemList")
    assert second["numberOfItems"] == PAGE_SIZE + 3
    assert positions(second) == [PAGE_SIZE + 1, PAGE_SIZE + 2, PAGE_SIZE + 3]
    assert urls(second) == [f"/exhibitors/{slug}/" for slug in names[PAGE_SIZE:]]
    assert {e["name"] for e in second["itemListElement"]} == set(
        Exhibitor.objects.filter(slug__in=names[PAGE_SIZE:]).values_list("name", flat=True)
    )


def test_filtered_showcase_list_counts_only_its_rows(client):
    expo = factories.exhibition()
    factories.showcase(expo, factories.exhibitor(countries=("BY",)), name="Belarusian")
    factories.showcase(expo, factories.exhibitor(countries=("CN",)), name="Chinese")
    data = one(get_page(client, "/showcases/?country=by"), "ItemList")
    assert data["numberOfItems"] == 1
    assert [e["name"] for e in data["itemListElement"]] == ["Belarusian"]


def test_empty_list_has_no_item_list(client):
    factories.exhibitor()
    assert get_page(client, "/exhibitors/?country=zz").of_type("ItemList") == []


def test_directory_breadcrumbs_end_at_the_page(client):
    company = factories.exhibitor(name="Co")
    crumbs = one(get_page(client, company.get_absolute_url()), "BreadcrumbList")
    assert [(e["name"], e["item"]) for e in crumbs["itemListElement"]] == [
        ("Home", ORIGIN + "/"),
        ("Exhibitors", ORIGIN + "/exhibitors/"),
        ("Co", ORIGIN + company.get_absolute_url()),
    ]
