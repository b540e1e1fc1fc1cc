"""Records' texts in three languages: each page shows its language's text, falls back to English
and marks it, and says what is a translation (core/translations.py, the translation_note tag)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from exhibitors.models import Exhibitor
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def harvester_maker():
    return factories.exhibitor(
        slug="gomselmash",
        name="Gomselmash",
        name_zh_hans="戈梅利农机",
        name_ru="Гомсельмаш",
        summary="Maker of combine harvesters.",
        summary_ru="Производитель зерноуборочных комбайнов.",
    )


def test_profile_shows_the_name_in_each_language(client, harvester_maker):
    assert "<h1>Gomselmash</h1>" in client.get("/exhibitors/gomselmash/").text
    assert "<h1>戈梅利农机</h1>" in client.get("/zh-hans/exhibitors/gomselmash/").text
    assert "<h1>Гомсельмаш</h1>" in client.get("/ru/exhibitors/gomselmash/").text


def test_untranslated_text_falls_back_to_english_marked_as_english(client, harvester_maker):
    page = client.get("/zh-hans/exhibitors/gomselmash/").text
    assert '<p class="lead" lang="en">Maker of combine harvesters.</p>' in page
    assert "尚未翻译的内容以英文显示。" in page


def test_translated_text_is_not_marked(client, harvester_maker):
    page = client.get("/ru/exhibitors/gomselmash/").text
    assert '<p class="lead">Производитель зерноуборочных комбайнов.</p>' in page
    assert "Перевод с английского." in page
    assert "показано на английском" not in page


def test_english_page_of_an_english_record_has_no_translation_note(client, harvester_maker):
    assert "translation-note" not in client.get("/exhibitors/gomselmash/").text


def test_english_page_says_a_russian_record_is_translated(client):
    factories.exhibitor(slug="belaz", name="BelAZ", name_ru="БелАЗ", original_language="ru")
    page = client.get("/exhibitors/belaz/").text
    assert "Translated from Russian." in page


def test_directory_lists_translated_names(client, harvester_maker):
    page = client.get("/ru/exhibitors/").text
    assert "Гомсельмаш" in page


def test_original_column_follows_the_english_one(harvester_maker):
    harvester_maker.name_en = "Gomselmash Holding"
    harvester_maker.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM exhibitors_exhibitor WHERE slug = 'gomselmash'")
        assert cursor.fetchone() == ("Gomselmash Holding",)


def test_writes_after_a_russian_page_land_in_english(client, harvester_maker):
    client.get("/ru/exhibitors/gomselmash/")
    created = factories.exhibitor(slug="maz", name="MAZ")
    created.refresh_from_db()
    assert (created.name_en, created.name_ru) == ("MAZ", None)


@pytest.mark.parametrize("prefix", ["", "/zh-hans", "/ru"])
def test_directory_query_count_is_the_same_in_every_language(client, harvester_maker, prefix):
    client.get("/exhibitors/")  # warm what is cached per process
    with CaptureQueriesContext(connection) as english:
        client.get("/exhibitors/?q=maker")
    with CaptureQueriesContext(connection) as translated:
        client.get(f"{prefix}/exhibitors/?q=harvester")
    assert len(translated) == len(english)


def test_fallback_reads_english_when_the_language_column_is_empty(harvester_maker):
    with translation.override("zh-hans"):
        assert (harvester_maker.name, harvester_maker.summary) == (
            "戈梅利农机",
            "Maker of combine harvesters.",
        )


def test_saving_during_a_russian_page_keeps_the_original_column_english():
    with translation.override("ru"):
        created = Exhibitor.objects.create(slug="belaz", name_en="BelAZ", name_ru="БелАЗ")
        created.summary = "Ещё одно описание"  # the Russian summary, as a Russian form would set it
        created.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, summary FROM exhibitors_exhibitor WHERE slug = 'belaz'")
        assert cursor.fetchone() == ("BelAZ", "")
    created.refresh_from_db()
    assert (created.name_ru, created.summary_ru, created.summary_en) == (
        "БелАЗ",
        "Ещё одно описание",
        None,
    )


def test_two_halls_without_a_chinese_name_do_not_clash(client):
    from django.contrib.auth.models import User

    exhibition = factories.exhibition()
    factories.hall(exhibition, name="Hall N1")
    client.force_login(User.objects.create_superuser("organiser", "o@example.org", "x"))
    response = client.post(
        "/admin/pavilions/hall/add/",
        {
            "exhibition": exhibition.pk,
            "slug": "hall-n2",
            "name_en": "Hall N2",
            "name_zh_hans": "",
            "name_ru": "",
            "position": 0,
            "width": 100,
            "depth": 100,
            "north": 0,
        },
    )
    assert response.status_code == 302
    assert list(exhibition.halls.values_list("name_en", "name_zh_hans")) == [
        ("Hall N1", None),
        ("Hall N2", None),
    ]
