"""JSON-LD of pavilions: an event inside its edition, and the pavilion list's ItemList."""

import pytest

from pavilions.structured_data import pavilion_data
from tests import factories
from tests.json_ld import get_page, one, positions

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


def test_pavilion_image_is_its_photo_then_its_share_card():
    pav = factories.pavilion(image="pavilions/hall.jpg")
    assert pavilion_data(pav)["image"] == [
        "/media/pavilions/hall.jpg",
        f"/share-cards/pavilion/{pav.slug}.png",
    ]


def test_pavilion_shares_the_attendance_mode_of_its_edition():
    at_venue = factories.pavilion(factories.exhibition(venue="Expo Center"))
    in_city = factories.pavilion(factories.exhibition(venue=""))
    assert pavilion_data(at_venue)["eventAttendanceMode"] == (
        "https://schema.org/OfflineEventAttendanceMode"
    )
    assert "eventAttendanceMode" not in pavilion_data(in_city)


def test_pavilion_organiser_in_free_text_is_no_organizer():
    pav = factories.pavilion(organiser="Consulate General, with partner companies")
    assert "organizer" not in pavilion_data(pav)


def test_pavilion_page_carries_quotations_of_its_people(client):
    pav = factories.pavilion()
    consul = factories.person(name="Consul", role="Consul General")
    pav.people.add(consul)
    factories.quote(consul, text="Every year.")
    page = get_page(client, pav.get_absolute_url())
    (quote,) = page.of_type("Quotation")
    assert quote["creator"]["jobTitle"] == "Consul General"
    assert quote["citation"]["@type"] == "CreativeWork"
    crumbs = one(page, "BreadcrumbList")
    assert [e["name"] for e in crumbs["itemListElement"]] == ["Home", "Pavilions", pav.name]


def test_pavilion_list_second_page_continues_the_positions(client):
    expo = factories.exhibition()
    for _ in range(26):  # the list shows 24 a page
        factories.pavilion(expo)
    second = one(get_page(client, "/pavilions/?page=2"), "ItemList")
    assert second["numberOfItems"] == 26
    assert positions(second) == [25, 26]
