"""The open web: JSON-LD on every page type, canonical links, OpenGraph, sitemap.xml and robots.txt."""

import json
from html.parser import HTMLParser

import pytest
from django.core.cache import cache

from core.structured_data import for_object
from exhibitors.structured_data import exhibitor_data, showcase_data
from tests import factories
from tests.querycount import queries_for
from tests.sitemaps import sitemap_entries, sitemap_files

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
SCE_2022 = "/exhibitions/smart-china-expo-2022/"
PAYLOAD = "</script><script>alert(1)</script>"


class Page(HTMLParser):
    """What a crawler reads from a page: title, meta tags, canonical links and JSON-LD blocks.

    Python's parser ends a ``<script>`` at the first ``</script`` as browsers do, so a name that broke
    out of its JSON-LD block would show up here as broken JSON or as an extra script.
    """

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta = {}
        self.canonical = []
        self.json_ld_texts = []
        self.json_ld_in_body = []
        self.inline_scripts = 0
        self._in = None
        self._in_body = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self._in_body = True
        if tag == "script":
            if attrs.get("type") == "application/ld+json":
                self._in = "json_ld"
                self.json_ld_texts.append("")
                self.json_ld_in_body.append(self._in_body)
            elif "src" not in attrs:
                self.inline_scripts += 1
        elif tag == "title":
            self._in = "title"
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "title"):
            self._in = None

    def handle_data(self, data):
        if self._in == "json_ld":
            self.json_ld_texts[-1] += data
        elif self._in == "title":
            self.title += data

    @property
    def json_ld(self):
        return [json.loads(text) for text in self.json_ld_texts]

    @property
    def head_json_ld(self):
        """The blocks in ``<head>``: the page's main entity (and the site on the home page). The
        page-level nodes (breadcrumbs, lists, quotations) come at the end of ``<body>``."""
        placed = zip(self.json_ld_texts, self.json_ld_in_body, strict=True)
        return [json.loads(text) for text, in_body in placed if not in_body]


def get_page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Page(response.content.decode())


def only_json_ld(client, url):
    blocks = get_page(client, url).head_json_ld
    assert len(blocks) == 1, url
    assert blocks[0]["@context"] == "https://schema.org"
    return blocks[0]


def sitemap_locations(client):
    """The English pages of the sitemaps, in their order (each also listed in Chinese and Russian)."""
    return [
        location
        for location in sitemap_entries(client)
        if not location.startswith((ORIGIN + "/zh-hans/", ORIGIN + "/ru/"))
    ]


# JSON-LD on the shipped data.


def test_exhibition_json_ld_gives_dates_place_mode_and_card(client, shipped_data):
    data = only_json_ld(client, SCE_2022)
    assert data["@type"] == "ExhibitionEvent"
    assert data["@id"] == ORIGIN + SCE_2022 + "#event"
    assert data["name"] == "Smart China Expo 2022"
    assert data["url"] == ORIGIN + SCE_2022
    assert (data["startDate"], data["endDate"]) == ("2022-08-22", "2022-08-24")
    assert data["location"] == {
        "@type": "Place",
        "name": "Liangjiang New Area, Chongqing",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Chongqing",
            "addressCountry": "CN",
        },
    }
    # No source names an organiser of the 2022 edition: no organizer.
    assert "organizer" not in data
    assert data["sameAs"] == "https://www.smartchina-expo.cn/"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    # The sources place the 2022 edition at a venue in Chongqing.
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["image"] == [ORIGIN + "/share-cards/exhibition/smart-china-expo-2022.png"]


def test_home_json_ld_describes_site_and_current_exhibition(client, shipped_data):
    website, exhibition = get_page(client, "/").head_json_ld
    assert website["@type"] == "WebSite"
    assert website["url"] == ORIGIN + "/"
    assert website["potentialAction"]["target"]["urlTemplate"] == (
        ORIGIN + "/search/?q={search_term_string}"
    )
    assert exhibition["@type"] == "ExhibitionEvent"
    assert exhibition["startDate"] == "2022-08-22"
    assert exhibition["location"]["address"]["addressLocality"] == "Chongqing"


def test_pavilion_json_ld_is_sub_event_of_its_exhibition(client, shipped_data):
    data = only_json_ld(client, "/pavilions/belarus-pavilion-sce-2022/")
    assert data["@type"] == "ExhibitionEvent"
    assert data["name"] == "Belarusian pavilion"
    assert data["superEvent"]["@id"] == ORIGIN + SCE_2022 + "#event"
    assert data["superEvent"]["name"] == "Smart China Expo 2022"
    assert (data["startDate"], data["endDate"]) == ("2022-08-22", "2022-08-24")
    assert data["about"] == {"@type": "Country", "name": "Belarus", "identifier": "BY"}
    assert "organizer" not in data  # free text ("..., with partner companies")
    assert data["location"]["address"]["addressLocality"] == "Chongqing"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["image"] == [ORIGIN + "/share-cards/pavilion/belarus-pavilion-sce-2022.png"]


def test_exhibitor_json_ld_links_joint_venture_and_its_parents_both_ways(client, shipped_data):
    venture = only_json_ld(client, "/exhibitors/zongshen-gomselmash/")
    assert venture["@type"] == "Organization"
    assert venture["mainEntityOfPage"] == ORIGIN + "/exhibitors/zongshen-gomselmash/"
    assert "url" not in venture  # no website of its own in the data
    # Belarusian and Chinese, but its plant stands in China.
    assert venture["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Wei County, Handan",
        "addressCountry": "CN",
    }
    assert sorted(p["name"] for p in venture["parentOrganization"]) == [
        "Gomselmash",
        "Zongshen Industrial Group",
    ]
    assert [e["@id"] for e in venture["event"]] == [ORIGIN + SCE_2022 + "#event"]
    parent = only_json_ld(client, "/exhibitors/gomselmash/")
    assert [s["@id"] for s in parent["subOrganization"]] == [venture["@id"]]
    assert parent["foundingDate"] == "1930"
    assert parent["alternateName"] == "Гомсельмаш"
    assert parent["location"] == {"@type": "Place", "name": "Gomel"}
    assert "parentOrganization" not in parent


def test_exhibitor_json_ld_names_its_website_as_url(client, shipped_data):
    data = only_json_ld(client, "/exhibitors/great-stone-industrial-park/")
    assert data["url"] == "https://industrialpark.by"
    assert "sameAs" not in data  # the data holds no profile elsewhere
    assert data["name"] == "China-Belarus Great Stone Industrial Park"


def test_showcase_product_json_ld_names_its_manufacturer(client, shipped_data):
    data = only_json_ld(client, "/showcases/zongshen-gomselmash-products/")
    assert data["@type"] == "Product"
    assert data["manufacturer"] == {
        "@type": "Organization",
        "@id": ORIGIN + "/exhibitors/zongshen-gomselmash/#organization",
        "name": "Zongshen-Gomselmash",
    }
    assert data["keywords"] == ["Agricultural machinery"]


def test_showcase_technology_json_ld_is_creative_work_without_maker(client, shipped_data):
    data = only_json_ld(client, "/showcases/intelligent-desert-farming/")
    assert data["@type"] == "CreativeWork"
    assert data["genre"] == "Technology"
    assert "creator" not in data
    assert "manufacturer" not in data


def test_showcase_application_json_ld_without_maker_names_no_creator(client, shipped_data):
    data = only_json_ld(client, "/showcases/city-management-big-data-platform/")
    assert data["@type"] == "CreativeWork"
    assert data["genre"] == "Application"
    assert "creator" not in data


def test_every_shipped_detail_page_has_valid_json_ld(client, shipped_data):
    urls = [url for url in sitemap_locations(client) if url.count("/") == 5]
    # exhibitions, pavilion, exhibitors, showcases, sessions, people, countries, sectors
    assert len(urls) == 3 + 1 + 15 + 7 + 4 + 7 + 2 + 13
    entities = (
        "/exhibitions/",
        "/pavilions/",
        "/exhibitors/",
        "/showcases/",
        "/sessions/",
        "/people/",
    )
    described = 0
    for url in urls:
        page = get_page(client, url)
        blocks = page.head_json_ld
        if any(part in url for part in entities):
            assert len(blocks) == 1, url  # each exhibition, pavilion, exhibitor and showcase
            described += 1
        for block in blocks:
            assert block["@context"] == "https://schema.org", url
            assert block.get("mainEntityOfPage", block.get("url")) == url, url
        crumbs = [b for b in page.json_ld if b["@type"] == "BreadcrumbList"]
        assert [c["itemListElement"][-1]["item"] for c in crumbs] == [url], url
    assert described == 3 + 1 + 15 + 7 + 4 + 7


# JSON-LD from the factories.


def test_pavilion_json_ld_places_its_hall_inside_the_venue(client):
    expo = factories.exhibition(venue="Expo Center", city="Chongqing")
    pav = factories.pavilion(expo, location="Hall N3")
    data = only_json_ld(client, pav.get_absolute_url())
    assert data["location"] == {
        "@type": "Place",
        "name": "Hall N3",
        "containedInPlace": {
            "@type": "Place",
            "name": "Expo Center",
            "address": {"@type": "PostalAddress", "addressLocality": "Chongqing"},
        },
    }


def test_showcase_premiere_product_json_ld_has_no_release_date(client):
    """A premiere was first shown at the exhibition; the sources give no day, so no releaseDate."""
    expo = factories.exhibition()
    item = factories.showcase(expo, factories.exhibitor(), kind="product", premiere=True)
    data = only_json_ld(client, item.get_absolute_url())
    assert data["@type"] == "Product"
    assert "releaseDate" not in data


def test_exhibitor_json_ld_leaves_out_unpublished_partner(client):
    venture = factories.exhibitor(name="Venture", kind="joint_venture")
    shown = factories.exhibitor(name="Shown parent")
    hidden = factories.exhibitor(name="Hidden parent", published=False)
    venture.partners.add(shown, hidden)
    data = only_json_ld(client, venture.get_absolute_url())
    assert [p["name"] for p in data["parentOrganization"]] == ["Shown parent"]
    # The builder filters by itself too, whatever the view prefetched.
    direct = exhibitor_data(venture)
    assert [p["name"] for p in direct["parentOrganization"]] == ["Shown parent"]


def test_exhibitor_json_ld_names_association_as_member_of(client):
    member = factories.exhibitor(name="Member")
    member.partners.add(factories.exhibitor(name="Chamber", kind="association"))
    data = only_json_ld(client, member.get_absolute_url())
    assert [p["name"] for p in data["memberOf"]] == ["Chamber"]
    assert "parentOrganization" not in data


def test_exhibitor_logo_is_absolute_in_json_ld_and_open_graph(client):
    company = factories.exhibitor(name="Logo Co", logo="logos/logo-co.png")
    page = get_page(client, company.get_absolute_url())
    assert page.json_ld[0]["logo"] == ORIGIN + "/media/logos/logo-co.png"
    # The page's image for link previews is its share card (core/share_cards.py), not the logo.
    assert page.meta["og:image"] == ORIGIN + f"/share-cards/exhibitor/{company.slug}.png"
    assert page.meta["og:image:alt"] == "Logo Co · Expo Directory"


def test_structured_data_builders_skip_unpublished_records():
    hidden = factories.exhibitor(published=False)
    item = factories.showcase(factories.exhibition(), hidden)
    assert exhibitor_data(hidden) is None
    assert showcase_data(item) is None
    assert for_object(hidden) is None
    assert for_object(factories.country("BY")) is None  # no builder for countries


def link_records(company, count):
    """Give ``company`` ``count`` more stands, association partners and sectors."""
    for _ in range(count):
        factories.stand(company, factories.exhibition())
        company.partners.add(factories.exhibitor(kind="association"))
        company.sectors.add(factories.sector())


def test_exhibitor_json_ld_costs_no_query_per_linked_record(client):
    """Stands, partners, countries and sectors come from the page's prefetches, however many."""
    company = factories.exhibitor(countries=("BY",), headquarters="Minsk")
    link_records(company, 1)
    few = queries_for(client, company.get_absolute_url())
    link_records(company, 4)
    company.countries.add(factories.country("CN"), factories.country("DE"))
    cache.clear()  # count the uncached page
    assert queries_for(client, company.get_absolute_url()) == few
    data = only_json_ld(client, company.get_absolute_url())
    assert (len(data["event"]), len(data["memberOf"]), len(data["keywords"])) == (5, 5, 5)
    assert data["address"] == {"@type": "PostalAddress", "addressLocality": "Minsk"}


@pytest.mark.parametrize("page", ["home", "exhibition", "pavilion", "exhibitor", "showcase"])
def test_json_ld_keeps_a_script_tag_in_a_name_inert(client, page):
    expo = factories.exhibition(name=PAYLOAD)
    pav = factories.pavilion(expo, name=PAYLOAD, organiser=PAYLOAD)
    maker = factories.exhibitor(name=PAYLOAD, headquarters=PAYLOAD)
    factories.stand(maker, expo, pav)
    item = factories.showcase(expo, maker, name=PAYLOAD, summary=PAYLOAD)
    url = {
        "home": "/",
        "exhibition": expo.get_absolute_url(),
        "pavilion": pav.get_absolute_url(),
        "exhibitor": maker.get_absolute_url(),
        "showcase": item.get_absolute_url(),
    }[page]
    html = client.get(url).content.decode()
    assert "<script>alert(1)" not in html
    parsed = Page(html)
    for text in parsed.json_ld_texts:
        assert "</script" not in text.lower()
        assert "<" not in text
    names = [block["name"] for block in parsed.head_json_ld if block["@type"] != "WebSite"]
    assert names == [PAYLOAD]
    assert parsed.inline_scripts == 0


# Canonical links and OpenGraph.

PAGES = factories.PAGE_URLS


@pytest.mark.parametrize("page", PAGES)
def test_every_page_type_has_one_canonical_link_and_open_graph(client, page):
    world = factories.directory(2)
    path = PAGES[page](world)
    parsed = get_page(client, path + "?utm_source=newsletter")
    assert parsed.canonical == [ORIGIN + path]
    assert parsed.meta["og:url"] == ORIGIN + path
    assert parsed.meta["og:site_name"] == "Expo Directory"
    assert parsed.meta["og:title"] == parsed.title.removesuffix(" · Expo Directory")
    assert parsed.meta["og:description"] == parsed.meta["description"]
    assert parsed.meta["description"]
    assert parsed.meta["twitter:card"] == "summary_large_image"  # the 1200×630 share card


def test_canonical_of_filtered_list_keeps_filters_and_drops_query_sort_and_page(client):
    factories.directory(3)
    parsed = get_page(client, "/exhibitors/?sort=newest&page=1&q=Exhibitor&kind=company&country=BY")
    assert parsed.canonical == [ORIGIN + "/exhibitors/?country=by&kind=company"]


def test_canonical_of_showcase_list_keeps_its_filters(client):
    world = factories.directory(2)
    slug = world["sector"].slug
    parsed = get_page(client, f"/showcases/?page=9&sector={slug}&sort=name")
    assert parsed.canonical == [f"{ORIGIN}/showcases/?sector={slug}"]


def test_canonical_of_list_without_results_is_the_whole_list(client):
    factories.directory(2)
    assert get_page(client, "/exhibitors/?country=zz").canonical == [ORIGIN + "/exhibitors/"]


def test_canonical_of_detail_page_is_its_lower_case_url(client):
    factories.directory(1)
    assert get_page(client, "/countries/BY/").canonical == [ORIGIN + "/countries/by/"]


def test_open_graph_text_is_plain_and_attribute_safe(client):
    name = 'Smith & Sons <b>"Best"</b>'
    company = factories.exhibitor(name=name, summary="Tools & dies")
    response = client.get(company.get_absolute_url())
    parsed = Page(response.content.decode())
    assert parsed.title == name + " · Expo Directory"
    assert parsed.meta["og:title"] == name
    assert parsed.meta["og:description"] == "Tools & dies"
    assert "<b>" not in response.content.decode().split("</head>")[0]


def test_open_graph_falls_back_to_site_description_for_empty_summary(client):
    expo = factories.exhibition(summary="")
    parsed = get_page(client, expo.get_absolute_url())
    assert parsed.meta["og:description"].startswith("Pavilions, exhibitors and product showcases")


def test_site_url_setting_sets_origin_of_every_absolute_url(client, settings):
    settings.SITE_URL = "https://expo.example.org"
    world = factories.directory(1)
    path = world["exhibitor"].get_absolute_url()
    parsed = get_page(client, path)
    assert parsed.canonical == ["https://expo.example.org" + path]
    assert parsed.json_ld[0]["mainEntityOfPage"] == "https://expo.example.org" + path
    assert "https://expo.example.org" + path in sitemap_locations(client)
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://expo.example.org/sitemap.xml" in robots.splitlines()


# sitemap.xml and robots.txt.


def test_sitemap_lists_published_exhibitors_and_showcases_only(client):
    expo = factories.exhibition()
    shown = factories.exhibitor(name="Shown")
    hidden = factories.exhibitor(name="Hidden", published=False)
    shown_item = factories.showcase(expo, shown)
    hidden_item = factories.showcase(expo, shown, published=False)
    orphan_item = factories.showcase(expo, hidden)
    locations = sitemap_locations(client)
    assert ORIGIN + shown.get_absolute_url() in locations
    assert ORIGIN + shown_item.get_absolute_url() in locations
    assert ORIGIN + hidden.get_absolute_url() not in locations
    assert ORIGIN + hidden_item.get_absolute_url() not in locations
    assert ORIGIN + orphan_item.get_absolute_url() not in locations


def test_sitemap_lists_only_countries_and_sectors_with_content(client):
    parent = factories.sector(slug="parent")
    child = factories.sector(slug="child", parent=parent)
    factories.sector(slug="empty")
    factories.exhibitor(countries=("BY",), sectors=[child])
    factories.exhibitor(countries=("DE",), published=False)
    factories.pavilion(country=factories.country("FR"))
    factories.pavilion(country=factories.country("CN"), published=False)
    locations = sitemap_locations(client)
    countries = [url for url in locations if "/countries/" in url]
    sectors = [url for url in locations if "/sectors/" in url]
    assert countries == [
        ORIGIN + "/countries/",
        ORIGIN + "/countries/by/",
        ORIGIN + "/countries/fr/",
    ]
    assert sectors == [
        ORIGIN + "/sectors/",
        ORIGIN + "/sectors/child/",
        ORIGIN + "/sectors/parent/",
    ]


def test_sitemap_lists_every_shipped_page(client, shipped_data):
    locations = sitemap_locations(client)
    assert len(locations) == len(set(locations))
    for path in ("/", "/exhibitors/", "/showcases/", "/pavilions/", "/countries/", "/sectors/"):
        assert ORIGIN + path in locations
    assert ORIGIN + SCE_2022 in locations
    assert ORIGIN + "/pavilions/belarus-pavilion-sce-2022/" in locations
    assert ORIGIN + "/exhibitors/zongshen-gomselmash/" in locations
    assert ORIGIN + "/showcases/zongshen-gomselmash-products/" in locations
    assert len([url for url in locations if "/exhibitors/" in url]) == 1 + 15
    assert len([url for url in locations if "/showcases/" in url]) == 1 + 7
    assert len([url for url in locations if "/sessions/" in url]) == 4
    assert ORIGIN + "/programme/" in locations
    assert ORIGIN + "/people/nikolai-snopkov/" in locations
    assert not [url for url in locations if "/search/" in url or "/admin/" in url]


def test_sitemap_lists_every_page_in_each_language_with_reciprocal_alternates(client, shipped_data):
    entries = sitemap_entries(client)
    english = sitemap_locations(client)
    assert len(entries) == 3 * len(english)
    for location in english:
        path = location.removeprefix(ORIGIN)
        versions = {
            "en": location,
            "zh-hans": ORIGIN + "/zh-hans" + path,
            "ru": ORIGIN + "/ru" + path,
        }
        for version in versions.values():
            assert entries[version] == {**versions, "x-default": location}


@pytest.mark.parametrize("page", ["-1", "0", "abc", "%00", "999"])
def test_sitemap_bad_page_number_is_not_found(client, page):
    factories.directory(1)
    assert client.get(f"/sitemap-exhibitors.xml?p={page}").status_code == 404


def test_sitemap_index_names_every_section_and_an_unknown_one_is_404(client, shipped_data):
    from expo.urls import SITEMAPS

    files = sitemap_files(client)
    assert files == [f"/sitemap-{section}.xml" for section in SITEMAPS]
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_sections_are_paged_at_the_protocol_limit(client, settings):
    from exhibitors.sitemaps import sitemaps

    exhibitors = sitemaps["exhibitors"]
    for i in range(4):
        factories.exhibitor(slug=f"paged-{i}")
    exhibitors.limit = 5  # 4 exhibitors x 3 languages = 12 URLs: three pages of at most 5
    try:
        files = sitemap_files(client)
        assert [f for f in files if "exhibitors.xml" in f] == [
            "/sitemap-exhibitors.xml",
            "/sitemap-exhibitors.xml?p=2",
            "/sitemap-exhibitors.xml?p=3",
        ]
        assert client.get("/sitemap-exhibitors.xml?p=3").status_code == 200
        assert client.get("/sitemap-exhibitors.xml?p=4").status_code == 404
    finally:
        del exhibitors.limit


def test_robots_txt_allows_public_pages_and_points_to_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = [line for line in response.content.decode().splitlines() if line and line[0] != "#"]
    assert lines == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /zh-hans/search/",
        "Disallow: /ru/search/",
        "Disallow: /*?q=",
        "Disallow: /*&q=",
        "Disallow: /*?sort=",
        "Disallow: /*&sort=",
        "Disallow: /healthz",
        "Allow: /",
        "Sitemap: http://testserver/sitemap.xml",
    ]
