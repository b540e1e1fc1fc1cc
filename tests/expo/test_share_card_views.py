"""What link previews and browsers fetch beside the pages: share cards (og:image), icons, the web
app manifest and the SVG flags."""

import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django_countries.data import COUNTRIES
from PIL import Image

from core.share_cards import record_card
from tests import factories
from tests.querycount import queries_for

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"


@pytest.fixture(autouse=True)
def card_files(settings, tmp_path):
    """Kept cards live in the test's own folder."""
    settings.SHARE_CARD_CACHE_DIR = tmp_path / "share-cards"
    return settings.SHARE_CARD_CACHE_DIR


class Head(HTMLParser):
    """The ``<meta>`` and ``<link>`` tags of a page (a repeated meta name keeps every value)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.images = {}, [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            self.meta.setdefault(key, []).append(attrs)
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "img":
            self.images.append(attrs)

    def content(self, key):
        (tag,) = self.meta[key]
        return tag["content"]


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def get_card(client, url):
    """The card at ``url`` (absolute or a path) as a Pillow image; it must be a 1200×630 PNG."""
    response = client.get(url.removeprefix(ORIGIN))
    assert response.status_code == 200, url
    assert response["Content-Type"] == "image/png", url
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630)), url
    return response


# Every public page has a card.


@pytest.mark.parametrize("page", list(factories.PAGE_URLS))
def test_every_public_page_has_a_share_card_that_answers(client, page):
    world = factories.directory(2)
    head = head_of(client, factories.PAGE_URLS[page](world))
    url = head.content("og:image")
    assert url.startswith(ORIGIN + "/share-cards/"), page
    assert (head.content("og:image:width"), head.content("og:image:height")) == ("1200", "630")
    assert head.content("og:image:type") == "image/png"
    assert head.content("og:image:alt").endswith("· Expo Directory")
    assert head.content("twitter:card") == "summary_large_image"
    get_card(client, url)


@pytest.mark.parametrize(
    ("page", "card"),
    [
        ("home", "/share-cards/home.png"),
        ("exhibitor_list", "/share-cards/exhibitors.png"),
        ("showcase_list", "/share-cards/showcases.png"),
        ("pavilion_list", "/share-cards/pavilions.png"),
        ("country_list", "/share-cards/countries.png"),
        ("sector_list", "/share-cards/sectors.png"),
        ("search", "/share-cards/search.png"),
        ("country_detail", "/share-cards/country/by.png"),
    ],
)
def test_each_page_type_has_its_own_card_url(client, page, card):
    world = factories.directory(1)
    assert head_of(client, factories.PAGE_URLS[page](world)).content("og:image") == ORIGIN + card


def test_record_card_urls_follow_kind_and_slug(client):
    world = factories.directory(1)
    for kind, record in [
        ("exhibition", world["exhibition"]),
        ("pavilion", world["pavilion"]),
        ("exhibitor", world["exhibitor"]),
        ("showcase", world["showcase"]),
        ("sector", world["sector"]),
    ]:
        image = head_of(client, record.get_absolute_url()).content("og:image")
        assert image == f"{ORIGIN}/share-cards/{kind}/{record.slug}.png"


def test_detail_page_has_one_og_image_even_with_a_logo(client):
    company = factories.exhibitor(logo="logos/logo-co.png")
    head = head_of(client, company.get_absolute_url())
    assert len(head.meta["og:image"]) == 1


def test_search_with_a_query_keeps_the_search_card(client):
    head = head_of(client, "/search/?q=harvester")
    assert head.content("og:image") == ORIGIN + "/share-cards/search.png"


def test_shipped_cards_answer(client, shipped_data):
    for url in (
        "/share-cards/exhibitor/gomselmash.png",
        "/share-cards/exhibitor/great-stone-industrial-park.png",
        "/share-cards/pavilion/belarus-pavilion-sce-2022.png",
        "/share-cards/exhibition/smart-china-expo-2022.png",
        "/share-cards/showcase/zongshen-gomselmash-products.png",
        "/share-cards/country/cn.png",
        "/share-cards/sector/artificial-intelligence.png",
        "/share-cards/home.png",
        "/share-cards/site.png",
    ):
        get_card(client, url)


# What a card says and when it changes.


def test_card_changes_when_the_exhibitor_is_renamed(client):
    exhibitor = factories.exhibitor(slug="acme", name="Acme")
    url = "/share-cards/exhibitor/acme.png"
    before = get_card(client, url).content
    assert get_card(client, url).content == before
    exhibitor.name = "Acme Robotics"
    exhibitor.save()  # bumps the content version: the page cache serves the new card
    assert get_card(client, url).content != before


def test_card_stays_when_an_unrelated_record_changes(client, card_files):
    factories.exhibitor(slug="acme", name="Acme")
    url = "/share-cards/exhibitor/acme.png"
    before = get_card(client, url).content
    factories.exhibitor(name="Someone else")
    assert get_card(client, url).content == before
    assert len(list(card_files.glob("*.png"))) == 1  # drawn once


def test_card_data_of_an_exhibitor():
    expo = factories.exhibition(name="Smart China Expo 2022", city="Chongqing")
    venture = factories.exhibitor(
        slug="jv",
        name="Zongshen-Gomselmash",
        local_name="宗申-戈梅利",
        kind="joint_venture",
        countries=("BY", "CN"),
    )
    factories.stand(venture, expo)
    card = record_card("exhibitor", "jv")
    assert card.title == "Zongshen-Gomselmash"
    assert card.local_name == "宗申-戈梅利"
    assert card.kind == "Exhibitor · Joint venture"
    assert card.countries == (("BY", "Belarus"), ("CN", "China"))
    assert (card.event, card.when) == ("Smart China Expo 2022", "22–24 August 2022 · Chongqing")


def test_card_data_of_a_premiere_showcase():
    expo = factories.exhibition(name="Expo")
    maker = factories.exhibitor(name="Maker", countries=("CN",))
    factories.showcase(expo, maker, slug="chip", name="Chip", kind="innovation", premiere=True)
    card = record_card("showcase", "chip")
    assert card.kind == "Showcase · Innovation · Premiere"
    assert card.detail == "By Maker"
    assert card.countries == (("CN", "China"),)


# Unknown and hidden records.


@pytest.mark.parametrize(
    "url",
    [
        "/share-cards/exhibitor/no-such-exhibitor.png",
        "/share-cards/spaceship/acme.png",
        "/share-cards/no-such-page.png",
        "/share-cards/country/zz.png",
        "/share-cards/country/BY.png",
        "/share-cards/country/bye.png",
        "/share-cards/exhibitor/hidden.png",
        "/share-cards/showcase/of-hidden.png",
        "/share-cards/exhibitor/acme.gif",
    ],
)
def test_unknown_or_hidden_card_is_404(client, url):
    factories.exhibitor(slug="acme")
    hidden = factories.exhibitor(slug="hidden", published=False)
    factories.showcase(factories.exhibition(), hidden, slug="of-hidden")
    assert client.get(url).status_code == 404


# Caching.


def test_card_is_served_by_the_page_cache_whatever_the_query_string(client):
    factories.exhibitor(slug="acme")
    first = get_card(client, "/share-cards/exhibitor/acme.png?utm_source=chat")
    assert first["X-Cache"] == "miss"
    again = get_card(client, "/share-cards/exhibitor/acme.png")
    assert again["X-Cache"] == "hit"
    assert "max-age=0" in again["Cache-Control"] and "public" in again["Cache-Control"]
    revalidated = client.get("/share-cards/exhibitor/acme.png", HTTP_IF_NONE_MATCH=again["ETag"])
    assert revalidated.status_code == 304


def test_card_request_costs_the_same_queries_however_many_countries(client):
    world = factories.directory(1)
    exhibitor = world["exhibitor"]
    url = f"/share-cards/exhibitor/{exhibitor.slug}.png"
    few = queries_for(client, url)
    exhibitor.countries.add(factories.country("DE"), factories.country("FR"))
    factories.stand(exhibitor, factories.exhibition())
    cache.clear()
    assert queries_for(client, url) == few <= 4


@pytest.mark.parametrize(
    "url",
    [
        "/share-cards/home.png",
        "/share-cards/exhibitors.png",
        "/share-cards/showcases.png",
        "/share-cards/pavilions.png",
        "/share-cards/countries.png",
        "/share-cards/sectors.png",
        "/share-cards/search.png",
        "/share-cards/site.png",
        "/share-cards/exhibition/{exhibition}.png",
        "/share-cards/pavilion/{pavilion}.png",
        "/share-cards/showcase/{showcase}.png",
        "/share-cards/country/by.png",
        "/share-cards/sector/{sector}.png",
    ],
)
def test_every_card_costs_a_few_queries_whatever_the_size(client, url):
    world = factories.directory(1)
    slugs = {key: getattr(world[key], "slug", None) for key in world}
    few = queries_for(client, url.format(**slugs))
    factories.directory(3, world)
    cache.clear()
    assert queries_for(client, url.format(**slugs)) == few <= 5


# Icons, manifest, theme colour.


def test_favicon_is_a_real_ico_of_three_sizes(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "ICO"
    assert image.info["sizes"] == {(16, 16), (32, 32), (48, 48)}


def test_apple_touch_icon_is_an_opaque_180_pixel_png(client):
    response = client.get("/apple-touch-icon.png")
    assert response.status_code == 200
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size, image.mode) == ("PNG", (180, 180), "RGB")


def test_manifest_names_the_site_its_icons_and_colours(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["start_url"], manifest["display"]) == (
        "Expo Directory",
        "/",
        "browser",
    )
    assert manifest["short_name"]
    assert (manifest["theme_color"], manifest["background_color"]) == ("#ffffff", "#f7f8fa")
    sizes = {}
    for entry in manifest["icons"]:
        assert entry["type"] == "image/png"
        match = re.fullmatch(r"/static/(img/icon-\d+)(\.[0-9a-f]+)?\.png", entry["src"])
        assert match, entry["src"]
        image = Image.open(finders.find(match.group(1) + ".png"))
        assert entry["sizes"] == f"{image.size[0]}x{image.size[1]}"
        sizes[entry["sizes"]] = image.size
    assert sorted(sizes) == ["192x192", "512x512"]


def test_pages_link_icons_manifest_and_theme_colours(client):
    head = head_of(client, "/")
    rels = {link["rel"]: link for link in head.links if link["rel"] != "icon"}
    assert rels["manifest"]["href"] == "/manifest.webmanifest"
    assert rels["apple-touch-icon"]["href"].startswith("/static/img/apple-touch-icon")
    icons = [link for link in head.links if link["rel"] == "icon"]
    assert [link.get("type") for link in icons] == [None, "image/svg+xml"]
    assert icons[0]["href"].startswith("/static/img/favicon") and icons[0]["href"].endswith(".ico")
    colours = {tag["media"]: tag["content"] for tag in head.meta["theme-color"]}
    assert colours == {
        "(prefers-color-scheme: light)": "#ffffff",
        "(prefers-color-scheme: dark)": "#171d24",
    }


def test_theme_colours_match_the_style_sheet():
    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    light, dark = re.findall(r"--surface:\s*(#[0-9a-f]{6})", css)[:2]
    assert (light, dark) == ("#ffffff", "#171d24")


def test_content_security_policy_allows_the_own_manifest(client):
    header = client.get("/").headers["Content-Security-Policy"]
    assert "manifest-src 'self'" in header


# Flags.


def test_flags_are_sharp_svgs_at_four_by_three(client):
    factories.exhibitor(countries=("BY",))
    head = head_of(client, "/countries/")
    (flag,) = [img for img in head.images if "flag" in img.get("class", "")]
    assert re.fullmatch(r"/static/vendor/flag-icons/4x3/by(\.[0-9a-f]+)?\.svg", flag["src"])
    assert (flag["width"], flag["height"], flag["alt"]) == ("20", "15", "")


def test_every_country_code_has_a_vendored_flag_and_the_licence_is_kept():
    missing = [
        code for code in COUNTRIES if not finders.find(f"vendor/flag-icons/4x3/{code.lower()}.svg")
    ]
    assert missing == []
    licence = open(finders.find("vendor/flag-icons/LICENSE"), encoding="utf-8").read()
    assert "MIT" in licence
