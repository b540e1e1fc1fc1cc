import pytest
from django.db import connection

from exhibitors.models import Exhibitor, Showcase
from expo.search import clean_query
from expo.templatetags.search_tags import highlight

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo tolerance is PostgreSQL's trigram search"
)


def result_names(response, group):
    found = next(g for g in response.context["groups"] if g["title"] == group)
    return [r.name for r in found["results"]]


def test_search_groups_shipped_data_by_type(client, shipped_data):
    response = client.get("/search/?q=harvesters")
    assert result_names(response, "Showcases") == ["Corn harvesters", "Forage harvesters"]
    assert "Zongshen-Gomselmash" in result_names(response, "Exhibitors")


def test_search_robotaxi_and_robot_taxi_find_the_same_showcase(client, shipped_data):
    one = result_names(client.get("/search/?q=robotaxi"), "Showcases")
    two = result_names(client.get("/search/?q=robot taxi"), "Showcases")
    assert one == two == ["Fully driverless robotaxi"]


@postgresql_only
def test_search_typo_still_finds_gomselmash(client, shipped_data):
    names = result_names(client.get("/search/?q=Gomselmsh"), "Exhibitors")
    assert names[:2] == ["Gomselmash", "Zongshen-Gomselmash"]


@postgresql_only
def test_search_ranks_name_matches_above_description_matches(shipped_data):
    names = list(Exhibitor.objects.search("Gomselmash").values_list("name", flat=True))
    assert names[0] == "Gomselmash"
    assert set(names[:2]) == {"Gomselmash", "Zongshen-Gomselmash"}


def test_search_on_directory_uses_same_interface(client, shipped_data):
    response = client.get("/showcases/?q=decoder")
    listed = [s.name for s in response.context["object_list"]]
    assert listed == list(
        Showcase.objects.published().search("decoder").values_list("name", flat=True)
    )
    assert listed == ["8K high-definition decoder"]


def test_search_empty_state_suggests_next_steps(client, shipped_data):
    body = client.get("/search/?q=zzzqqq").content.decode()
    assert "Nothing matches “zzzqqq”" in body
    assert 'href="/countries/"' in body


def test_search_highlights_matches_in_results(client, shipped_data):
    body = client.get("/search/?q=harvesters").content.decode()
    assert (
        '<a class="result-list__name" href="/showcases/zongshen-gomselmash-corn-harvesters/">Corn <mark>harvesters</mark></a>'
        in body
    )


def test_highlight_escapes_text_and_query():
    # One-letter words are not marked, so "<b>" in the query cannot touch the escaped tag.
    assert (
        highlight("<b>Robot</b> taxi & co", "<b> taxi")
        == "&lt;b&gt;Robot&lt;/b&gt; <mark>taxi</mark> &amp; co"
    )
    assert highlight("<script>alert(1)</script>", "script") == (
        "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"
    )


def test_highlight_marks_case_insensitively():
    assert highlight("Forage Harvesters", "harvesters") == "Forage <mark>Harvesters</mark>"


def test_clean_query_strips_nul_and_caps_length():
    assert clean_query("a\x00b  c") == "ab c"
    assert len(clean_query("x" * 10_000)) == 200
