"""The shared JSON-LD machinery: the ``{% crumb %}`` and ``{% page_json_ld %}`` tags and the list helpers."""

import json

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from core import structured_data
from exhibitions.models import Country
from tests import factories
from tests.json_ld import Page

ORIGIN = "http://testserver"


def render(source, **context):
    request = RequestFactory().get("/somewhere/")
    return Template("{% load open_web %}" + source).render(Context({"request": request, **context}))


def test_crumb_renders_the_breadcrumb_markup_of_the_templates():
    html = render('{% crumb "Exhibitors" "exhibitors:exhibitor_list" %}')
    assert html == '<li><a href="/exhibitors/">Exhibitors</a></li>'


def test_crumb_of_current_page_carries_aria_current():
    html = render('{% crumb "Search" "expo:search" current=True %}')
    assert html == '<li><a href="/search/" aria-current="page">Search</a></li>'


@pytest.mark.django_db
def test_crumb_of_record_uses_its_name_and_url():
    sector = factories.sector(slug="robots", name="Robots & AI")
    html = render("{% crumb sector current=True %}", sector=sector)
    assert html == '<li><a href="/sectors/robots/" aria-current="page">Robots &amp; AI</a></li>'


def test_page_json_ld_lists_home_then_the_crumbs_drawn():
    html = render(
        '{% crumb "Sectors" "/sectors/" %}{% crumb "Parent" "/sectors/p/" %}'
        '{% crumb "Child" "/sectors/c/" current=True %}{% page_json_ld %}'
    )
    (block,) = Page(html).json_ld
    assert block == {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": ORIGIN + "/"},
            {"@type": "ListItem", "position": 2, "name": "Sectors", "item": ORIGIN + "/sectors/"},
            {"@type": "ListItem", "position": 3, "name": "Parent", "item": ORIGIN + "/sectors/p/"},
            {"@type": "ListItem", "position": 4, "name": "Child", "item": ORIGIN + "/sectors/c/"},
        ],
    }


def test_page_json_ld_is_empty_without_crumbs_or_list():
    assert render("{% page_json_ld %}") == ""


def test_crumb_label_is_text_in_html_and_exact_in_json_ld():
    label = "</script><b>Bold</b> & co"
    html = render("{% crumb label '/x/' current=True %}{% page_json_ld %}", label=label)
    assert "<b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    (block,) = Page(html).json_ld
    assert block["itemListElement"][-1]["name"] == label
    script = html[html.index('<script type="application/ld+json">') :]
    assert "</script" not in script[len('<script type="application/ld+json">') : -len("</script>")]


def test_crumbs_of_one_render_do_not_leak_into_the_next():
    template = Template("{% load open_web %}{% crumb label '/x/' %}{% page_json_ld %}")
    request = RequestFactory().get("/")
    for label in ("First", "Second"):
        html = template.render(Context({"request": request, "label": label}))
        names = [e["name"] for e in Page(html).json_ld[0]["itemListElement"]]
        assert names == ["Home", label]


def test_share_card_path_names_the_card_of_a_record():
    assert structured_data.share_card_path("exhibition", "sce-2022") == (
        "/share-cards/exhibition/sce-2022.png"
    )


@pytest.mark.django_db
def test_item_list_numbers_entries_from_start_with_the_total():
    rows = [factories.country("BY"), factories.country("CN")]
    data = structured_data.item_list(rows, start=26, total=40, name="Countries")
    assert data == {
        "@type": "ItemList",
        "name": "Countries",
        "numberOfItems": 40,
        "itemListElement": [
            {"@type": "ListItem", "position": 26, "url": "/countries/by/", "name": "Belarus"},
            {"@type": "ListItem", "position": 27, "url": "/countries/cn/", "name": "China"},
        ],
    }
    assert structured_data.item_list([]) is None


@pytest.mark.django_db
def test_page_json_ld_never_runs_a_query(django_assert_num_queries):
    """A list the page has not fetched gets no ItemList rather than a query of its own."""
    factories.country("BY")
    unfetched = Country.objects.all()
    with django_assert_num_queries(0):
        assert render("{% page_json_ld %}", object_list=unfetched) == ""
    fetched = Country.objects.all()
    list(fetched)
    with django_assert_num_queries(0):
        html = render("{% page_json_ld %}", object_list=fetched)
    (block,) = Page(html).json_ld
    assert (block["@type"], block["numberOfItems"]) == ("ItemList", 1)


@pytest.mark.django_db
def test_fetched_tells_evaluated_rows_from_a_query_to_run():
    factories.country("BY")
    queryset = Country.objects.all()
    assert structured_data.fetched(queryset) is None
    assert structured_data.fetched(None) is None
    assert [c.code for c in structured_data.fetched(list(queryset))] == ["BY"]
    list(queryset)
    assert [c.code for c in structured_data.fetched(queryset)] == ["BY"]


def test_json_ld_script_escapes_markup_characters():
    html = render("{% json_ld data %}", data={"@type": "Thing", "name": "<a>&</a>"})
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and "&" not in body.replace("\\u0026", "")
    assert json.loads(body)["name"] == "<a>&</a>"
