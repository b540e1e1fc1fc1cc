import pytest
from django.db import connection

from core.search import clean_query
from core.templatetags.search_tags import highlight
from exhibitors.models import Exhibitor, Showcase
from tests import factories

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="typo tolerance is PostgreSQL's trigram search"
)


def result_names(response, group):
    found = next(g for g in response.context["groups"] if g["title"] == group)
    return [r.name for r in found["results"]]


def test_search_groups_shipped_data_by_type(client, shipped_data):
    response = client.get("/search/?q=harvesters")
    assert result_names(response, "Showcases") == ["Zongshen-Gomselmash's products"]
    assert "Zongshen-Gomselmash" in result_names(response, "Exhibitors")


def session_titles(response):
    found = next(g for g in response.context["groups"] if g["title"] == "Sessions")
    return [r.title for r in found["results"]]


def test_search_robotaxi_and_robotaxis_find_the_same_launch(client, shipped_data):
    one = session_titles(client.get("/search/?q=robotaxi"))
    two = session_titles(client.get("/search/?q=Robotaxis"))
    assert one == two == ["Baidu's fully driverless robotaxis on public roads"]


@postgresql_only
def test_search_typo_still_finds_gomselmash(client, shipped_data):
    names = result_names(client.get("/search/?q=Gomselmsh"), "Exhibitors")
    assert names[:2] == ["Gomselmash", "Zongshen-Gomselmash"]


@postgresql_only
def test_search_ranks_name_matches_above_description_matches(shipped_data):
    names = list(Exhibitor.objects.search("Gomselmash").values_list("name", flat=True))
    assert names[0] == "Gomselmash"
    assert set(names[:2]) == {"Gomselmash", "Zongshen-Gomselmash"}


def distinct_words(length):
    """About ``length`` characters of words that are all different: the most a search index holds."""
    return " ".join(f"word{n}" for n in range(length // 6 + 1))[:length]


@postgresql_only
def test_search_trigger_very_long_description_written_on_postgresql(db):
    # 1.3 MB of distinct words is more than a tsvector holds (1 MB). Written around validation,
    # as bulk_create, update() or raw SQL would: the trigger indexes the first 100,000 characters.
    description = distinct_words(1_300_000)
    created = factories.exhibitor(name="Long Co", description=description)
    (bulk,) = Exhibitor.objects.bulk_create(
        [Exhibitor(slug="bulk-co", name="Bulk Co", description=description)]
    )
    Exhibitor.objects.filter(pk=created.pk).update(description=description + " more")
    expo = factories.exhibition()
    factories.showcase(expo, name="Long showcase", description=description)
    factories.person(name="Long Person", bio=description)

    found = set(Exhibitor.objects.search("word100").values_list("name", flat=True))
    assert found == {"Long Co", "Bulk Co"}
    assert not Exhibitor.objects.search("word200000").exists()  # past the indexed part
    assert Showcase.objects.search("word100").get().name == "Long showcase"
    assert Exhibitor.objects.get(pk=bulk.pk).description == description


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
    body = client.get("/search/?q=gomselmash").content.decode()
    assert (
        '<a class="result-list__name" href="/exhibitors/gomselmash/"><mark>Gomselmash</mark></a>'
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


def test_highlight_query_word_inside_an_entity_leaves_the_entity_whole():
    # "lt" is in "&lt;" once the text is escaped: only the text itself may be marked.
    assert highlight("<script> & co", "script lt amp") == "&lt;<mark>script</mark>&gt; &amp; co"
    assert highlight("a < b", "lt") == "a &lt; b"
    assert highlight('"Yes" it\'s', "quot x27 39") == "&quot;Yes&quot; it&#x27;s"


def test_search_page_query_word_inside_an_entity_leaves_the_entity_whole(client, db):
    expo = factories.exhibition()
    factories.showcase(expo, name="Script Lt Robot", summary="Ships a <script> tag & more.")

    body = client.get("/search/?q=script+lt").content.decode()

    assert "Ships a &lt;<mark>script</mark>&gt; tag &amp; more." in body
    assert "<mark>Script</mark> <mark>Lt</mark> Robot" in body
    assert "&<mark>" not in body


def test_highlight_marks_case_insensitively():
    assert highlight("Forage Harvesters", "harvesters") == "Forage <mark>Harvesters</mark>"


def test_clean_query_strips_nul_and_caps_length():
    assert clean_query("a\x00b  c") == "ab c"
    assert len(clean_query("x" * 10_000)) == 200


@pytest.mark.parametrize(
    "query", ["Гомсельмаш", "гомсельмаш", "ГОМСЕЛЬМАШ", "Çukurova", "çukurova"]
)
def test_search_ignores_case_beyond_ascii_on_both_databases(db, query):
    wanted = {
        factories.exhibitor(name="Гомсельмаш", slug="gomselmash-cyrillic").pk,
        factories.exhibitor(name="Çukurova Makina", slug="cukurova").pk,
    }
    factories.exhibitor(name="Other Works", slug="other")
    found = set(Exhibitor.objects.search(query).values_list("pk", flat=True))
    assert found & wanted and found <= wanted
    first = Exhibitor.objects.search(query).first()
    assert query.casefold() in first.name.casefold()
