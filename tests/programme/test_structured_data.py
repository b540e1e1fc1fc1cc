"""A session's schema.org ``Event``: dates only as far as they are published, its place, its
performers (the same ``Person`` nodes as elsewhere), its exhibition and organisers."""

import pytest

from tests import factories, json_ld
from tests.json_ld import get_page, one

pytestmark = pytest.mark.django_db


def event_on(client, url):
    page = get_page(client, url)
    for block in page.json_ld:
        assert json_ld.problems(block) == [], block.get("@type")
    return one(page, "Event")


def test_timed_session_event_has_local_times_with_offset(client, programme):
    speaker = factories.person(slug="li-wei", name="Li Wei")
    factories.session_person(programme["talk"], speaker, role="speaker")
    factories.session_person(programme["talk"], factories.person(), role="participant")
    event = event_on(client, "/sessions/drone-talk/")
    assert event["@id"] == "http://testserver/sessions/drone-talk/#event"
    assert event["startDate"] == "2022-08-22T09:30:00+08:00"
    assert event["endDate"] == "2022-08-22T11:00:00+08:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert [p["@id"] for p in event["performer"]] == ["http://testserver/people/li-wei/#person"]
    assert event["superEvent"]["@id"] == "http://testserver/exhibitions/expo-2022/#event"
    assert event["location"] == {
        "@type": "Place",
        "name": "Hall N1",
        "containedInPlace": {
            "@type": "Place",
            "name": "Expo Centre",
            "address": {"@type": "PostalAddress", "addressLocality": "Chongqing"},
        },
    }
    assert event["keywords"] == ["Drones"]
    assert "organizer" not in event


def test_session_with_only_a_day_has_the_date_alone(client, programme):
    event = event_on(client, "/sessions/robot-workshop/")
    assert event["startDate"] == "2022-08-22"
    assert event["endDate"] == "2022-08-22"
    assert event["location"]["name"] == "Expo Centre"


def test_shipped_undated_forum_has_no_start_date(client, shipped_data):
    event = event_on(client, "/sessions/sce-2022-forum/")
    assert "startDate" not in event
    assert "endDate" not in event
    # Its people were named among those present, not as speakers.
    assert "performer" not in event
    assert event["superEvent"]["@id"].endswith("/exhibitions/smart-china-expo-2022/#event")


def test_shipped_2021_forum_speaker_is_a_performer(client, shipped_data):
    event = event_on(client, "/sessions/china-sco-digital-economy-forum-2021/")
    assert [p["@id"] for p in event["performer"]] == [
        "http://testserver/people/nikolai-snopkov/#person"
    ]


def test_session_in_a_pavilion_is_located_in_it(client, shipped_data):
    event = event_on(client, "/sessions/belarusian-pavilion-tasting-2022/")
    assert event["location"]["name"] == "Belarusian pavilion"
    assert event["location"]["containedInPlace"]["@type"] == "Place"


def test_organizer_only_from_organiser_participations(client, programme):
    organiser = factories.exhibitor(slug="host-co", name="Host Co")
    factories.participation(programme["talk"], organiser, kind="organiser")
    factories.participation(programme["talk"], factories.exhibitor(), kind="session")
    event = event_on(client, "/sessions/drone-talk/")
    assert [o["@id"] for o in event["organizer"]] == [
        "http://testserver/exhibitors/host-co/#organization"
    ]
