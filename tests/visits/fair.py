"""A small edition for the My visit tests: two halls, placed and unplaced stands, showcases and
timed sessions (two of them clash)."""

import datetime
import zoneinfo

from tests import factories

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0):
    return datetime.datetime(2030, 5, day, hour, minute, tzinfo=SHANGHAI)


def build():
    """An edition with two halls, five placed stands, one unplaced, showcases and timed sessions."""
    ex = factories.exhibition(
        slug="fair-2030",
        name="Fair 2030",
        year=2030,
        starts_on=datetime.date(2030, 5, 20),
        ends_on=datetime.date(2030, 5, 21),
        time_zone="Asia/Shanghai",
    )
    north = factories.hall(ex, width=60, depth=40, slug="n", name="Hall N", position=0)
    south = factories.hall(ex, width=60, depth=40, slug="s", name="Hall S", position=1)
    world = {"exhibition": ex, "halls": (north, south), "exhibitors": {}, "stands": {}}
    # Codes chosen so that text order and natural order differ (N-2 before N-12).
    for slug, hall, code, index in (
        ("zeta", south, "S-1", 0),
        ("alpha", north, "N-12", 1),
        ("beta", north, "N-2", 2),
        ("gamma", north, "N-3", 3),
    ):
        exhibitor = factories.exhibitor(slug=slug, name=slug.title())
        world["exhibitors"][slug] = exhibitor
        world["stands"][slug] = factories.stand(
            exhibitor, ex, booth=code, **factories.grid_position(hall, index, per_row=8)
        )
    unplaced = factories.exhibitor(slug="omega", name="Omega")
    factories.stand(unplaced, ex)
    world["exhibitors"]["omega"] = unplaced
    world["showcase"] = factories.showcase(
        ex, world["exhibitors"]["gamma"], slug="gamma-robot", name="Gamma Robot"
    )
    world["orphan_showcase"] = factories.showcase(ex, None, slug="nameless", name="Nameless Car")
    world["sessions"] = {
        "opening": factories.session(
            ex,
            slug="opening",
            title="Opening",
            date=datetime.date(2030, 5, 20),
            starts_at=at(20, 9),
            ends_at=at(20, 10),
        ),
        "forum": factories.session(
            ex,
            slug="forum",
            title="Forum",
            date=datetime.date(2030, 5, 20),
            starts_at=at(20, 9, 30),
            ends_at=at(20, 11),
        ),
        "lunch": factories.session(
            ex,
            slug="lunch",
            title="Lunch talk",
            date=datetime.date(2030, 5, 20),
            starts_at=at(20, 12),
            ends_at=at(20, 13),
        ),
        "closing": factories.session(
            ex,
            slug="closing",
            title="Closing",
            date=datetime.date(2030, 5, 21),
            starts_at=at(21, 16),
            ends_at=at(21, 17),
        ),
        "tasting": factories.session(ex, slug="tasting", title="Tasting"),
    }
    return world
