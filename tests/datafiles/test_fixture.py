"""The shipped data set, fixtures/smart_china_expo_2022.json: it loads, validates and reloads cleanly."""

import pytest
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from exhibitions.models import Exhibition, KeyFigure, Person, Quote
from exhibitors.models import Exhibitor, Showcase, Stand
from pavilions.models import Pavilion
from tests.tables import APP_LABELS

pytestmark = pytest.mark.django_db

FIXTURE = "smart_china_expo_2022"
ARTICLE = "sb-by-in-the-global-technological-stream"
PAVILION = "belarus-pavilion-sce-2022"
EXPO_2022 = "smart-china-expo-2022"

EXHIBITORS = {
    "zongshen-gomselmash",
    "gomselmash",
    "zongshen",
    "sanjiang-volat",
    "great-stone-industrial-park",
    "consulate-general-of-belarus-in-chongqing",
    "baidu",
    "changan",
    "alibaba",
    "huawei",
    "chinese-academy-of-sciences",
    "chinese-academy-of-engineering",
    "state-council-of-china",
    "national-development-and-reform-commission",
    "ministry-of-science-and-technology-of-china",
}

SHOWCASES = {
    "zongshen-gomselmash-products",
    "8k-high-definition-decoder",
    "intelligent-machine-shop",
    "intelligent-desert-farming",
    "city-management-big-data-platform",
    "microchip-and-intelligent-sensing-innovations",
    "sanjiang-volat-precision-parts",
}


def load():
    call_command("loaddata", FIXTURE, verbosity=0)


def app_models(include_auto_created=False):
    return [
        model
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models(
            include_auto_created=include_auto_created
        )
    ]


def table_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def serialized_data():
    """Every directory record; the content-version counter is bookkeeping, not content."""
    return {
        model._meta.label: serializers.serialize(
            "json", model._default_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for model in app_models(include_auto_created=True)
        if model._meta.label != "expo.ContentVersion"
    }


def slugs(queryset):
    return set(queryset.values_list("slug", flat=True))


@pytest.fixture
def loaded():
    load()


# No source of ours publishes the 2022 halls or stand positions, so the fixture has no halls.
UNPUBLISHED = {"pavilions.Hall"}


def test_fixture_every_model_has_rows(loaded):
    empty = [
        model._meta.label
        for model in app_models()
        if model._meta.label not in UNPUBLISHED and not model._default_manager.exists()
    ]

    assert empty == []


def test_fixture_every_object_passes_full_clean(loaded):
    errors = {}
    for model in app_models():
        for obj in model._default_manager.all():
            try:
                obj.full_clean()
            except ValidationError as error:
                errors[f"{model._meta.label} {obj}"] = error.message_dict

    assert errors == {}


def test_exhibitors_without_source_none(loaded):
    assert slugs(Exhibitor.objects.filter(sources__isnull=True)) == set()


def test_showcases_without_source_none(loaded):
    assert slugs(Showcase.objects.filter(sources__isnull=True)) == set()


def test_pavilions_without_source_none(loaded):
    assert slugs(Pavilion.objects.filter(sources__isnull=True)) == set()


def test_exhibitions_without_source_none(loaded):
    assert slugs(Exhibition.objects.filter(sources__isnull=True)) == set()


def test_quotes_without_source_none(loaded):
    assert slugs(Quote.objects.filter(source__isnull=True)) == set()
    assert set(Quote.objects.values_list("source__slug", flat=True)) == {ARTICLE}


def test_exhibitors_named_in_article_exist(loaded):
    assert slugs(Exhibitor.objects.all()) == EXHIBITORS


def test_showcases_of_2022_exist(loaded):
    assert slugs(Showcase.objects.filter(exhibition__slug=EXPO_2022)) == SHOWCASES


def test_exhibitions_key_editions_exist(loaded):
    editions = dict(Exhibition.objects.values_list("slug", "edition"))

    assert editions == {
        "smart-china-expo-2022": 5,
        "smart-china-expo-2021": 4,
        "smart-china-expo-2018": 1,
    }


def test_pavilion_sections_in_position_order(loaded):
    pavilion = Pavilion.objects.get(slug=PAVILION)
    positions = list(pavilion.sections.order_by("position").values_list("position", flat=True))

    assert pavilion.exhibition.slug == EXPO_2022
    assert pavilion.country.code == "BY"
    assert positions == [1, 2, 3, 4]


def test_pavilion_stands_are_belarusian_exhibitors(loaded):
    in_pavilion = set(
        Stand.objects.filter(pavilion__slug=PAVILION).values_list("exhibitor__slug", flat=True)
    )

    assert in_pavilion == {
        "zongshen-gomselmash",
        "sanjiang-volat",
        "great-stone-industrial-park",
    }


def test_joint_venture_parents_have_no_stand(loaded):
    assert Stand.objects.filter(exhibitor__slug__in=["gomselmash", "zongshen"]).count() == 0


def test_joint_venture_partners_are_symmetrical(loaded):
    partners = {
        slug: slugs(Exhibitor.objects.get(slug=slug).partners.all())
        for slug in ["zongshen-gomselmash", "gomselmash", "zongshen"]
    }

    assert partners == {
        "zongshen-gomselmash": {"gomselmash", "zongshen"},
        "gomselmash": {"zongshen-gomselmash"},
        "zongshen": {"zongshen-gomselmash"},
    }


def test_key_figures_2022_in_position_order(loaded):
    figures = KeyFigure.objects.filter(exhibition__slug=EXPO_2022).order_by("position")

    assert list(figures.values_list("value", flat=True)) == [58, 15, 24, 16, 50]
    assert list(figures.values_list("qualifier", flat=True)) == [
        "exact",
        "exact",
        "exact",
        "exact",
        "more_than",
    ]


def test_open_questions_left_empty(loaded):
    joint_venture = Exhibitor.objects.get(slug="zongshen-gomselmash")
    sanjiang_volat = Exhibitor.objects.get(slug="sanjiang-volat")

    assert Pavilion.objects.get(slug=PAVILION).location == ""
    assert joint_venture.founded is None
    assert sanjiang_volat.headquarters == ""
    assert slugs(sanjiang_volat.partners.all()) == set()


def test_person_other_spelling_is_searchable(loaded):
    assert slugs(Person.objects.search("Yemelyanau")) == {"dmitry-yemelyanov"}


def test_fixture_second_load_changes_nothing(loaded):
    counts_before = table_counts()
    data_before = serialized_data()

    load()

    assert table_counts() == counts_before
    assert serialized_data() == data_before


def fixture_records():
    import json

    from datafiles.management.commands.load_shipped_data import fixture_path

    return json.loads(fixture_path(FIXTURE).read_text(encoding="utf-8"))


def translations():
    """``(where, English text, translation or None, language suffix)`` for every translated text
    of the fixture that has English."""
    from core.translations import translated_fields

    for index, record in enumerate(fixture_records()):
        fields = record["fields"]
        for field in translated_fields(apps.get_model(record["model"])):
            if fields.get(field):
                for suffix in ("zh_hans", "ru"):
                    where = f"{record['model']} {fields.get('slug', index)}: {field}_{suffix}"
                    yield where, fields[field], fields.get(f"{field}_{suffix}"), suffix


def test_fixture_every_text_is_in_chinese_and_russian():
    assert [where for where, _, translation, _ in translations() if not translation] == []


def test_fixture_translations_keep_the_numbers():
    """A translation states every figure of the English text it translates (it may add the month
    of a date, or write "sixteen" as 16)."""
    import re
    from collections import Counter

    def numbers(text, decimal_comma=False):
        text = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", text)  # 1 000
        if decimal_comma:
            text = re.sub(r"(?<=\d),(?=\d)", ".", text)  # 91,5
        text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 1,000
        return Counter(re.findall(r"\d+(?:\.\d+)?", text))

    changed = [
        where
        for where, english, translation, suffix in translations()
        if numbers(english) - numbers(translation or "", decimal_comma=suffix == "ru")
    ]
    assert changed == []


def test_fixture_huawei_in_chinese(client, loaded):
    assert "<h1>华为</h1>" in client.get("/zh-hans/exhibitors/huawei/").text
    assert "<h1>Гомсельмаш</h1>" in client.get("/ru/exhibitors/gomselmash/").text
