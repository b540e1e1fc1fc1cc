"""Search in English, Chinese and Russian, whatever the page's language, on both databases."""

import random

import pytest
from django.db import connection
from django.utils import translation

from core.search import cjk_grams, closest
from exhibitors.models import Exhibitor, Showcase
from tests import factories

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming, trigrams and indexes are PostgreSQL's"
)


@pytest.fixture
def records(db):
    """Two exhibitors and two showcases with their names and summaries in three languages."""
    expo = factories.exhibition()
    huawei = factories.exhibitor(
        slug="huawei", name="Huawei", name_zh_hans="华为技术有限公司", name_ru="Хуавэй"
    )
    gomselmash = factories.exhibitor(
        slug="gomselmash",
        name="Gomselmash",
        name_zh_hans="戈梅利农机",
        name_ru="Гомсельмаш",
        summary="Belarusian maker of farm machinery.",
    )
    factories.exhibitor(slug="other", name="Other Works", name_zh_hans="其他公司")
    factories.showcase(
        expo,
        gomselmash,
        slug="harvesters",
        name="Grain harvesters",
        name_zh_hans="谷物收割机",
        name_ru="Зерноуборочные машины",
        summary="Combines for wheat and maize.",
        summary_ru="Зерноуборочные комбайны для пшеницы и кукурузы.",
        summary_zh_hans="用于小麦和玉米的收割机。",
    )
    factories.showcase(
        expo,
        huawei,
        slug="phones",
        name="Phones",
        name_zh_hans="手机",
        name_ru="Телефоны",
        summary="Foldable handsets.",
    )


def exhibitor_slugs(query):
    return list(Exhibitor.objects.search(query).values_list("slug", flat=True))


def showcase_slugs(query):
    return list(Showcase.objects.search(query).values_list("slug", flat=True))


@pytest.mark.parametrize(
    ("query", "exhibitors", "showcases"),
    [
        ("华为", ["huawei"], []),
        ("Гомсельмаш", ["gomselmash"], []),
        ("гомсельмаш", ["gomselmash"], []),
        ("ГОМСЕЛЬМАШ", ["gomselmash"], []),
        ("комбайн", [], ["harvesters"]),
        ("收割机", [], ["harvesters"]),
        ("收割", [], ["harvesters"]),
        ("玉米", [], ["harvesters"]),
        ("harvesters", [], ["harvesters"]),
        ("Gomselmash", ["gomselmash"], []),
        ("farm machinery", ["gomselmash"], []),
    ],
)
def test_search_finds_every_language_on_both_databases(records, query, exhibitors, showcases):
    assert exhibitor_slugs(query) == exhibitors
    assert showcase_slugs(query) == showcases


@pytest.mark.parametrize("language", ["en", "zh-hans", "ru"])
def test_search_finds_every_language_whatever_the_active_one(records, language):
    with translation.override(language):
        assert exhibitor_slugs("华为") == ["huawei"]
        assert exhibitor_slugs("гомсельмаш") == ["gomselmash"]
        assert exhibitor_slugs("Huawei") == ["huawei"]
        assert showcase_slugs("комбайн") == ["harvesters"]
        assert showcase_slugs("收割机") == ["harvesters"]


@pytest.mark.parametrize("prefix", ["", "/zh-hans", "/ru"])
def test_search_page_finds_any_script_on_every_page_language(client, records, prefix):
    def found(query):
        groups = client.get(f"{prefix}/search/?q={query}").context["groups"]
        exhibitors, showcases = groups[0]["results"], groups[1]["results"]
        return [r.slug for r in exhibitors], [r.slug for r in showcases]

    assert found("华为") == (["huawei"], [])
    assert found("Гомсельмаш") == (["gomselmash"], [])
    assert found("комбайн") == ([], ["harvesters"])
    assert found("收割机") == ([], ["harvesters"])
    assert found("harvesters") == ([], ["harvesters"])


@pytest.mark.parametrize("prefix", ["", "/zh-hans", "/ru"])
def test_directory_search_finds_any_script_on_every_page_language(client, records, prefix):
    response = client.get(f"{prefix}/exhibitors/?q=华为")
    assert [e.slug for e in response.context["object_list"]] == ["huawei"]
    response = client.get(f"{prefix}/showcases/?q=комбайн")
    assert [s.slug for s in response.context["object_list"]] == ["harvesters"]


def test_search_cjk_needs_every_character_pair_in_order(records):
    # 华 and 技 are both in 华为技术有限公司, but not side by side; 手机 is not in Huawei's name.
    assert exhibitor_slugs("华技") == []
    assert exhibitor_slugs("华为手机") == []
    assert showcase_slugs("收割机手机") == []


def test_search_mixed_scripts_needs_every_word(records):
    assert showcase_slugs("wheat 收割机") == ["harvesters"]
    assert showcase_slugs("foldable 收割机") == []
    assert showcase_slugs("foldable 手机") == ["phones"]


def test_search_sees_a_translation_written_with_update(records):
    Exhibitor.objects.filter(slug="other").update(name_zh_hans="比亚迪", name_ru="Бид")
    assert exhibitor_slugs("比亚迪") == ["other"]
    assert exhibitor_slugs("бид") == ["other"]


def test_search_ranks_name_matches_first_in_every_language(db):
    expo = factories.exhibition()
    factories.showcase(
        expo,
        slug="in-summary",
        name="Field service",
        name_ru="Сервис",
        name_zh_hans="服务",
        summary_ru="Ремонт: комбайн за сутки.",
        summary_zh_hans="一天内修好收割机。",
    )
    factories.showcase(
        expo, slug="in-name", name="Combines", name_ru="Комбайн", name_zh_hans="收割机"
    )
    for language in ("en", "zh-hans", "ru"):
        with translation.override(language):
            assert showcase_slugs("комбайн") == ["in-name", "in-summary"]
            assert showcase_slugs("收割机") == ["in-name", "in-summary"]


def test_search_ties_follow_the_page_language_names(db):
    factories.exhibitor(slug="a", name="Alpha Works", name_ru="Яблоко Works")
    factories.exhibitor(slug="b", name="Beta Works", name_ru="Берёза Works")
    factories.exhibitor(slug="c", name="Gamma Works")  # no Russian name: its English one
    assert exhibitor_slugs("works") == ["a", "b", "c"]
    with translation.override("ru"):
        expected = ["c", "b", "a"] if connection.vendor == "sqlite" else ["b", "a", "c"]
        assert exhibitor_slugs("works") == expected


def test_closest_names_include_the_russian_ones(records):
    assert [e.slug for e in closest(Exhibitor.objects.all(), "Гомсельмш")] == ["gomselmash"]


def test_cjk_grams_are_pairs_of_each_run():
    assert cjk_grams("华为 收割机 Mate50 重庆x 华为") == ["华为", "收割", "割机", "重庆"]
    assert cjk_grams("中 Gomselmash") == ["中"]
    assert cjk_grams("Gomselmash") == []


@postgresql_only
def test_search_stems_russian_words(records):
    assert showcase_slugs("комбайнов") == ["harvesters"]
    assert showcase_slugs("зерноуборочная") == ["harvesters"]


@postgresql_only
def test_search_typo_in_a_russian_name_still_finds_it(records):
    assert exhibitor_slugs("Гомсельмш") == ["gomselmash"]
    assert exhibitor_slugs("Gomselmsh") == ["gomselmash"]


@postgresql_only
def test_search_vector_holds_russian_stems_and_chinese_ngrams(records):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM exhibitors_showcase WHERE slug = 'harvesters'"
        )
        (vector,) = cursor.fetchone()
    assert "'комбайн':" in vector
    assert "'收割':" in vector and "'割机':" in vector and "'收':" in vector
    assert "'harvest':" in vector


@postgresql_only
def test_search_query_uses_the_gin_index(records):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Exhibitor.objects.search("华为 Гомсельмаш").explain()
    assert "exhibitors_exhibitor_search_vector_gin" in plan
    assert "exhibitors_exhibitor_name_ru_trgm" in plan


@postgresql_only
def test_search_trigger_very_long_chinese_description_written_on_postgresql(db):
    # 100,000 random ideographs, written around validation: the trigger makes n-grams of the first
    # 20,000 characters, so the write does not fail on the 1 MB limit of a tsvector.
    rng = random.Random(1)
    description = "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(100_000))
    (bulk,) = Exhibitor.objects.bulk_create(
        [Exhibitor(slug="bulk-zh", name="Bulk Co", description_zh_hans=description)]
    )
    assert exhibitor_slugs(description[100:103]) == ["bulk-zh"]
    assert exhibitor_slugs(description[50_000:50_003]) == []  # past the n-grammed part
