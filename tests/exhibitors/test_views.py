from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exhibitors.models import Exhibitor
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ex = factories.exhibition(slug="sce-2022")
    agri = factories.sector(slug="agriculture", name="Agriculture")
    machines = factories.sector(slug="agricultural-machinery", parent=agri)
    robots = factories.sector(slug="robotics")
    pav = factories.pavilion(ex, slug="belarus", country=factories.country("BY"))
    jv = factories.exhibitor(
        name="Zongshen-Gomselmash", countries=("BY", "CN"), sectors=[machines], kind="joint_venture"
    )
    volat = factories.exhibitor(name="Sanjiang-Volat", countries=("BY", "CN"), sectors=[robots])
    baidu = factories.exhibitor(name="Baidu", countries=("CN",), sectors=[robots])
    gomselmash = factories.exhibitor(name="Gomselmash", countries=("BY",), sectors=[machines])
    jv.partners.add(gomselmash)
    factories.stand(jv, ex, pav)
    factories.stand(volat, ex, pav)
    factories.stand(baidu, ex)
    factories.showcase(ex, jv, name="Forage harvester", sectors=[machines])
    factories.showcase(ex, baidu, name="Robotaxi", kind="application", sectors=[robots])
    factories.showcase(ex, None, name="8K decoder")
    return {"jv": jv, "volat": volat, "baidu": baidu, "gomselmash": gomselmash, "pavilion": pav}


def names(response):
    return [obj.name for obj in response.context["object_list"]]


def test_exhibitor_list_shows_all_published_by_name(client, world):
    factories.exhibitor(name="Hidden Co", published=False)
    response = client.get("/exhibitors/")
    assert names(response) == ["Baidu", "Gomselmash", "Sanjiang-Volat", "Zongshen-Gomselmash"]


def test_exhibitor_list_filters_by_country(client, world):
    assert names(client.get("/exhibitors/?country=cn")) == [
        "Baidu",
        "Sanjiang-Volat",
        "Zongshen-Gomselmash",
    ]


def test_exhibitor_list_filters_by_parent_sector_including_children(client, world):
    assert names(client.get("/exhibitors/?sector=agriculture")) == [
        "Gomselmash",
        "Zongshen-Gomselmash",
    ]


def test_exhibitor_list_filters_combine(client, world):
    response = client.get("/exhibitors/?country=cn&sector=agricultural-machinery")
    assert names(response) == ["Zongshen-Gomselmash"]


def test_exhibitor_list_filters_by_pavilion_and_exhibition(client, world):
    assert names(client.get("/exhibitors/?pavilion=belarus")) == [
        "Sanjiang-Volat",
        "Zongshen-Gomselmash",
    ]
    assert names(client.get("/exhibitors/?exhibition=sce-2022")) == [
        "Baidu",
        "Sanjiang-Volat",
        "Zongshen-Gomselmash",
    ]


def test_exhibitor_list_filters_by_kind_and_search(client, world):
    assert names(client.get("/exhibitors/?kind=joint_venture")) == ["Zongshen-Gomselmash"]
    assert names(client.get("/exhibitors/?q=gomsel")) == ["Gomselmash", "Zongshen-Gomselmash"]


def test_exhibitor_list_sorts_by_country_then_name(client, world):
    assert names(client.get("/exhibitors/?sort=country")) == [
        "Gomselmash",
        "Sanjiang-Volat",
        "Zongshen-Gomselmash",
        "Baidu",
    ]


def test_exhibitor_list_sorted_by_country_within_one_country_is_sorted_by_name(client, world):
    # Sanjiang-Volat and the joint venture are Belarusian too, which would put them first.
    assert names(client.get("/exhibitors/?country=cn&sort=country")) == [
        "Baidu",
        "Sanjiang-Volat",
        "Zongshen-Gomselmash",
    ]


def test_exhibitor_list_sorts_newest_first(client, world):
    # Last by name, so only the sort can put it first.
    newest = factories.exhibitor(name="Zz Newest")
    Exhibitor.objects.filter(pk=newest.pk).update(created_at=timezone.now() + timedelta(days=1))
    assert names(client.get("/exhibitors/?sort=newest"))[0] == newest.name
    assert names(client.get("/exhibitors/"))[0] != newest.name


def test_exhibitor_list_search_orders_by_relevance_then_name(client, world):
    assert names(client.get("/exhibitors/?q=gomselmash")) == ["Gomselmash", "Zongshen-Gomselmash"]


@pytest.mark.parametrize(
    "query",
    [
        "country=zz",
        "country=belarus",
        "sector=no-such-sector",
        "pavilion=nowhere",
        "exhibition=1999",
    ],
)
def test_exhibitor_list_unknown_filter_value_gives_empty_list(client, world, query):
    # "belarus" is not a code, and must not be read as BE (Belgium).
    factories.exhibitor(name="Belgian Co", countries=("BE",))
    response = client.get(f"/exhibitors/?{query}")
    assert response.status_code == 200
    assert names(response) == []
    assert response.context["result_count"] == 0
    assert "No exhibitor matches this filter" in response.content.decode()


@pytest.mark.parametrize("query", ["kind=spaceship", "sort=password", "country=%00", "sector=%00"])
def test_exhibitor_list_invalid_value_gives_empty_list_with_message(client, world, query):
    response = client.get(f"/exhibitors/?{query}")
    assert response.status_code == 200
    assert names(response) == []
    assert "are not valid" in response.content.decode()


# Unicode that str.upper(), casefold() or NFKC turn into a real value: ﬁ (the ligature) upper-cases
# to FI, ß to SS (South Sudan), dotless ı to I; fullwidth letters and the long s ſ normalise to ASCII.
LOOKALIKE_QUERIES = [
    "country=%EF%AC%81",  # ﬁ
    "country=%C3%9F",  # ß
    "country=f%C4%B1",  # fı
    "country=%EF%BC%A6%EF%BC%A9",  # ＦＩ
    "country=%EF%BD%86%EF%BD%89",  # ｆｉ
    "sector=%EF%BD%92obotics",  # ｒobotics
    "sector=robot%C4%B1cs",  # robotıcs
    "exhibition=%C5%BFce-2022",  # ſce-2022
]
EXHIBITOR_LOOKALIKE_QUERIES = [
    *LOOKALIKE_QUERIES,
    "pavilion=%EF%BD%82elarus",  # ｂelarus
    "kind=%EF%BD%8Aoint_venture",  # ｊoint_venture
    "kind=jo%C4%B1nt_venture",  # joınt_venture
]
SHOWCASE_LOOKALIKE_QUERIES = [
    *LOOKALIKE_QUERIES,
    "kind=%EF%BD%81pplication",  # ａpplication
    "kind=appl%C4%B1cation",  # applıcation
    "exhibitor=%EF%BD%86inland-co",  # ｆinland-co
]


@pytest.fixture
def lookalike_world(world):
    """The world, with a Finnish and a South Sudanese exhibitor that a folded code would list."""
    for code, name in (("FI", "Finland"), ("SS", "South Sudan")):
        slug = f"{name.lower().replace(' ', '-')}-co"
        maker = factories.exhibitor(slug=slug, name=f"{name} Co", countries=(code,))
        factories.showcase(world["pavilion"].exhibition, maker, name=f"{name} Robot")
    return world


@pytest.mark.parametrize("query", EXHIBITOR_LOOKALIKE_QUERIES)
def test_exhibitor_list_unicode_lookalike_filter_value_gives_empty_list(
    client, lookalike_world, query
):
    response = client.get(f"/exhibitors/?{query}")
    assert response.status_code == 200
    assert names(response) == []
    assert response.context["result_count"] == 0


@pytest.mark.parametrize("query", SHOWCASE_LOOKALIKE_QUERIES)
def test_showcase_list_unicode_lookalike_filter_value_gives_empty_list(
    client, lookalike_world, query
):
    response = client.get(f"/showcases/?{query}")
    assert response.status_code == 200
    assert names(response) == []


@pytest.mark.parametrize("url", ["/exhibitors/data.csv", "/showcases/data.csv"])
@pytest.mark.parametrize(
    "query", ["country=%EF%AC%81", "country=%C3%9F", "sector=%EF%BD%92obotics"]
)
def test_export_unicode_lookalike_filter_value_gives_header_only(
    client, lookalike_world, url, query
):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode().splitlines()[1:] == []


@pytest.mark.parametrize("query", ["country=fi", "country=FI", "country=%20fi%20"])
def test_exhibitor_list_ascii_country_code_any_case_filters(client, lookalike_world, query):
    assert names(client.get(f"/exhibitors/?{query}")) == ["Finland Co"]


@pytest.mark.parametrize(
    "url, query",
    [
        ("/exhibitors/", "country=ss"),
        ("/exhibitors/", "sector=robotics"),
        ("/exhibitors/", "exhibition=sce-2022"),
        ("/exhibitors/", "pavilion=belarus"),
        ("/exhibitors/", "kind=joint_venture"),
        ("/showcases/", "kind=application"),
        ("/showcases/", "exhibitor=finland-co"),
    ],
)
def test_directory_ascii_spelling_of_lookalike_value_filters(client, lookalike_world, url, query):
    # What the look-alikes above would match if they were folded: the tests of them are not empty.
    assert names(client.get(f"{url}?{query}")) != []


@pytest.mark.parametrize("page", ["-1", "0", "abc", "999999", "%00"])
def test_exhibitor_list_bad_page_shows_a_page(client, world, page):
    response = client.get(f"/exhibitors/?page={page}")
    assert response.status_code == 200
    assert names(response) == ["Baidu", "Gomselmash", "Sanjiang-Volat", "Zongshen-Gomselmash"]


def test_exhibitor_list_long_query_answers_normally(client, world):
    response = client.get("/exhibitors/", {"q": "x" * 10_000})
    assert response.status_code == 200
    assert names(response) == []


def test_exhibitor_list_pagination_keeps_filters(client, world, settings):
    for i in range(30):
        factories.exhibitor(name=f"Chinese Co {i:02d}", countries=("CN",))
    response = client.get("/exhibitors/?country=cn")
    assert response.context["paginator"].count == 33
    body = response.content.decode()
    assert 'href="?country=cn&amp;page=2"' in body
    assert 'href="/exhibitors/data.csv?country=cn"' in body
    page2 = client.get("/exhibitors/?country=cn&page=2")
    assert len(names(page2)) == 33 - 24


def test_exhibitor_detail_links_pavilion_countries_sectors_and_partners(client, world):
    response = client.get(world["jv"].get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="/pavilions/belarus/"' in body
    assert 'href="/countries/by/"' in body
    assert 'href="/countries/cn/"' in body
    assert 'href="/sectors/agricultural-machinery/"' in body
    assert f'href="{world["gomselmash"].get_absolute_url()}"' in body
    assert "Forage harvester" in body


def test_exhibitor_detail_partner_links_back(client, world):
    body = client.get(world["gomselmash"].get_absolute_url()).content.decode()
    assert f'href="{world["jv"].get_absolute_url()}"' in body


def test_exhibitor_detail_unpublished_is_404(client, world):
    hidden = factories.exhibitor(published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_showcase_list_filters_by_kind_sector_and_exhibitor(client, world):
    assert names(client.get("/showcases/?kind=application")) == ["Robotaxi"]
    assert names(client.get("/showcases/?sector=agriculture")) == ["Forage harvester"]
    response = client.get(f"/showcases/?exhibitor={world['baidu'].slug}")
    assert names(response) == ["Robotaxi"]


def test_showcase_list_filters_by_country(client, world):
    assert names(client.get("/showcases/?country=by")) == ["Forage harvester"]


def test_showcase_list_hides_showcases_of_unpublished_exhibitors(client, world):
    world["baidu"].published = False
    world["baidu"].save()
    assert names(client.get("/showcases/")) == ["8K decoder", "Forage harvester"]


def test_showcase_detail_without_maker_says_so(client, world):
    decoder = world["jv"].showcases.model.objects.get(name="8K decoder")
    body = client.get(decoder.get_absolute_url()).content.decode()
    assert "Not named in the source" in body


def test_showcase_detail_links_exhibitor(client, world):
    harvester = world["jv"].showcases.get()
    body = client.get(harvester.get_absolute_url()).content.decode()
    assert f'href="{world["jv"].get_absolute_url()}"' in body


def facet(response, name):
    facet = next(f for f in response.context["facets"] if f.name == name)
    return {o.value: o.count for o in facet.options}


def test_exhibitor_facets_count_each_option(client, world):
    response = client.get("/exhibitors/")
    assert facet(response, "country") == {"by": 3, "cn": 3}
    assert facet(response, "sector") == {
        "agriculture": 2,
        "agricultural-machinery": 2,
        "robotics": 2,
    }
    assert facet(response, "pavilion") == {"belarus": 2}
    assert facet(response, "kind") == {"company": 3, "joint_venture": 1}


def test_exhibitor_facets_apply_other_filters_but_not_their_own(client, world):
    response = client.get("/exhibitors/?country=CN")
    # The country facet ignores the country filter, so Belarus is still offered...
    assert facet(response, "country") == {"by": 3, "cn": 3}
    # ...while the other facets count only Chinese exhibitors.
    assert facet(response, "sector") == {
        "agriculture": 1,
        "agricultural-machinery": 1,
        "robotics": 2,
    }
    assert facet(response, "kind") == {"company": 2, "joint_venture": 1}
    assert response.context["result_count"] == 3


def test_exhibitor_facet_links_keep_other_filters_and_drop_page(client, world):
    response = client.get("/exhibitors/?country=CN&page=2&q=Sanjiang")
    sector = next(f for f in response.context["facets"] if f.name == "sector")
    robotics = next(o for o in sector.options if o.value == "robotics")
    assert robotics.query == "country=CN&q=Sanjiang&sector=robotics"
    belarus = next(o for o in response.context["facets"][0].options if o.value == "by")
    assert belarus.query == "country=by&q=Sanjiang"


def test_exhibitor_chips_show_active_filters_with_remove_links(client, world):
    response = client.get("/exhibitors/?country=CN&sector=robotics")
    chips = response.context["chips"]
    assert [(c["label"], c["value"], c["query"]) for c in chips] == [
        ("Country", "China", "sector=robotics"),
        ("Sector", "Robotics", "country=CN"),
    ]
    assert names(response) == ["Baidu", "Sanjiang-Volat"]


def test_showcase_facets_count_each_option(client, world):
    response = client.get("/showcases/")
    assert facet(response, "kind") == {"product": 2, "application": 1}
    assert facet(response, "country") == {"by": 1, "cn": 2}
    assert response.context["result_count"] == 3


def test_exhibitor_export_csv_applies_filters(client, world):
    response = client.get("/exhibitors/data.csv?country=CN&sector=robotics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == (
        "slug,name,kind,countries,sectors,exhibitions,pavilions,website,founded,headquarters,"
        "summary,url"
    )
    assert [line.split(",")[1] for line in lines[1:]] == ["Baidu", "Sanjiang-Volat"]
    assert 'rel="license"' in response["Link"]


def test_exhibitor_export_json_has_licence_columns_and_rows(client, world):
    import json

    response = client.get("/exhibitors/data.json?kind=joint_venture")
    data = json.loads(b"".join(response.streaming_content))
    assert data["licence"].startswith("CC BY 4.0")
    assert data["columns"][:3] == ["slug", "name", "kind"]
    assert [(r["name"], r["countries"], r["pavilions"]) for r in data["results"]] == [
        ("Zongshen-Gomselmash", ["BY", "CN"], ["belarus"])
    ]


def test_showcase_export_csv_neutralises_formulas(client, world):
    ex = world["jv"].stands.get().exhibition
    factories.showcase(ex, None, name="=HYPERLINK(1)", summary="@SUM(A1)")
    body = b"".join(client.get("/showcases/data.csv").streaming_content).decode()
    assert "'=HYPERLINK(1)" in body
    assert "'@SUM(A1)" in body
    assert "\n=HYPERLINK" not in body


def test_export_unknown_format_is_404(client, world):
    assert client.get("/exhibitors/data.xml").status_code == 404


def download(response):
    return b"".join(response.streaming_content)


def test_export_is_sent_whole_with_its_length(client, world):
    for url in ("/exhibitors/data.csv", "/showcases/data.json?kind=product"):
        response = client.get(url)
        body = download(response)
        assert int(response["Content-Length"]) == len(body)
        assert response["Content-Disposition"].startswith("attachment;")


def test_export_whole_list_built_once_per_content_version(client, world, settings):
    first = download(client.get("/exhibitors/data.csv"))
    kept = sorted(p.name for p in settings.EXPORT_CACHE_DIR.iterdir())
    assert len(kept) == 1
    # The kept file answers without reading a single exhibitor again.
    with CaptureQueriesContext(connection) as queries:
        again = download(client.get("/exhibitors/data.csv"))
    assert again == first
    assert [q["sql"] for q in queries if "exhibitor" in q["sql"].lower()] == []
    # A change makes a new version: the download shows it, and the old file is gone.
    factories.exhibitor(name="Added Later Ltd", countries=("CN",))
    changed = download(client.get("/exhibitors/data.csv")).decode()
    assert "Added Later Ltd" in changed
    assert len(list(settings.EXPORT_CACHE_DIR.iterdir())) == 1
    assert sorted(p.name for p in settings.EXPORT_CACHE_DIR.iterdir()) != kept


def test_export_filtered_downloads_kept_up_to_a_bound(client, world, settings):
    settings.EXPORT_CACHE_FILES = 2
    first = download(client.get("/exhibitors/data.csv?country=cn"))
    download(client.get("/exhibitors/data.csv?sort=newest"))
    assert len(list(settings.EXPORT_CACHE_DIR.iterdir())) == 2
    # Past the bound a download is built for its request, and still complete.
    third = client.get("/exhibitors/data.csv?country=by")
    assert int(third["Content-Length"]) == len(download(third))
    assert len(list(settings.EXPORT_CACHE_DIR.iterdir())) == 2
    assert download(client.get("/exhibitors/data.csv?country=cn")) == first


def test_export_ignores_unknown_parameters(client, world, settings):
    plain = download(client.get("/exhibitors/data.csv"))
    assert download(client.get("/exhibitors/data.csv?utm_source=x&zz=1")) == plain
    assert len(list(settings.EXPORT_CACHE_DIR.iterdir())) == 1
