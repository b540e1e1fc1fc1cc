"""Lists sort by name in the page's language: its own column, or the English one where that is
empty, in the language's alphabetical order on PostgreSQL (ICU) and by code point on SQLite."""

import pytest
from django.db import connection
from django.utils import translation

from core.sorting import by_name
from exhibitions.models import Country
from exhibitors.models import Exhibitor, Stand
from tests import factories

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"

postgresql_only = pytest.mark.skipif(not POSTGRESQL, reason="ICU collations are PostgreSQL's")


@pytest.fixture
def companies(db):
    """Five exhibitors, created in an order unlike any sorted one so that ids never decide."""
    for slug, en, zh, ru in [
        ("d", "Chongqing Machines", "重庆机械", "Чунцинские машины"),
        ("a", "Alibaba", "阿里巴巴", "Алибаба"),
        ("e", "apple farm", "", ""),  # no translations: listed under its English name
        ("c", "Chengdu Tech", "成都科技", None),
        ("b", "Beijing Auto", "北京汽车", "Пекинский автомобиль"),
    ]:
        factories.exhibitor(slug=slug, name=en, name_zh_hans=zh, name_ru=ru)


# PostgreSQL: English ignoring case; Chinese by pinyin, Latin after Han; Russian with Cyrillic
# before Latin. SQLite: code points (capitals before small letters, Latin before CJK and Cyrillic).
EXPECTED = {
    "en": "aebcd" if POSTGRESQL else "abcde",
    "zh-hans": "abcde" if POSTGRESQL else "ebcda",
    "ru": "abdec" if POSTGRESQL else "ceabd",
}


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_by_name_sorts_in_each_language_with_english_fallback(companies, language):
    with translation.override(language):
        slugs = Exhibitor.objects.order_by(by_name(), "pk").values_list("slug", flat=True)
    assert "".join(slugs) == EXPECTED[language]


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_by_name_descending_reverses(companies, language):
    with translation.override(language):
        slugs = Exhibitor.objects.order_by(by_name().desc()).values_list("slug", flat=True)
    assert "".join(slugs) == EXPECTED[language][::-1]


@pytest.mark.parametrize(
    ("prefix", "language"), [("", "en"), ("/zh-hans", "zh-hans"), ("/ru", "ru")]
)
@pytest.mark.parametrize("query", ["", "?sort=name"])
def test_directory_sorts_by_the_page_language_names(client, companies, prefix, language, query):
    response = client.get(f"{prefix}/exhibitors/{query}")
    assert "".join(e.slug for e in response.context["object_list"]) == EXPECTED[language]


def test_empty_translations_sort_under_their_english_names(db):
    for slug, name in [("g", "Gamma"), ("a", "Alpha"), ("b", "Beta")]:
        factories.exhibitor(slug=slug, name=name, name_zh_hans="", name_ru=None)
    for language in ("en", "zh-hans", "ru"):
        with translation.override(language):
            slugs = Exhibitor.objects.order_by(by_name(), "pk").values_list("slug", flat=True)
        assert list(slugs) == ["a", "b", "g"]


@postgresql_only
def test_chinese_sorts_by_pinyin_on_postgresql(db):
    # Code points would give 北 (U+5317), 重 (U+91CD), 阿 (U+963F).
    for slug, name in [("chongqing", "重庆"), ("ali", "阿里"), ("beijing", "北京")]:
        factories.exhibitor(slug=slug, name=f"{slug} co", name_zh_hans=name)
    with translation.override("zh-hans"):
        names = Exhibitor.objects.order_by(by_name()).values_list("name_zh_hans", flat=True)
    assert list(names) == ["阿里", "北京", "重庆"]


@postgresql_only
def test_collations_exist_on_postgresql(db):
    from core.sorting import COLLATIONS

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collname FROM pg_collation WHERE collname = ANY(%s)",
            [list(COLLATIONS.values())],
        )
        assert {name for (name,) in cursor.fetchall()} == set(COLLATIONS.values())


def test_sort_by_country_uses_the_page_language_country_names(client, db):
    # Belarus < China < Germany in English; Беларусь < Германия < Китай in Russian.
    for code, ru in [("BY", "Беларусь"), ("CN", "Китай"), ("DE", "Германия")]:
        factories.country(code)
        Country.objects.filter(code=code).update(name_ru=ru)
    for code in ("DE", "CN", "BY"):
        factories.exhibitor(slug=f"from-{code.lower()}", countries=(code,))

    def listed(prefix):
        response = client.get(f"{prefix}/exhibitors/?sort=country")
        return [e.slug for e in response.context["object_list"]]

    assert listed("") == ["from-by", "from-cn", "from-de"]
    assert listed("/ru") == ["from-by", "from-de", "from-cn"]


def test_country_list_sorts_by_the_page_language_names(client, db):
    for code, ru in [("BY", "Беларусь"), ("CN", "Китай"), ("DE", "Германия")]:
        factories.country(code)
        Country.objects.filter(code=code).update(name_ru=ru)
        factories.exhibitor(countries=(code,))

    def listed(prefix):
        return [c.code for c in client.get(f"{prefix}/countries/").context["object_list"]]

    assert listed("") == ["BY", "CN", "DE"]
    assert listed("/ru") == ["BY", "DE", "CN"]


def test_related_names_sort_in_the_page_language(db):
    expo = factories.exhibition()
    for slug, en, ru in [("z", "Zeta", "Альфа"), ("a", "Alpha", "Бета")]:
        factories.stand(factories.exhibitor(slug=slug, name=en, name_ru=ru), expo)

    def listed():
        stands = Stand.objects.select_related("exhibitor").order_by(by_name("exhibitor__name"))
        return [stand.exhibitor.slug for stand in stands]

    assert listed() == ["a", "z"]
    with translation.override("ru"):
        assert listed() == ["z", "a"]
