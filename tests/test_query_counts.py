"""Every public page costs the same number of queries whatever the data size, at most 12.

One test builds a directory of 3 exhibitors (each with a session), counts the queries of every
page, grows the same exhibition, pavilion and sectors to 300 exhibitors and sessions, and counts
again.
"""

import pytest

from tests import factories
from tests.querycount import queries_per_page

pytestmark = pytest.mark.django_db

FEW, MANY, MAXIMUM = 3, 300, 12

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


def count_all(client, world):
    return queries_per_page(client, world, PAGES)


def test_query_count_constant_with_few_and_many_rows(client):
    world = factories.directory(FEW)
    few = count_all(client, world)
    factories.directory(MANY - FEW, world)
    many = count_all(client, world)
    print("\n" + "\n".join(f"{name:28} {count:3d} queries" for name, count in many.items()))
    assert few == many
    assert {name: count for name, count in many.items() if count > MAXIMUM} == {}
