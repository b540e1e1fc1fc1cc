"""Facets counted in one pass (a search narrows the list) agree with facets counted one by one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitors import facets
from tests import factories

pytestmark = pytest.mark.django_db

KINDS = ["company", "joint_venture", "industrial_park"]
SHOWCASE_KINDS = ["product", "technology", "application"]
COUNTRIES = [("BY",), ("CN",), ("BY", "CN"), ("DE", "CN"), ("DE",)]


@pytest.fixture(autouse=True)
def uncached(settings):
    """Each page is computed, not served from the page cache, so both ways of counting run."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def world():
    """Thirty exhibitors and showcases whose countries, sectors, kinds, stands and publication
    vary independently; most names share the word "robot", so a search keeps most of them."""
    new, old = factories.exhibition(year=2022), factories.exhibition(year=2021)
    pavilions = [factories.pavilion(new), factories.pavilion(new), factories.pavilion(old)]
    factories.pavilion(new, published=False)
    agri = factories.sector(slug="agriculture")
    sectors = [factories.sector(slug="machinery", parent=agri), agri, factories.sector()]
    for i in range(30):
        exhibitor = factories.exhibitor(
            name=f"{'Robot' if i % 4 else 'Plain'} works {i:02d}",
            countries=COUNTRIES[i % 5],
            sectors=sectors[: i % 4],
            kind=KINDS[i % 3],
            published=i % 11 != 5,
        )
        if i % 3:
            factories.stand(exhibitor, new, pavilions[i % 2])
        if i % 4 == 1:
            factories.stand(exhibitor, old, pavilions[2])
        factories.showcase(
            new if i % 2 else old,
            exhibitor if i % 7 else None,
            sectors=sectors[i % 3 : i % 3 + 1 + i % 2],
            name=f"{'Robot' if i % 5 else 'Quiet'} arm {i:02d}",
            kind=SHOWCASE_KINDS[i % 3],
            published=i % 13 != 6,
        )
    return {"new": new, "old": old, "pavilions": pavilions}


def seen(client, url):
    """What a visitor sees of a directory page: facets with counts, total and listed names."""
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    return {
        "facets": [
            (f.name, [(o.value, o.label, o.count, o.selected, o.depth) for o in f.options])
            for f in context["facets"]
        ],
        "total": context["result_count"],
        "names": [obj.name for obj in context["object_list"]],
    }


def per_facet(client, url, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(facets, "ONE_PASS_ROW_LIMIT", -1)  # every read is "too long": count per facet
        return seen(client, url)


EXHIBITOR_QUERIES = [
    "q=robot",
    "q=robot&country=cn",
    "q=robot&country=cn&sector=agriculture",
    "q=robot&sector=machinery&kind=company",
    "q=robot&pavilion={pavilion}&exhibition={new}",
    "q=robot&exhibition={old}&country=de&sort=country",
    "q=robot&country=by&sector=agriculture&kind=joint_venture&sort=newest",
    "q=works&country=zz",
    "q=nothing-matches&country=cn",
]
SHOWCASE_QUERIES = [
    "q=robot",
    "q=robot&kind=product",
    "q=robot&sector=agriculture&country=cn",
    "q=robot&exhibition={old}&kind=application&sort=newest",
    "q=arm&exhibitor={exhibitor}",
    "q=arm&exhibitor={exhibitor}&kind=technology&country=by",
]


def fill(query, world):
    exhibitor = world["new"].stands.order_by("pk").first().exhibitor
    return query.format(
        pavilion=world["pavilions"][0].slug,
        new=world["new"].slug,
        old=world["old"].slug,
        exhibitor=exhibitor.slug,
    )


@pytest.mark.parametrize("query", EXHIBITOR_QUERIES)
def test_exhibitor_facets_in_one_pass_match_facets_counted_one_by_one(
    client, world, monkeypatch, query
):
    url = "/exhibitors/?" + fill(query, world)

    one_pass = seen(client, url)

    assert one_pass == per_facet(client, url, monkeypatch)


@pytest.mark.parametrize("query", SHOWCASE_QUERIES)
def test_showcase_facets_in_one_pass_match_facets_counted_one_by_one(
    client, world, monkeypatch, query
):
    url = "/showcases/?" + fill(query, world)

    one_pass = seen(client, url)

    assert one_pass == per_facet(client, url, monkeypatch)


def test_searched_directory_counts_are_not_all_empty(client, world):
    """The comparisons above compare something: the searched list and its facets have rows."""
    page = seen(client, "/exhibitors/?q=robot&country=cn")

    assert 0 < page["total"] < 30
    counts = dict(page["facets"])
    assert sum(count for _, _, count, _, _ in counts["country"]) > page["total"]
    assert any(depth for _, _, count, _, depth in counts["sector"] if count)


def test_searched_directory_reads_the_searched_rows_once(client, world, monkeypatch):
    url = "/showcases/?q=robot&kind=product&sector=agriculture"
    with CaptureQueriesContext(connection) as one_pass:
        client.get(url)
    with CaptureQueriesContext(connection) as one_by_one:
        per_facet(client, url, monkeypatch)

    def searching(queries):
        """Queries that search, not merely rank: the term appears in a WHERE clause."""
        conditions = [
            q["sql"].lower().split(" order by ")[0].partition(" where ")[2] for q in queries
        ]
        return [condition for condition in conditions if "robot" in condition]

    if connection.vendor == "postgresql":
        # The page reads the search's candidates once (its words, then the names' trigrams when
        # the words find few), and every count after works on their keys, whichever way it counts.
        assert 1 <= len(searching(one_pass.captured_queries)) <= 2
        assert len(searching(one_by_one.captured_queries)) <= 2
    else:
        assert len(searching(one_pass.captured_queries)) == 1
        assert len(searching(one_by_one.captured_queries)) > 3


FILTER_STATES = [
    ("/exhibitors/", "works", ""),
    ("/exhibitors/", "works", "country=cn&sector=agriculture"),
    ("/exhibitors/", "works", "pavilion={pavilion}&kind=joint_venture"),
    ("/showcases/", "arm", ""),
    ("/showcases/", "arm", "kind=product&sector=agriculture"),
    ("/showcases/", "arm", "country=cn&exhibition={new}"),
]


@pytest.mark.parametrize(("path", "word", "state"), FILTER_STATES)
def test_unsearched_counts_match_one_pass_over_a_search_that_finds_every_row(
    client, world, path, word, state
):
    """Without a search the facets are counted per facet (and kept); with a word every row holds,
    in one pass over the rows found. Both must give the same counts and total."""
    state = fill(state, world)
    unsearched = seen(client, f"{path}?{state}")
    searched = seen(client, f"{path}?q={word}&{state}")

    assert unsearched["total"] > 0
    assert unsearched["facets"] == searched["facets"]
    assert unsearched["total"] == searched["total"]
    assert sorted(unsearched["names"]) == sorted(searched["names"])


def test_unsearched_counts_test_the_list_in_the_where_clause(client, world):
    """The filtered list is a condition of each count's WHERE clause (a semi-join), never of an
    aggregate's FILTER, where the database tests it row by row once it outgrows work_mem."""
    with CaptureQueriesContext(connection) as queries:
        seen(client, "/showcases/?kind=product&sector=agriculture")

    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) >= 4
    assert not [sql for sql in counts if "FILTER (WHERE" in sql.upper()]
