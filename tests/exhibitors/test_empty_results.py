"""An empty directory list keeps its filters, says what each one hides, and suggests close names."""

import pytest
from django.db import connection

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def makers():
    robotics = factories.sector("robotics", "Robotics")
    factories.exhibitor(name="Gomselmash", countries=("BY",), slug="gomselmash")
    factories.exhibitor(name="Belarus Robots", countries=("BY",), sectors=(robotics,))
    factories.exhibitor(name="Huawei", countries=("CN",))
    return robotics


def test_empty_list_says_how_many_each_filter_hides(client, makers):
    response = client.get("/exhibitors/?country=cn&sector=robotics")
    text = response.content.decode()
    assert response.context["result_count"] == 0
    counts = {chip["label"]: chip["count_without"] for chip in response.context["chips"]}
    # Without the country: the one robotics maker; without the sector: the one Chinese maker.
    assert counts == {"Country": 1, "Sector": 1}
    assert "Remove country: China" in text and "Remove sector: Robotics" in text
    assert 'href="?sector=robotics"' in text  # removing the country keeps the sector


def test_empty_list_offers_no_download_of_nothing(client, makers):
    text = client.get("/exhibitors/?country=cn&sector=robotics").content.decode()
    assert "Download this list" not in text
    assert '<ul class="cards">' not in text
    full = client.get("/exhibitors/").content.decode()
    assert "Download this list" in full


def test_search_with_no_hits_suggests_the_closest_names(client, makers):
    response = client.get("/exhibitors/?q=Gomselmsh&country=cn")
    assert response.context["result_count"] == 0
    names = [item.name for item in response.context["suggestions"]]
    assert names[0] == "Gomselmash"
    assert "Huawei" not in names
    assert 'Did you mean: <a href="/exhibitors/gomselmash/">Gomselmash</a>' in (
        response.content.decode()
    )


def test_nonsense_search_suggests_nothing(client, makers):
    response = client.get("/exhibitors/?q=qqqqzzzz")
    assert response.context["suggestions"] == []
    assert "Did you mean" not in response.content.decode()


def test_showcase_list_empty_result_names_the_filters(client, makers):
    expo = factories.exhibition()
    factories.showcase(expo, name="Combine harvester")
    response = client.get("/showcases/?q=harvestr")
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL's trigram search finds the misspelt word itself")
    text = response.content.decode()
    assert "No showcase matches this filter" in text
    assert "Combine harvester" in text  # suggested


def test_facet_folds_long_option_lists_and_keeps_every_option_in_the_page(client):
    for code in ("AT", "BE", "BG", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HU"):
        factories.exhibitor(countries=(code,))
    text = client.get("/exhibitors/").content.decode()
    facet = text[text.index('id="facet-country"') :]
    facet = facet[: facet.index("</section>")]
    assert '<details class="facet__more">' in facet and "Show 4 more" in facet
    assert facet.count('class="facet__option"') == 12  # all twelve are in the page


def test_facet_fold_opens_when_a_folded_option_is_selected():
    from exhibitors.facets import FACET_SHOWN_OPTIONS, Facet, Option

    options = [Option(str(n), f"Option {n}", 1) for n in range(FACET_SHOWN_OPTIONS + 4)]
    facet = Facet("country", "Country", options)
    assert len(facet.shown_options) == FACET_SHOWN_OPTIONS
    assert len(facet.more_options) == 4 and not facet.more_selected
    options[-1].selected = True
    assert facet.more_selected
    # Folding one or two options saves nothing: they all show.
    short = Facet("kind", "Kind", options[: FACET_SHOWN_OPTIONS + 2])
    assert short.more_options == [] and len(short.shown_options) == FACET_SHOWN_OPTIONS + 2
