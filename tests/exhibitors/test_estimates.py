"""Past the search's candidates a list's counts are estimates, and the page says so (PostgreSQL).

A page's search reads at most ``SEARCH_CANDIDATES`` matching rows of each kind of match
(core/search.py); here the limit is 4, so a word in 12 showcases overflows it and a word in 3 does
not.
"""

import pytest
from django.db import connection

from exhibitors import facets, views
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="bounded search: PostgreSQL"),
]


@pytest.fixture
def world(settings, monkeypatch):
    settings.PAGE_CACHE_ENABLED = False
    monkeypatch.setattr(views, "SEARCH_CANDIDATES", 4)
    exhibition = factories.exhibition()
    for i in range(12):
        factories.showcase(exhibition, name=f"Harvester model {i:02d}", kind="product")
    for i in range(3):
        factories.showcase(exhibition, name=f"Tractor model {i:02d}", kind="technology")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE exhibitors_showcase")  # the planner's estimate reads the statistics


def page(client, query):
    response = client.get(f"/showcases/?q={query}")
    assert response.status_code == 200
    return response


def test_a_search_within_the_candidates_is_counted_exactly(client, world):
    response = page(client, "tractor")

    assert response.context["estimated"] is False
    assert response.context["result_count"] == 3
    html = response.content.decode()
    assert "3 showcases" in html
    assert "About" not in html and "≈" not in html


def test_past_the_candidates_the_counts_are_estimates_and_say_so(client, world):
    response = page(client, "harvester")

    context = response.context
    assert context["estimated"] is True
    # The estimate is of every match, more than the 4 candidates read.
    assert context["result_count"] > 4
    html = response.content.decode()
    assert f"About {context['result_count']} showcases" in html
    assert "the counts are estimates made from the first 4 found" in html
    kind = next(f for f in context["facets"] if f.name == "kind")
    assert [(o.value, o.count) for o in kind.options] == [("product", context["result_count"])]
    assert '<span class="facet__count">≈\u00a0' in html
    # The list holds the candidates the search read, all of them harvesters.
    names = [showcase.name for showcase in context["object_list"]]
    assert len(names) == 4
    assert all(name.startswith("Harvester") for name in names)


def test_estimates_are_rounded_to_two_significant_figures():
    assert [facets.about(n) for n in (7, 99, 123, 4_567, 123_456)] == [7, 99, 120, 4_600, 120_000]
