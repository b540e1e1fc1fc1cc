"""Open-data downloads: typed JSON, the CSV's text format, 400 for invalid filters, CORS, and the
list pages' ``rel="alternate"`` links to them."""

import csv
import io
import json
from html.parser import HTMLParser

import pytest
from hypothesis import strategies as st

from tests import factories
from tests.test_fuzz import EXAMPLES, encode, fuzz, values

pytestmark = pytest.mark.django_db

EXPORTS = [
    "/exhibitors/data.csv",
    "/exhibitors/data.json",
    "/showcases/data.csv",
    "/showcases/data.json",
]
OPEN_DATA = [*EXPORTS, "/datapackage.json"]
EXHIBITOR_FILTERS = ("q", "country", "sector", "pavilion", "exhibition", "kind", "sort")
SHOWCASE_FILTERS = ("q", "kind", "sector", "country", "exhibition", "exhibitor", "sort")


@pytest.fixture
def directory():
    """An exhibitor with every field filled in, one with none of the optional ones, and their
    showcases (one a premiere, one without a named maker)."""
    expo = factories.exhibition(slug="sce-2022")
    pavilion = factories.pavilion(expo, slug="belarus", country=factories.country("BY"))
    robotics = factories.sector(slug="robotics")
    farming = factories.sector(slug="farming")
    full = factories.exhibitor(
        slug="zongshen-gomselmash",
        name="Zongshen-Gomselmash",
        countries=("BY", "CN"),
        sectors=[farming, robotics],
        kind="joint_venture",
        website="https://example.com/zg",
        founded=2019,
        headquarters="Chongqing",
        summary="Harvesters for China.",
    )
    factories.stand(full, expo, pavilion)
    bare = factories.exhibitor(slug="bare", name="Bare Co", countries=("CN",))
    factories.showcase(
        expo, full, slug="harvester", name="Harvester", sectors=[farming], premiere=True
    )
    factories.showcase(expo, None, slug="robotaxi", name="Robotaxi", kind="application")
    return {"full": full, "bare": bare, "expo": expo}


def download(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def json_results(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {record["slug"]: record for record in json.loads(download(response))["results"]}


def csv_rows(client, url):
    text = download(client.get(url)).decode()
    return {row["slug"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


def test_exhibitor_export_json_values_are_typed(client, directory):
    records = json_results(client, "/exhibitors/data.json")

    assert records["zongshen-gomselmash"] == {
        "slug": "zongshen-gomselmash",
        "name": "Zongshen-Gomselmash",
        "kind": "joint_venture",
        "countries": ["BY", "CN"],
        "sectors": ["farming", "robotics"],
        "exhibitions": ["sce-2022"],
        "pavilions": ["belarus"],
        "website": "https://example.com/zg",
        "founded": 2019,
        "headquarters": "Chongqing",
        "summary": "Harvesters for China.",
        "url": "http://testserver/exhibitors/zongshen-gomselmash/",
    }


def test_exhibitor_export_json_empty_values_are_null_and_empty_lists_arrays(client, directory):
    record = json_results(client, "/exhibitors/data.json")["bare"]

    assert [record[name] for name in ("website", "founded", "headquarters", "summary")] == [
        None
    ] * 4
    assert [record[name] for name in ("sectors", "exhibitions", "pavilions")] == [[], [], []]


def test_showcase_export_json_premiere_is_boolean_and_unnamed_maker_null(client, directory):
    records = json_results(client, "/showcases/data.json")

    harvester, robotaxi = records["harvester"], records["robotaxi"]
    assert (harvester["premiere"], harvester["exhibitor"], harvester["countries"]) == (
        True,
        "zongshen-gomselmash",
        ["BY", "CN"],
    )
    assert (robotaxi["premiere"], robotaxi["exhibitor"], robotaxi["countries"]) == (False, None, [])
    assert robotaxi["sectors"] == []


def test_export_json_head_names_licence_columns_and_package(client, directory):
    data = json.loads(download(client.get("/showcases/data.json?kind=product")))

    assert data["licence"].startswith("CC BY 4.0")
    assert data["source"] == "http://testserver/showcases/data.json?kind=product"
    assert data["columns"] == list(data["results"][0])
    assert data["datapackage"] == "http://testserver/datapackage.json"


def test_export_csv_keeps_its_text_format(client, directory):
    exhibitors = csv_rows(client, "/exhibitors/data.csv")
    showcases = csv_rows(client, "/showcases/data.csv")

    full, bare = exhibitors["zongshen-gomselmash"], exhibitors["bare"]
    assert (full["countries"], full["sectors"], full["founded"]) == (
        "BY;CN",
        "farming;robotics",
        "2019",
    )
    assert (bare["sectors"], bare["website"], bare["founded"]) == ("", "", "")
    assert (showcases["harvester"]["premiere"], showcases["robotaxi"]["premiere"]) == (
        "true",
        "false",
    )
    assert showcases["robotaxi"]["exhibitor"] == ""


@pytest.mark.parametrize("url", ["/exhibitors/data.csv", "/showcases/data.csv"])
@pytest.mark.parametrize("query", ["kind=spaceship", "sort=password", "country=%00", "q=a%00b"])
def test_export_csv_invalid_filter_answers_400_naming_the_parameter(client, directory, url, query):
    response = client.get(f"{url}?{query}")

    name = query.split("=")[0]
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith(f"Invalid query parameter {name}: ")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_export_json_invalid_filter_answers_400_as_json(client, directory):
    response = client.get("/exhibitors/data.json?kind=spaceship&country=by")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "error": "Some query parameters are not valid.",
        "parameters": {
            "kind": ["Select a valid choice. spaceship is not one of the available choices."]
        },
    }


def test_export_invalid_filter_writes_no_file(client, directory, settings):
    client.get("/exhibitors/data.csv?kind=spaceship")

    assert not settings.EXPORT_CACHE_DIR.exists() or list(settings.EXPORT_CACHE_DIR.iterdir()) == []


def test_export_unknown_value_is_still_an_empty_file(client, directory):
    # A value that is valid but names nothing is an honest empty result, as on the page.
    response = client.get("/exhibitors/data.csv?country=zz")

    assert response.status_code == 200
    assert download(response).decode().splitlines()[1:] == []


def test_export_unknown_format_is_404(client, directory):
    assert client.get("/exhibitors/data.xml?kind=spaceship").status_code == 404


@pytest.mark.parametrize("url", OPEN_DATA)
def test_open_data_readable_from_any_origin(client, directory, url):
    response = client.get(url, headers={"Origin": "https://elsewhere.example"})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Origin" not in response.get("Vary", "")  # the same answer for every origin


@pytest.mark.parametrize(
    "url",
    ["/", "/exhibitors/", "/exhibitors/bare/", "/showcases/", "/sitemap.xml", "/admin/login/"],
)
def test_pages_and_admin_not_opened_to_other_origins(client, directory, url):
    response = client.get(url, headers={"Origin": "https://elsewhere.example"})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_datapackage_served_from_page_cache_keeps_cors_header(client, directory):
    first = client.get("/datapackage.json")
    again = client.get("/datapackage.json", headers={"Accept-Encoding": "gzip"})

    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again["Access-Control-Allow-Origin"] == "*"
    assert again["Content-Encoding"] == "gzip"
    assert again["Vary"] == "Accept-Encoding"
    assert again["ETag"] == first["ETag"]


def test_export_links_licence_and_package(client, directory):
    response = client.get("/exhibitors/data.csv")

    assert response["Link"] == (
        '<https://creativecommons.org/licenses/by/4.0/>; rel="license", '
        '<http://testserver/datapackage.json>; rel="describedby"; type="application/json"'
    )


class HeadLinks(HTMLParser):
    """The ``<link rel="alternate">`` tags of a page, and whether each is inside ``<head>``."""

    def __init__(self, html):
        super().__init__()
        self.in_head = False
        self.alternates = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" not in attrs:
            self.alternates.append((self.in_head, attrs["type"], attrs["href"], attrs["title"]))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


@pytest.mark.parametrize(
    "page, export, noun",
    [
        ("/exhibitors/", "/exhibitors/data", "exhibitors"),
        ("/showcases/", "/showcases/data", "showcases"),
    ],
)
def test_list_head_links_its_csv_and_json_with_its_filters(client, directory, page, export, noun):
    html = client.get(f"{page}?sector=farming&country=by&page=2&utm_source=x").content.decode()

    query = "country=by&sector=farming"  # canonical: known filters, in order, without the page
    assert HeadLinks(html).alternates == [
        (True, "text/csv", f"{export}.csv?{query}", f"These {noun} as CSV (open data)"),
        (True, "application/json", f"{export}.json?{query}", f"These {noun} as JSON (open data)"),
    ]


def test_list_head_links_match_the_download_links(client, directory):
    html = client.get("/exhibitors/?country=cn").content.decode()

    for _in_head, _type, href, _title in HeadLinks(html).alternates:
        assert f'href="{href}" rel="nofollow"' in html


def test_list_head_links_whole_list_without_query(client, directory):
    alternates = HeadLinks(client.get("/exhibitors/").content.decode()).alternates

    assert [href for _, _, href, _ in alternates] == [
        "/exhibitors/data.csv",
        "/exhibitors/data.json",
    ]


def test_list_head_links_nothing_for_invalid_filters(client, directory):
    # The downloads would answer 400 for these.
    assert HeadLinks(client.get("/exhibitors/?kind=spaceship").content.decode()).alternates == []


@pytest.mark.parametrize(
    "url, params",
    [("/exhibitors/data.csv", EXHIBITOR_FILTERS), ("/showcases/data.json", SHOWCASE_FILTERS)],
)
def test_export_filter_junk_answers_200_or_400_never_500(client, shipped_data, url, params):
    query = st.lists(
        st.tuples(st.sampled_from(params), st.one_of(*(values(p) for p in params))),
        min_size=1,
        max_size=8,
    )
    sent = fuzz(client, query, lambda q: f"{url}?" + "&".join(f"{k}={encode(v)}" for k, v in q))
    assert sent >= EXAMPLES
