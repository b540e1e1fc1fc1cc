"""The programme pages cost the same number of queries with few and with many sessions, at most 12
(the guard of ``tests/test_query_counts.py``)."""

import datetime

import pytest

from tests import factories
from tests.querycount import queries_per_page

from .conftest import local

pytestmark = pytest.mark.django_db

FEW, MANY, MAXIMUM = 3, 60, 12


def grow(world, size):
    """``size`` more sessions, each with sectors, people, an organisation, a showcase, sources."""
    expo, sector, child = world["exhibition"], world["sector"], world["child"]
    source = factories.source()
    for i in range(size):
        day = datetime.date(2022, 8, 22 + i % 3)
        session = factories.session(
            expo,
            sectors=[sector, child],
            kind=["talk", "forum", "launch"][i % 3],
            date=day if i % 4 else None,
            starts_at=local(9 + i % 8, day=day.day) if i % 2 and i % 4 else None,
            pavilion=world["pavilion"],
        )
        session.sources.add(source)
        factories.session_person(session, role="speaker")
        factories.session_person(session, role="participant")
        factories.participation(session, factories.exhibitor(), sources=[source])
        session.showcases.add(factories.showcase(expo, factories.exhibitor(), sectors=[child]))
        world["session"] = session
    return world


PAGES = {
    "programme": lambda w: "/programme/",
    "exhibition_programme": lambda w: f"/exhibitions/{w['exhibition'].slug}/programme/",
    "programme_filtered": lambda w: f"/programme/?kind=talk&sector={w['sector'].slug}",
    "programme_empty": lambda w: "/programme/?day=2022-08-24&kind=forum&sector=nowhere",
    "session_detail": lambda w: w["session"].get_absolute_url(),
    "session_ics": lambda w: f"/sessions/{w['session'].slug}.ics",
    "programme_ics": lambda w: "/programme.ics?kind=talk",
}


def count_all(client, world):
    return queries_per_page(client, world, PAGES)


def test_programme_query_count_constant_with_few_and_many_sessions(client):
    expo = factories.exhibition(time_zone="Asia/Shanghai")
    parent = factories.sector()
    world = {
        "exhibition": expo,
        "sector": parent,
        "child": factories.sector(parent=parent),
        "pavilion": factories.pavilion(expo),
    }
    few = count_all(client, grow(world, FEW))
    many = count_all(client, grow(world, MANY - FEW))
    print("\n" + "\n".join(f"{name:24} {count:3d} queries" for name, count in many.items()))
    assert few == many
    assert {name: count for name, count in many.items() if count > MAXIMUM} == {}
