import datetime
import zoneinfo

import pytest

from tests import factories

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def local(hour, minute=0, day=22):
    """An aware time in Chongqing on a day of the generated exhibition (22–24 August 2022)."""
    return datetime.datetime(2022, 8, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def programme(db):
    """An exhibition in Asia/Shanghai with a timed talk, an untimed workshop on a day, an undated
    forum, a launch on another day, and an unpublished session; two sectors, one a sub-sector."""
    expo = factories.exhibition(
        slug="expo-2022", name="Expo 2022", venue="Expo Centre", time_zone="Asia/Shanghai"
    )
    robotics = factories.sector(slug="robotics", name="Robotics")
    drones = factories.sector(slug="drones", name="Drones", parent=robotics)
    food = factories.sector(slug="food", name="Food")
    pavilion = factories.pavilion(expo, slug="belarus", name="Belarus Pavilion")
    talk = factories.session(
        expo,
        sectors=[drones],
        slug="drone-talk",
        title="Drones over Chongqing",
        kind="talk",
        date=datetime.date(2022, 8, 22),
        starts_at=local(9, 30),
        ends_at=local(11),
        place="Hall N1",
        pavilion=pavilion,
        summary="A talk about drones.",
    )
    workshop = factories.session(
        expo,
        sectors=[robotics],
        slug="robot-workshop",
        title="Robot workshop",
        kind="workshop",
        date=datetime.date(2022, 8, 22),
    )
    forum = factories.session(expo, slug="big-forum", title="The big forum", kind="forum")
    launch = factories.session(
        expo,
        sectors=[food],
        slug="food-launch",
        title="Food launch",
        kind="launch",
        date=datetime.date(2022, 8, 23),
        starts_at=local(14, day=23),
    )
    hidden = factories.session(expo, slug="hidden", title="Hidden session", published=False)
    return {
        "exhibition": expo,
        "pavilion": pavilion,
        "talk": talk,
        "workshop": workshop,
        "forum": forum,
        "launch": launch,
        "hidden": hidden,
    }
