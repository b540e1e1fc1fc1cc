"""The calendar files: RFC 5545 as icalendar reads it back, times in the exhibition's zone, all-day
entries where only the day is known, stable UIDs, the list's filters, and bad input."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import resolve
from icalendar import Calendar

from expo.cache import known_parameters
from tests import factories

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def calendar_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(cal):
    return {str(event["UID"]).split("@")[0]: event for event in cal.walk("VEVENT")}


def test_session_calendar_has_the_local_time_with_its_time_zone(client, programme):
    response = client.get("/sessions/drone-talk.ics")
    assert response["Content-Disposition"] == 'attachment; filename="drone-talk.ics"'
    cal = Calendar.from_ical(response.content)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == "-//Expo Directory//Programme//EN"
    (event,) = cal.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.astimezone(UTC) == datetime.datetime(2022, 8, 22, 1, 30, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime.datetime(2022, 8, 22, 3, 0, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert str(event["SUMMARY"]) == "Drones over Chongqing"
    assert str(event["LOCATION"]) == "Hall N1, Expo Centre, Chongqing"
    assert str(event["URL"]) == "http://testserver/sessions/drone-talk/"
    assert str(event["DESCRIPTION"]).endswith("http://testserver/sessions/drone-talk/")
    assert event.decoded("DTSTAMP").tzinfo is not None


def test_session_with_a_day_but_no_time_is_an_all_day_entry(client, programme):
    (event,) = calendar_of(client, "/sessions/robot-workshop.ics").walk("VEVENT")
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTSTART") == datetime.date(2022, 8, 22)
    assert event.decoded("DTEND") == datetime.date(2022, 8, 23)
    assert "Time not published." in str(event["DESCRIPTION"])


def test_session_without_a_day_spans_the_exhibition_and_says_so(client, programme):
    (event,) = calendar_of(client, "/sessions/big-forum.ics").walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.date(2022, 8, 22)
    assert event.decoded("DTEND") == datetime.date(2022, 8, 25)
    assert "Day not published" in str(event["DESCRIPTION"])


def test_session_without_a_day_is_left_out_when_the_exhibition_dates_are_unknown(client):
    expo = factories.exhibition(slug="undated", starts_on=None, ends_on=None)
    factories.session(expo, slug="someday")
    factories.session(expo, slug="dated", date=datetime.date(2022, 9, 1))
    assert list(events(calendar_of(client, "/exhibitions/undated/programme.ics"))) == [
        "session-dated"
    ]


def test_calendar_uids_and_stamps_do_not_change_between_requests(client, programme):
    first = calendar_of(client, "/programme.ics")
    cache.clear()  # render it again rather than serve the kept copy
    second = calendar_of(client, "/programme.ics")
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in second.walk("VEVENT")
    ]
    assert [e.decoded("DTSTAMP") for e in first.walk("VEVENT")] == [
        e.decoded("DTSTAMP") for e in second.walk("VEVENT")
    ]
    assert str(first["UID"]) == str(second["UID"])
    assert "session-drone-talk@testserver" in [str(e["UID"]) for e in first.walk("VEVENT")]


def test_calendar_uid_host_comes_from_site_url(client, programme, settings):
    settings.SITE_URL = "https://expo.example.org"
    (event,) = calendar_of(client, "/sessions/drone-talk.ics").walk("VEVENT")
    assert str(event["UID"]) == "session-drone-talk@expo.example.org"
    assert str(event["URL"]) == "https://expo.example.org/sessions/drone-talk/"


def test_programme_calendar_lists_published_sessions_with_the_page_filters(client, programme):
    everything = events(calendar_of(client, "/exhibitions/expo-2022/programme.ics"))
    assert sorted(everything) == [
        "session-big-forum",
        "session-drone-talk",
        "session-food-launch",
        "session-robot-workshop",
    ]
    talks = events(calendar_of(client, "/programme.ics?kind=talk"))
    assert list(talks) == ["session-drone-talk"]
    robotics = events(calendar_of(client, "/programme.ics?sector=robotics&day=2022-08-22"))
    assert sorted(robotics) == ["session-drone-talk", "session-robot-workshop"]


def test_programme_calendar_names_its_file(client, programme):
    response = client.get("/exhibitions/expo-2022/programme.ics")
    assert response["Content-Disposition"] == 'attachment; filename="expo-2022-programme.ics"'


@pytest.mark.parametrize(
    "query", ["kind=spaceship", "day=tomorrow", "day=2022-13-01", "sector=%00", "kind=%00"]
)
def test_programme_calendar_bad_filter_value_is_a_bad_request(client, programme, query):
    for url in ("/programme.ics", "/exhibitions/expo-2022/programme.ics"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert response.content.decode().startswith("Invalid query parameter ")


def test_calendar_of_unknown_or_unpublished_record_is_not_found(client, programme):
    assert client.get("/exhibitions/no-such-expo/programme.ics").status_code == 404
    assert client.get("/sessions/no-such-session.ics").status_code == 404
    assert client.get("/sessions/hidden.ics").status_code == 404


def test_page_cache_keeps_the_calendar_filters(programme):
    for path in ("/programme.ics", "/exhibitions/expo-2022/programme.ics", "/programme/"):
        assert known_parameters(resolve(path).func) >= {"kind", "sector", "day"}, path
    assert known_parameters(resolve("/sessions/drone-talk.ics").func) == set()


def test_shipped_programme_calendar_parses(client, shipped_data):
    found = events(calendar_of(client, "/programme.ics"))
    assert sorted(found) == [
        "session-baidu-robotaxi-launch-2022",
        "session-belarusian-pavilion-tasting-2022",
        "session-sce-2022-forum",
    ]
    forum = found["session-sce-2022-forum"]
    assert forum.decoded("DTSTART") == datetime.date(2022, 8, 22)
    assert forum.decoded("DTEND") == datetime.date(2022, 8, 25)
