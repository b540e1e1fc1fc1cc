"""The home page's featured showcases, chosen once per content version, and the country page's
previews of lists that grow with the data (pavilions, people), each with its total."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import DerivedValue
from expo.views import FEATURED_SHOWCASES, PREVIEW_SIZE, HomeView
from tests import factories

pytestmark = pytest.mark.django_db


def get(client, url="/"):
    """The page as the view renders it, not from the page cache."""
    cache.clear()
    return client.get(url)


def names(response, key="showcases"):
    return [row.name for row in response.context[key]]


def sorting_queries(queries):
    """The queries that sort the edition's showcases to choose the featured ones."""
    return [q["sql"] for q in queries if '"premiere" DESC' in q["sql"]]


@pytest.fixture
def edition():
    """The current edition: 8 plain showcases, 2 with an image, 2 premieres (one hidden), and a
    premiere of an older edition."""
    older = factories.exhibition(year=2021)
    expo = factories.exhibition(year=2022)
    maker = factories.exhibitor(name="Maker")
    for letter in "ABCDEFGH":
        factories.showcase(expo, maker, name=f"Plain {letter}")
    factories.showcase(expo, maker, name="Pictured B", image="showcases/b.png")
    factories.showcase(expo, maker, name="Pictured A", image="showcases/a.png")
    factories.showcase(expo, maker, name="Premiere Z", premiere=True)
    factories.showcase(expo, name="Premiere Y", premiere=True)  # maker not named
    factories.showcase(expo, maker, name="Premiere Hidden", premiere=True, published=False)
    factories.showcase(older, maker, name="Premiere Old", premiere=True)
    return expo


FEATURED = ["Premiere Y", "Premiere Z", "Pictured A", "Pictured B", "Plain A", "Plain B"]


def test_home_features_premieres_then_images_then_names(client, edition):
    assert FEATURED_SHOWCASES == 6
    assert names(get(client)) == FEATURED


def test_home_reads_the_featured_showcases_back_without_sorting_again(client, edition):
    with CaptureQueriesContext(connection) as first:
        assert names(get(client)) == FEATURED
    assert len(sorting_queries(first.captured_queries)) == 1
    with CaptureQueriesContext(connection) as second:
        response = get(client)
    assert names(response) == FEATURED
    assert sorting_queries(second.captured_queries) == []
    # Each card still has what it shows: the edition, the maker and the sectors.
    assert [s.exhibition for s in response.context["showcases"]] == [edition] * 6


def test_home_reads_the_kept_ids_in_their_order(client, edition):
    """The kept value decides what is shown: rows are fetched by key, in the kept order."""
    get(client)
    (kept,) = [row for row in DerivedValue.objects.all() if isinstance(row.value, list)]
    chosen = [row.pk for row in get(client).context["showcases"]]
    assert kept.value == chosen
    kept.value = list(reversed(chosen))
    kept.save()
    assert names(get(client)) == list(reversed(FEATURED))


def test_home_shows_a_newly_published_premiere_after_the_change(client, edition):
    assert names(get(client)) == FEATURED
    hidden = edition.showcases.get(name="Premiere Hidden")
    hidden.published = True
    hidden.save()
    assert names(get(client)) == ["Premiere Hidden", *FEATURED[:5]]


def test_home_drops_a_featured_showcase_that_is_hidden(client, edition):
    assert names(get(client)) == FEATURED
    edition.showcases.filter(name="Premiere Z").update(published=False)
    assert names(get(client)) == [name for name in FEATURED if name != "Premiere Z"] + ["Plain C"]


def test_home_keeps_the_featured_showcases_per_language(client, edition):
    # In Russian, "Plain A" is named last; in English it keeps its place.
    edition.showcases.filter(name="Plain A").update(name_ru="Plain Z")
    assert names(get(client))[-2:] == ["Plain A", "Plain B"]
    assert [s.pk for s in get(client, "/ru/").context["showcases"]][-2:] == [
        edition.showcases.get(name="Plain B").pk,
        edition.showcases.get(name="Plain C").pk,
    ]


def test_featured_showcases_without_an_exhibition_or_showcases(client):
    assert HomeView.featured_showcases(None) == []
    factories.exhibition()
    assert names(get(client)) == []
    assert names(get(client)) == []  # an empty list kept reads back empty


@pytest.fixture
def country_world():
    """Belarus with ``n`` people (each quoted) and ``n`` pavilions, one per edition."""

    def build(n):
        by = factories.country("BY")
        source = factories.source()
        for i in range(n):
            who = factories.person(name=f"Person {i:02d}", country=by)
            factories.quote(who, source, text=f"Words of person {i:02d}.")
            expo = factories.exhibition(year=2000 + i)
            factories.pavilion(expo, country=by, name=f"Belarus pavilion {i:02d}")
        return by

    return build


def test_country_shows_all_people_and_pavilions_when_few(client, country_world):
    country_world(3)
    response = get(client, "/countries/by/")
    assert names(response, "people") == ["Person 00", "Person 01", "Person 02"]
    assert response.context["people_count"] == 3
    assert response.context["pavilion_count"] == 3
    body = response.content.decode()
    assert "Words of person 02." in body
    assert "The first" not in body and "The newest" not in body


def test_country_previews_people_and_pavilions_with_totals(client, country_world):
    country_world(PREVIEW_SIZE + 3)
    response = get(client, "/countries/by/")
    assert names(response, "people") == [f"Person {i:02d}" for i in range(PREVIEW_SIZE)]
    assert response.context["people_count"] == PREVIEW_SIZE + 3
    # The newest editions' pavilions first.
    assert names(response, "pavilions") == [
        f"Belarus pavilion {i:02d}" for i in range(PREVIEW_SIZE + 2, 2, -1)
    ]
    assert response.context["pavilion_count"] == PREVIEW_SIZE + 3
    body = response.content.decode()
    assert "Words of person 11." in body
    assert "Words of person 12." not in body
    assert "Person 12" not in body
    assert "The first 12 of 15 people from Belarus, by name." in body
    assert "The newest 12 of 15 pavilions of Belarus." in body
    assert '<h2 id="people-heading">People <span class="count">15</span></h2>' in body
    assert "15 pavilions" in body  # the description counts them all


def test_country_page_queries_do_not_grow_with_people_and_pavilions(client, country_world):
    def count():
        get(client, "/countries/by/")  # the kept counts are worked out
        with CaptureQueriesContext(connection) as ctx:
            assert get(client, "/countries/by/").status_code == 200
        return len(ctx.captured_queries)

    country_world(2)
    few = count()
    country_world(PREVIEW_SIZE * 2)
    assert count() == few
