"""The admin at the size of a large exhibition (35,000 exhibitors, 3,000,000 showcases): every page
costs the same number of queries whatever the number of rows, no filter or form lists the rows of a
large table, a whole large table is not counted on PostgreSQL (its count is an estimate, labelled
so), far pages are read from the end, and searches go through indexes on PostgreSQL.
"""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.paginators import EstimatedCountPaginator
from exhibitors.models import Exhibitor, Showcase
from tests import factories
from tests.querycount import queries_for

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 105  # more than a page (100 rows) of exhibitors, showcases, stands and sessions

LABELS = [
    f"{model._meta.app_label}.{model._meta.model_name}"
    for model in admin.site._registry
    if model._meta.app_label not in ("auth", "axes")
]

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's estimates and indexes"
)


def url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def filter_urls(client, label):
    """The changelist's URL with each of its list filters' first choice, by filter title."""
    changelist = url(label, "changelist")
    cl = client.get(changelist).context["cl"]
    urls = {}
    for spec in cl.filter_specs:
        choices = [c for c in spec.choices(cl) if not c["selected"]]
        if choices:
            urls[f"filter {spec.title}"] = changelist + choices[0]["query_string"]
    return urls


def filter_choice_counts(client, label):
    """How many choices each list filter of the changelist offers, by filter title."""
    cl = client.get(url(label, "changelist")).context["cl"]
    return {spec.title: len(list(spec.choices(cl))) for spec in cl.filter_specs}


def pages(client, label, world):
    """Every admin page of ``label`` worth guarding: the changelist plain, with each filter, with a
    search, its second page, the change form of its last record and its add form."""
    model = apps.get_model(label)
    changelist = url(label, "changelist")
    found = {
        "changelist": changelist,
        "search": changelist + "?q=Exhibitor",
        **filter_urls(client, label),
        "add form": url(label, "add"),
    }
    last = model._default_manager.order_by("pk").last()
    if last is not None:
        found["change form"] = url(label, "change", last.pk)
    return found


@pytest.fixture
def world():
    return factories.directory(FEW)


def test_admin_pages_cost_the_same_queries_with_few_and_many_rows(admin_client, world):
    urls = {
        (label, name): page
        for label in LABELS
        for name, page in pages(admin_client, label, world).items()
    }
    for page in urls.values():  # warm Django's content type cache
        admin_client.get(page)
    few = {key: queries_for(admin_client, page) for key, page in urls.items()}
    factories.directory(MANY - FEW, world)
    many = {key: queries_for(admin_client, page) for key, page in urls.items()}
    assert {key: (few[key], many[key]) for key in few if few[key] != many[key]} == {}


def test_second_pages_cost_the_same_queries_as_first_pages(admin_client):
    world = factories.directory(MANY)
    for label in ["exhibitors.exhibitor", "exhibitors.showcase", "exhibitors.stand"]:
        first = queries_for(admin_client, url(label, "changelist"))
        second = queries_for(admin_client, url(label, "changelist") + "?p=2")
        assert second == first, label
    assert world


def test_no_list_filter_lists_exhibitors_or_showcases(admin_client, world):
    few = {label: filter_choice_counts(admin_client, label) for label in LABELS}
    factories.directory(MANY - FEW, world)
    many = {label: filter_choice_counts(admin_client, label) for label in LABELS}
    assert many == few
    assert max(count for counts in many.values() for count in counts.values()) < MANY


@pytest.mark.parametrize(
    "label", ["exhibitors.exhibitor", "exhibitors.showcase", "exhibitors.stand"]
)
def test_change_forms_do_not_list_exhibitors_or_showcases(admin_client, world, label):
    """Relations to large tables are autocompletes, which list only the chosen records: a select of
    every exhibitor or showcase would hold more options than there are of them."""
    factories.directory(MANY - FEW, world)
    obj = apps.get_model(label).objects.order_by("pk").last()
    html = admin_client.get(url(label, "change", obj.pk)).content.decode()
    assert len(re.findall(r"<option\b", html)) < MANY


def test_far_pages_show_the_rows_in_the_list_order(admin_client):
    """The second half of a list is read from its end: the same rows as counting from the start."""
    factories.directory(MANY)
    expected = [e.pk for e in Exhibitor.objects.order_by("name", "-pk")][100:]
    response = admin_client.get(url("exhibitors.exhibitor", "changelist"), {"p": 2})
    assert [e.pk for e in response.context["cl"].result_list] == expected
    showcases = [s.pk for s in Showcase.objects.order_by("name", "pk")]
    response = admin_client.get(url("exhibitors.showcase", "changelist"), {"p": 2})
    assert [s.pk for s in response.context["cl"].result_list] == showcases[100:]


def test_exhibitor_filters_by_country_and_sector_without_duplicates(admin_client, world):
    parent, child = world["sector"], world["child"]
    other = factories.exhibitor(name="Elsewhere Ltd", countries=("DE",), sectors=[child])
    listed = admin_client.get(url("exhibitors.exhibitor", "changelist"), {"country": "by"})
    in_sector = admin_client.get(url("exhibitors.exhibitor", "changelist"), {"sector": parent.slug})
    in_germany = admin_client.get(url("exhibitors.exhibitor", "changelist"), {"country": "DE"})
    assert listed.context["cl"].result_count == FEW
    assert in_sector.context["cl"].result_count == FEW + 1  # the sub-sector's counts
    assert [e.pk for e in in_germany.context["cl"].result_list] == [other.pk]


def test_showcase_filters_by_maker_country_and_sector(admin_client, world):
    german = factories.exhibitor(name="Elsewhere Ltd", countries=("DE",))
    made_in_germany = factories.showcase(world["exhibition"], german, name="Tractor")
    by_country = admin_client.get(url("exhibitors.showcase", "changelist"), {"country": "DE"})
    by_sector = admin_client.get(
        url("exhibitors.showcase", "changelist"), {"sector": world["sector"].slug}
    )
    assert [s.pk for s in by_country.context["cl"].result_list] == [made_in_germany.pk]
    assert by_sector.context["cl"].result_count == FEW


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Tractor", ["tractor"]),
        ("Трактор", ["tractor"]),
        ("tractor-t1", ["tractor"]),
        ("Belaz", ["tractor", "truck"]),
        ("Zhukovsky", []),
    ],
)
def test_showcase_search_finds_by_name_slug_and_maker(admin_client, world, query, expected):
    belaz = factories.exhibitor(slug="belaz", name="BelAZ")
    factories.showcase(
        world["exhibition"], belaz, slug="tractor-t1", name_en="Tractor", name_ru="Трактор"
    )
    factories.showcase(world["exhibition"], belaz, slug="truck", name="Dump truck")
    response = admin_client.get(url("exhibitors.showcase", "changelist"), {"q": query})
    found = sorted(s.slug.split("-")[0] for s in response.context["cl"].result_list)
    assert found == expected


def test_showcase_autocomplete_finds_by_name(admin_client, world):
    factories.showcase(world["exhibition"], slug="tractor", name="Tractor")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "programme",
            "model_name": "session",
            "field_name": "showcases",
            "term": "tractor",
        },
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Tractor"]


# PostgreSQL: estimates and indexes.


def analyse():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE exhibitors_showcase")


def counts_of_whole_table(queries, table):
    return [
        q["sql"]
        for q in queries
        if re.match(rf'SELECT COUNT\(\*\) AS "__count" FROM "{table}"\s*$', q["sql"])
    ]


@on_postgresql
def test_large_unfiltered_changelist_is_not_counted_and_says_about(
    admin_client, world, monkeypatch
):
    monkeypatch.setattr(EstimatedCountPaginator, "estimate_from", 1)  # three rows make it large
    analyse()
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get(url("exhibitors.showcase", "changelist"))
    html = response.content.decode()
    assert counts_of_whole_table(ctx.captured_queries, "exhibitors_showcase") == []
    assert response.context["cl"].paginator.count_is_estimate
    assert re.search(r">about 3</span> showcases", html)


@on_postgresql
def test_small_table_or_small_result_is_counted_exactly(admin_client, world, monkeypatch):
    analyse()
    changelist = url("exhibitors.showcase", "changelist")
    response = admin_client.get(changelist)
    assert not response.context["cl"].paginator.count_is_estimate  # 3 rows: under estimate_from
    assert "about" not in response.content.decode().split('class="paginator"')[1]
    monkeypatch.setattr(EstimatedCountPaginator, "estimate_from", 2)  # three rows make it large
    kept = admin_client.get(changelist, {"kind__exact": "product"}).context["cl"]
    few = admin_client.get(changelist, {"has_image": "yes"}).context["cl"]
    assert (kept.paginator.count_is_estimate, kept.result_count) == (True, FEW)  # planned: 3
    assert (few.paginator.count_is_estimate, few.result_count) == (False, 0)  # planned: 1


@on_postgresql
@pytest.mark.parametrize("label", ["exhibitors.exhibitor", "exhibitors.showcase"])
def test_search_is_not_distinct_nor_a_scan_of_showcases_on_postgresql(admin_client, world, label):
    """No ``DISTINCT`` over the list, and no ``icontains`` (``UPPER(...) LIKE``) on the showcases'
    columns: three million rows. (Tens of thousands of exhibitors are scanned for their slug,
    local name and city.)"""
    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get(url(label, "changelist"), {"q": "Exhibitor"})
    assert response.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert [q for q in sql if 'UPPER("exhibitors_showcase".' in q] == []
    assert [q for q in sql if 'SELECT DISTINCT "exhibitors_' in q] == []


def showcase_pages(world):
    """The showcase changelist with each filter value, a search and a far page: the queries that
    must not read the whole table."""
    return {
        "plain": {},
        "search": {"q": "Showcase"},
        "published": {"published__exact": "1"},
        "premiere": {"premiere__exact": "1"},
        "kind": {"kind__exact": "product"},
        "exhibition": {"exhibition__id__exact": world["exhibition"].pk},
        "country": {"country": "BY"},
        "sector": {"sector": world["sector"].slug},
        "with image": {"has_image": "yes"},
        "without image": {"has_image": "no"},
        **{f"lacks {value}": {"lacks_translation": value} for value in ("zh-hans", "ru", "either")},
        "complete": {"lacks_translation": "complete"},
        "by name, descending": {"o": "-2"},
    }


@on_postgresql
def test_showcase_changelist_reads_no_whole_table_on_postgresql(admin_client, world):
    """With sequential scans made the last resort, no query of any filter, search or order reads
    every showcase: an index answers each (the indexes of migration exhibitors 0008 among them)."""
    changelist = url("exhibitors.showcase", "changelist")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    full_scans = {}
    for name, params in showcase_pages(world).items():
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(changelist, params).status_code == 200
        for query in ctx.captured_queries:
            if "exhibitors_showcase" not in query["sql"] or query["sql"].startswith("EXPLAIN"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + query["sql"])
                plan = "\n".join(row[0] for row in cursor.fetchall())
            if "Seq Scan on exhibitors_showcase" in plan:
                full_scans.setdefault(name, []).append(query["sql"][:200])
    assert full_scans == {}


def test_exhibitor_form_links_to_its_showcases_instead_of_an_inline_each(admin_client, world):
    exhibitor = world["exhibitor"]
    factories.showcase(world["exhibition"], exhibitor, name="Second")
    response = admin_client.get(url("exhibitors.exhibitor", "change", exhibitor.pk))
    html = response.content.decode()
    assert [f.formset.prefix for f in response.context["inline_admin_formsets"]] == ["stands"]
    listed = f"{url('exhibitors.showcase', 'changelist')}?exhibitor__id__exact={exhibitor.pk}"
    assert f'<a href="{listed}">2 showcases</a>' in html
    showcases = admin_client.get(listed).context["cl"].result_list
    assert sorted(s.name for s in showcases) == sorted(
        s.name for s in Showcase.objects.filter(exhibitor=exhibitor)
    )


def test_exhibitor_form_saves_without_a_showcase_inline(admin_client, world):
    exhibitor = world["exhibitor"]
    stand = exhibitor.stands.get()
    response = admin_client.post(
        url("exhibitors.exhibitor", "change", exhibitor.pk),
        {
            "name_en": "Renamed",
            "slug": exhibitor.slug,
            "original_language": "en",
            "kind": exhibitor.kind,
            "countries": [c.pk for c in exhibitor.countries.all()],
            "published": "on",
            "stands-TOTAL_FORMS": "1",
            "stands-INITIAL_FORMS": "1",
            "stands-0-id": stand.pk,
            "stands-0-exhibitor": exhibitor.pk,
            "stands-0-exhibition": stand.exhibition_id,
            "stands-0-kind": "stand",
        },
    )
    assert response.status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.name_en == "Renamed"
    assert exhibitor.showcases.count() == 1


@on_postgresql
def test_search_of_a_common_word_lists_the_first_matches_and_says_so(
    admin_client, world, monkeypatch
):
    """Each kind of match stops at ``search_limit`` records: finding every showcase named with a
    common word, to sort them, would read most of a table of millions."""
    showcase_admin = type(admin.site.get_model_admin(Showcase))
    monkeypatch.setattr(showcase_admin, "search_limit", 2)
    response = admin_client.get(url("exhibitors.showcase", "changelist"), {"q": "Showcase"})
    assert response.context["cl"].result_count < FEW  # of the three, named "Showcase <n>"
    assert [str(m) for m in response.context["messages"]] == [
        "Many records match “Showcase”: this list shows the first 2 of each kind of match. "
        "Add a word or a filter to see others."
    ]
    autocomplete = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "programme", "model_name": "session", "field_name": "showcases", "term": "x"},
    )
    assert autocomplete.status_code == 200
