"""Every public page costs the same number of queries whatever the data size, at most 12.

One test builds a directory of 3 exhibitors (each with a session), counts the queries of every
page, grows the same exhibition, pavilion and sectors to 300 exhibitors and sessions, and counts
again. Pages are counted as visitors get them, with the counts kept for the content version read
back (``core.derived``); the first request after a change, which works those counts out, is
counted too: it also costs the same at any size, and a few queries more.
"""

import pytest

from tests import factories
from tests.querycount import queries_per_page

pytestmark = pytest.mark.django_db

FEW, MANY, MAXIMUM = 3, 300, 12
# What the first request after a change may cost beyond that: the kept values worked out (one
# grouped query per facet, two for sectors) and kept (one INSERT, one DELETE of older versions,
# inside a savepoint). The home page keeps two: the overview counts and the featured showcases'
# ids (then read like every other row of the page).
FIRST_REQUEST_MAXIMUM = 27

PAGES = {
    **factories.PAGE_URLS,
    "exhibitor_list_filtered": lambda w: f"/exhibitors/?country=by&sector={w['sector'].slug}",
    "exhibitor_list_page_2": lambda w: "/exhibitors/?page=2&sort=country",
    "exhibitor_list_all_filters": lambda w: (
        f"/exhibitors/?q=Exhibitor&country=by&sector={w['sector'].slug}"
        f"&pavilion={w['pavilion'].slug}&exhibition={w['exhibition'].slug}&kind=company"
        "&sort=newest&page=2"
    ),
    "showcase_list_all_filters": lambda w: (
        f"/showcases/?q=Showcase&country=by&sector={w['child'].slug}"
        f"&exhibition={w['exhibition'].slug}&exhibitor={w['exhibitor'].slug}&kind=product"
        "&sort=newest"
    ),
    "programme_all_filters": lambda w: (
        f"/exhibitions/{w['exhibition'].slug}/programme/?kind=talk&sector={w['child'].slug}"
        "&day=2022-08-22"
    ),
    "current_programme": lambda w: "/programme/",
    "search": lambda w: "/search/?q=Exhibitor",
    "search_no_match": lambda w: "/search/?q=zzzz",
}


def count_all(client, world, first=False):
    return queries_per_page(client, world, PAGES, first)


def test_query_count_constant_with_few_and_many_rows(client):
    world = factories.directory(FEW)
    few, few_first = count_all(client, world), count_all(client, world, first=True)
    factories.directory(MANY - FEW, world)
    many, many_first = count_all(client, world), count_all(client, world, first=True)
    print("\n" + "\n".join(f"{n:28} {many[n]:3d} {many_first[n]:3d} queries" for n in many))
    assert few == many
    assert few_first == many_first
    assert {name: count for name, count in many.items() if count > MAXIMUM} == {}
    too_many = {n: count for n, count in many_first.items() if count > FIRST_REQUEST_MAXIMUM}
    assert too_many == {}
    # The store is used: the home page reads its counts back instead of counting again.
    assert many["home"] < many_first["home"]
