"""The share-card renderer (core/share_cards.py): size, text layout, glyphs, fonts and kept files."""

import datetime
import io
import logging

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation
from PIL import Image, ImageChops, ImageDraw

from core import share_cards
from core.share_cards import Card, date_range, font_for, missing_glyphs, png, png_bytes, render
from tests import factories

NOTDEF = share_cards.MISSING_PROBE
CARD = Card(
    title="Gomselmash",
    kind="Exhibitor · Company",
    local_name="Гомсельмаш",
    countries=(("BY", "Belarus"),),
    event="Smart China Expo 2022",
    when="22–24 August 2022 · Chongqing",
)


@pytest.fixture(autouse=True)
def card_files(settings, tmp_path):
    """Kept cards live in the test's own folder."""
    settings.SHARE_CARD_CACHE_DIR = tmp_path / "share-cards"
    return settings.SHARE_CARD_CACHE_DIR


@pytest.fixture
def no_fonts(settings, monkeypatch):
    """A machine without the Debian fonts: only Pillow's bundled one."""
    settings.SHARE_CARD_FONTS = ["/nonexistent/NotoSansCJK-Regular.ttc"]
    settings.SHARE_CARD_BOLD_FONTS = ["/nonexistent/NotoSansCJK-Bold.ttc"]
    monkeypatch.setattr(share_cards, "_warned_no_font", False)


def drawn(text, font):
    """``text`` drawn alone in black on white, cropped to the ink."""
    image = Image.new("L", (int(font.getlength(text)) + 20, font.size * 2), 255)
    ImageDraw.Draw(image).text((10, font.size // 2), text, font=font, fill=0)
    return image.crop(ImageChops.invert(image).getbbox())


def test_card_is_a_1200_by_630_png():
    image = Image.open(io.BytesIO(png_bytes(CARD)))
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_card_uses_the_site_colours():
    image = render(CARD)
    assert image.getpixel((600, 4)) == share_cards.ACCENT  # the top rule
    assert image.getpixel((1150, 300)) == share_cards.SURFACE
    assert image.getpixel((600, 620)) == share_cards.BACKGROUND  # the footer


@pytest.mark.parametrize("text", ["重庆", "巨石中白工业园", "Гомсельмаш"])
def test_chinese_and_cyrillic_are_drawn_with_real_glyphs(text):
    """Each character has a glyph of its own: not the font's "missing" box, and not all alike."""
    font = font_for(text, 44)
    assert font is not None
    assert missing_glyphs(font, text) == ""
    assert drawn(text, font).tobytes() != drawn(NOTDEF * len(text), font).tobytes()
    glyphs = {drawn(char, font).tobytes() for char in set(text)}
    assert len(glyphs) == len(set(text))


def test_local_name_on_card_is_drawn_as_the_font_draws_it():
    """The card's local-name line is the text's own glyphs, not boxes: cropped out of the card, it
    matches ``重庆`` drawn alone and differs from two missing-glyph boxes drawn alone."""
    with_name = render(Card(title="Chongqing", local_name="重庆"))
    without = render(Card(title="Chongqing"))
    box = ImageChops.difference(with_name, without).getbbox()
    assert box is not None  # something was drawn for the local name
    region = with_name.crop(box).convert("L")
    font = font_for("重庆", 44)
    expected = drawn("重庆", font)
    boxes = drawn(NOTDEF * 2, font)
    assert region.size == expected.size
    assert region.size != boxes.size or region.tobytes() != boxes.tobytes()


def test_card_changes_with_its_name():
    assert png_bytes(CARD) != png_bytes(Card(**{**CARD.__dict__, "title": "Gomselmash Holding"}))


def test_long_title_is_cut_with_an_ellipsis_and_stays_on_the_card():
    title = " ".join(["Intelligent"] * 40)
    font, size, lines = share_cards._title_layout(title, 1040, 300)
    assert len(lines) <= 3
    assert lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1040 for line in lines)
    assert Image.open(io.BytesIO(png_bytes(Card(title=title)))).size == (1200, 630)


def test_wrap_breaks_between_words_and_between_chinese_characters():
    font = font_for("重庆", 40)
    lines, cut = share_cards.wrap("China-Belarus Great Stone Industrial Park", font, 400, 3)
    assert " ".join(lines) == "China-Belarus Great Stone Industrial Park"
    assert not cut and len(lines) > 1
    lines, cut = share_cards.wrap("中国国际智能产业博览会", font, 200, 5)
    assert "".join(lines) == "中国国际智能产业博览会"
    assert all(font.getlength(line) <= 200 for line in lines)


def test_date_range_reads_naturally():
    day = datetime.date
    assert date_range(day(2022, 8, 22), day(2022, 8, 24)) == "22–24 August 2022"
    assert date_range(day(2022, 8, 30), day(2022, 9, 2)) == "30 August – 2 September 2022"
    assert date_range(day(2022, 12, 30), day(2023, 1, 2)) == "30 December 2022 – 2 January 2023"
    assert date_range(day(2022, 8, 22)) == "22 August 2022"
    assert date_range(None) == ""


def test_without_the_fonts_cards_use_pillows_font_and_warn_once(no_fonts, caplog):
    with caplog.at_level(logging.WARNING, logger="core.share_cards"):
        first = Image.open(io.BytesIO(png_bytes(CARD)))
        png_bytes(Card(title="Another"))
    assert first.size == (1200, 630)
    warnings = [r for r in caplog.records if "SHARE_CARD_FONTS" in r.getMessage()]
    assert len(warnings) == 1
    # Pillow's font has no Cyrillic: the local name is left out rather than drawn as boxes.
    assert render(CARD).tobytes() == render(Card(**{**CARD.__dict__, "local_name": ""})).tobytes()


def test_kept_card_is_read_back_and_the_folder_stays_bounded(settings, card_files):
    settings.SHARE_CARD_CACHE_FILES = 2
    data = png(CARD)
    assert [p.read_bytes() for p in card_files.glob("*.png")] == [data]
    assert png(CARD) == data
    for title in ("One", "Two", "Three"):
        png(Card(title=title))
    assert len(list(card_files.glob("*.png"))) == 2


def test_kept_card_depends_on_the_card_not_on_the_content_version():
    assert share_cards.card_digest(CARD) == share_cards.card_digest(Card(**CARD.__dict__))
    assert share_cards.card_digest(CARD) != share_cards.card_digest(Card(title="Other"))


def test_mark_matches_the_header_svg():
    """Four rounded squares on a 24 grid; those off the diagonal at 60% opacity."""
    image = share_cards.mark(48)
    assert image.size == (48, 48)
    full, faint = image.getpixel((13, 13)), image.getpixel((35, 13))
    assert full == (*share_cards.ACCENT, 255)
    assert faint == pytest.approx((*share_cards.ACCENT, 153), abs=2)
    assert image.getpixel((24, 24))[3] == 0  # the gap between the squares
    assert image.getpixel((0, 0))[3] == 0


# The registry and the template tag.


@pytest.mark.django_db
def test_card_url_of_a_record_needs_no_query(django_assert_num_queries):
    exhibitor = factories.exhibitor(slug="gomselmash")
    country = factories.country("BY")
    with django_assert_num_queries(0):
        assert share_cards.url_for_object(exhibitor) == "/share-cards/exhibitor/gomselmash.png"
        assert share_cards.url_for_object(country) == "/share-cards/country/by.png"
        assert share_cards.url_for_object("not a record") is None


def render_tag(context):
    return Template("{% load share_cards %}{% share_card_url %}").render(Context(context))


@pytest.mark.django_db
def test_tag_picks_object_then_view_then_site_card(django_assert_num_queries):
    exhibitor = factories.exhibitor(slug="baidu")
    request = RequestFactory().get("/exhibitors/")
    request.resolver_match = resolve("/exhibitors/")
    error = RequestFactory().get("/no-such-page/")  # an error page: resolved by no view
    with django_assert_num_queries(0):
        on_detail = render_tag({"object": exhibitor, "request": request})
        on_list = render_tag({"request": request})
        on_error = render_tag({"request": error})
    assert on_detail == "http://testserver/share-cards/exhibitor/baidu.png"
    assert on_list == "http://testserver/share-cards/exhibitors.png"
    assert on_error == "http://testserver/share-cards/site.png"


def test_tag_uses_site_url_when_set(settings):
    settings.SITE_URL = "https://expo.example.org"
    assert render_tag({}) == "https://expo.example.org/share-cards/site.png"


# Languages: a Chinese or Russian page names the card of its language, drawn in that language.

ORIGIN = "http://testserver"


def og_image(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    start = html.index('<meta property="og:image" content="') + len(
        '<meta property="og:image" content="'
    )
    return html[start : html.index('"', start)]


def get_png(client, url):
    """The card at ``url`` (a path): a 1200×630 PNG, as bytes."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "image/png", url
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630)), url
    return response.content


@pytest.fixture
def gomselmash(db):
    expo = factories.exhibition(
        slug="sce-2022", name="Smart China Expo 2022", name_ru="Умная выставка Китая 2022"
    )
    exhibitor = factories.exhibitor(
        slug="gomselmash", name="Gomselmash", name_ru="Гомсельмаш", name_zh_hans="戈梅利农机"
    )
    factories.stand(exhibitor, expo)
    return exhibitor


@pytest.mark.parametrize("language", ["zh-hans", "ru"])
def test_profile_page_names_the_card_of_its_language(client, gomselmash, language):
    page = f"/{language}/exhibitors/gomselmash/"
    card = f"/{language}/share-cards/exhibitor/gomselmash.png"
    assert og_image(client, page) == ORIGIN + card
    get_png(client, card)
    assert (
        og_image(client, f"/{language}/exhibitors/")
        == f"{ORIGIN}/{language}/share-cards/exhibitors.png"
    )


def test_english_page_keeps_the_unprefixed_card(client, gomselmash):
    assert og_image(client, "/exhibitors/gomselmash/") == (
        ORIGIN + "/share-cards/exhibitor/gomselmash.png"
    )


@pytest.mark.django_db
def test_card_urls_follow_the_active_language(django_assert_num_queries):
    exhibitor = factories.exhibitor(slug="gomselmash")
    with django_assert_num_queries(0), translation.override("ru"):
        assert share_cards.url_for_object(exhibitor) == "/ru/share-cards/exhibitor/gomselmash.png"
        assert share_cards.url_for_view("exhibitors:exhibitor_list") == (
            "/ru/share-cards/exhibitors.png"
        )
        assert share_cards.site_url() == "/ru/share-cards/site.png"
    with translation.override("zh-hans"):
        error = RequestFactory().get("/zh-hans/no-such-page/")
        assert render_tag({"request": error}) == "http://testserver/zh-hans/share-cards/site.png"


def test_russian_card_differs_from_the_english_one(client, gomselmash, card_files):
    english = get_png(client, "/share-cards/exhibitor/gomselmash.png")
    russian = get_png(client, "/ru/share-cards/exhibitor/gomselmash.png")
    chinese = get_png(client, "/zh-hans/share-cards/exhibitor/gomselmash.png")
    assert len({english, russian, chinese}) == 3
    assert len(list(card_files.glob("*.png"))) == 3  # one kept file per language
    assert get_png(client, "/share-cards/exhibitor/gomselmash.png") == english


def test_card_data_is_built_in_the_active_language(gomselmash):
    with translation.override("ru"):
        card = share_cards.record_card("exhibitor", "gomselmash")
    assert card.title == "Гомсельмаш"
    assert card.kind == "Экспонент · Компания"
    assert card.event == "Умная выставка Китая 2022"
    assert card.when == "22–24 августа 2022 г. · Chongqing"  # the city has no Russian text here
    with translation.override("zh-hans"):
        card = share_cards.record_card("exhibitor", "gomselmash")
    assert (card.title, card.kind) == ("戈梅利农机", "展商 · 企业")
    assert card.event == "Smart China Expo 2022"  # no Chinese name: English, the fallback
    assert card.when == "2022年8月22日至24日 · Chongqing"


@pytest.mark.django_db
def test_showcase_labels_are_translated():
    expo = factories.exhibition()
    factories.showcase(expo, slug="chip", name="Chip", kind="innovation", premiere=True)
    with translation.override("ru"):
        assert share_cards.record_card("showcase", "chip").kind == "Экспонат · Инновация · Премьера"
    with translation.override("zh-hans"):
        assert share_cards.record_card("showcase", "chip").kind == "展品 · 创新成果 · 首发"


def test_date_range_is_written_in_the_active_language():
    days = (datetime.date(2022, 8, 22), datetime.date(2022, 8, 24))
    with translation.override("ru"):
        assert date_range(*days) == "22–24 августа 2022 г."
    with translation.override("zh-hans"):
        assert date_range(*days) == "2022年8月22日至24日"


def test_site_name_in_the_footer_is_drawn_in_the_language():
    """The footer's name is not part of the card's data: the same data gives another image, and
    another kept file, in Chinese."""
    english = render(CARD)
    with translation.override("zh-hans"):
        chinese = render(CARD)
        digest = share_cards.card_digest(CARD)
        name = share_cards.site_name()
    assert name == "展会名录"
    footer = (0, 630 - share_cards.FOOTER_HEIGHT, 1200, 630)
    assert english.crop(footer).tobytes() != chinese.crop(footer).tobytes()
    assert english.crop((0, 0, 1200, 400)).tobytes() == chinese.crop((0, 0, 1200, 400)).tobytes()
    assert digest != share_cards.card_digest(CARD)


def test_local_name_equal_to_the_title_is_not_drawn_twice():
    """A Russian card of Гомсельмаш has a Russian title already: its local name adds nothing."""
    title = Card(title="Гомсельмаш")
    assert render(Card(title="Гомсельмаш", local_name="Гомсельмаш")).tobytes() == (
        render(title).tobytes()
    )


@pytest.mark.parametrize("language", ["zh-hans", "ru"])
def test_every_line_of_a_translated_card_has_real_glyphs(gomselmash, language):
    """No line of a Chinese or Russian card is left out or drawn as boxes: a font draws each."""
    with translation.override(language):
        card = share_cards.record_card("exhibitor", "gomselmash")
        lines = [card.kind.upper(), card.title, card.event, card.when, share_cards.site_name()]
        lines += [name for _, name in card.countries]
    for line in lines:
        font = font_for(line, 26)
        assert font is not None, line
        assert missing_glyphs(font, line) == "", line
