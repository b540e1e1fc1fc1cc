"""JSON-LD of the expo-wide records: an edition as an event, people and their quotations."""

import datetime

import pytest

from exhibitions.models import Exhibition
from exhibitions.structured_data import exhibition_data, person_data, quotation_data
from tests import factories
from tests.json_ld import get_page, one

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"


def test_exhibition_held_at_a_named_venue_is_attended_offline(client):
    expo = factories.exhibition(venue="Expo Center", city="Chongqing")
    data = one(get_page(client, expo.get_absolute_url()), "ExhibitionEvent")
    assert data["eventAttendanceMode"] == OFFLINE
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "name": "Expo Center",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Chongqing",
            "addressCountry": "CN",
        },
    }
    assert data["image"] == [f"{ORIGIN}/share-cards/exhibition/{expo.slug}.png"]


def test_exhibition_known_only_by_its_city_has_no_attendance_mode(client):
    """The 2021 edition was held online and on site; a record without a venue claims neither."""
    expo = factories.exhibition(venue="", city="Chongqing")
    data = one(get_page(client, expo.get_absolute_url()), "ExhibitionEvent")
    assert "eventAttendanceMode" not in data
    assert data["location"]["name"] == "Chongqing"


def test_exhibition_without_organiser_records_has_no_organizer():
    expo = factories.exhibition()
    assert "organizer" not in exhibition_data(expo)


def test_exhibition_address_leaves_out_a_country_not_fetched():
    expo = factories.exhibition(venue="Hall")
    plain = Exhibition.objects.get(pk=expo.pk)  # country not fetched with it
    address = exhibition_data(plain)["location"]["address"]
    assert address == {"@type": "PostalAddress", "addressLocality": "Chongqing"}
    fetched = Exhibition.objects.select_related("country").get(pk=expo.pk)
    assert exhibition_data(fetched)["location"]["address"]["addressCountry"] == "CN"


def test_person_has_role_as_job_title_and_other_spellings():
    person = factories.person(
        slug="dmitry",
        name="Dmitry Yemelyanov",
        other_names="Dzmitry Yemelyanau; D. Y.",
        role="Consul",
    )
    assert person_data(person, works_for={"@id": "x#organization"}) == {
        "@type": "Person",
        "@id": "/people/dmitry/#person",
        "name": "Dmitry Yemelyanov",
        "url": "/people/dmitry/",
        "alternateName": ["Dzmitry Yemelyanau", "D. Y."],
        "jobTitle": "Consul",
        "worksFor": {"@id": "x#organization"},
    }


def test_person_without_role_has_no_empty_job_title():
    assert "jobTitle" not in person_data(factories.person(role=""))


def test_quotation_names_who_said_it_when_and_where_it_was_reported():
    source = factories.source(title="Article", url="https://news.example/a", publisher="Paper")
    person = factories.person(name="Speaker", role="President")
    quote = factories.quote(person, source, text="Words.", said_on=datetime.date(2022, 6, 13))
    data = quotation_data(type(quote).objects.select_related("source").get(pk=quote.pk), person)
    assert data["@type"] == "Quotation"
    assert data["text"] == "Words."
    assert data["dateCreated"] == "2022-06-13"
    assert data["creator"]["name"] == "Speaker"
    assert data["citation"] == {
        "@type": "CreativeWork",
        "name": "Article",
        "url": "https://news.example/a",
        "publisher": {"@type": "Organization", "name": "Paper"},
    }


def test_quotation_leaves_out_a_source_not_fetched(django_assert_num_queries):
    person = factories.person()
    quote = type(factories.quote(person)).objects.get(person=person)
    with django_assert_num_queries(0):
        data = quotation_data(quote, person)
    assert "citation" not in data


def test_shipped_exhibition_page_carries_its_quotations(client, shipped_data):
    page = get_page(client, "/exhibitions/smart-china-expo-2022/")
    quotes = page.of_type("Quotation")
    assert sorted(q["creator"]["name"] for q in quotes) == [
        "Dmitry Yemelyanov",
        "Dmitry Yemelyanov",
        "Dmitry Yemelyanov",
        "Yuri Sivakov",
        "Yuri Sivakov",
        "Yuri Sivakov",
    ]
    yemelyanov = next(q["creator"] for q in quotes if q["creator"]["name"] == "Dmitry Yemelyanov")
    assert yemelyanov["jobTitle"] == "Consul General of Belarus in Chongqing"
    assert yemelyanov["alternateName"] == ["Dzmitry Yemelyanau"]
    assert {q["citation"]["url"] for q in quotes} == {
        "https://www.sb.by/en/in-the-global-technological-stream.html"
    }


def test_shipped_2021_edition_claims_no_attendance_mode(client, shipped_data):
    data = one(get_page(client, "/exhibitions/smart-china-expo-2021/"), "ExhibitionEvent")
    assert "eventAttendanceMode" not in data
    assert "organizer" not in data
