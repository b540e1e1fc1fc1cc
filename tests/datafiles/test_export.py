"""export_expo: JSON and CSV that load_expo reads back; export, load, export gives the same bytes."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from datafiles.columns import EXHIBITORS, SHOWCASES, TEMPLATES
from datafiles.schema import MODEL_LABELS
from exhibitions.models import Exhibition
from exhibitors.models import Exhibitor, Showcase, Stand
from pavilions.models import Hall
from programme.models import Participation, SessionPerson
from tests import factories
from tests.tables import wipe

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2022, 9, 1, 9, 30, tzinfo=datetime.UTC)


def export(fmt, output):
    call_command("export_expo", "--format", fmt, "--output", str(output), verbosity=0)


def load(*paths):
    call_command("load_expo", *[str(p) for p in paths], verbosity=0)


@pytest.fixture
def directory():
    """The shipped data plus generated records: more exhibitors, stands, partners, people, quotes."""
    call_command("load_shipped_data", verbosity=0)
    world = factories.directory(4)
    other = Exhibition.objects.get(slug="smart-china-expo-2021")
    exhibitor = world["exhibitor"]
    factories.stand(exhibitor, other, booth="C-7")  # a second stand: two CSV rows
    exhibitor.local_name = "Беларусь, «кавычки» and a comma"
    exhibitor.description = 'Line one, "quoted".\n\nLine three; semicolon.'
    exhibitor.published = False
    exhibitor.save()
    factories.exhibitor(countries=("DE", "CN"), sectors=[world["child"]], name="Ümlaut GmbH")
    # Texts in every language, with what CSV must quote, and an empty translation saved as ""
    # (as the admin's forms save one) beside the NULL of the others.
    exhibitor.original_language = "ru"
    exhibitor.name_zh_hans = "白俄罗斯，“引号”"
    exhibitor.name_ru = 'Беларусь; "кавычки", запятая'
    exhibitor.summary_ru = "Строка один.\n\nСтрока три; точка с запятой."
    exhibitor.headquarters_zh_hans = "明斯克"
    exhibitor.headquarters_ru = ""
    exhibitor.save()
    showcase = world["showcase"]
    showcase.original_language = "zh-hans"
    showcase.name_zh_hans = "智能收割机"
    showcase.image_alt_ru = "Комбайн в поле"
    showcase.save()
    world["session"].title_ru = "Доклад"
    world["session"].save()
    world["person"].name_zh_hans = "伊万·伊万诺夫"
    world["person"].save()
    Hall.objects.filter(pk=world["hall"].pk).update(name_zh_hans="一号馆", name_ru="Зал 1")
    Participation.objects.filter(organisation=exhibitor).update(role_ru="Выступили на форуме.")
    # Sub-millisecond times, which a millisecond-rounding export could not give back.
    Exhibitor.objects.filter(pk=exhibitor.pk).update(created_at=MOMENT.replace(microsecond=500))
    Showcase.objects.filter(exhibitor=exhibitor).update(
        created_at=MOMENT.replace(microsecond=123456)
    )
    return world


def test_export_json_round_trip_identical(directory, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    export("json", first)

    wipe()
    load(first)
    export("json", second)

    assert first.read_bytes() == second.read_bytes()


def test_export_json_is_the_fixture_format(directory, tmp_path):
    path = tmp_path / "expo.json"
    export("json", path)

    records = json.loads(path.read_text(encoding="utf-8"))

    assert [set(record) for record in records] == [{"model", "fields"}] * len(records)
    assert {record["model"] for record in records} == set(MODEL_LABELS)
    models = [record["model"] for record in records]
    assert models == sorted(models, key=MODEL_LABELS.index)
    names = {name for record in records for name in record["fields"]}
    assert not names & {"id", "pk", "search_vector", "logo_width", "image_height"}
    joint_venture = next(r for r in records if r["fields"].get("slug") == "zongshen-gomselmash")
    assert joint_venture["fields"]["countries"] == [["BY"], ["CN"]]
    assert joint_venture["fields"]["partners"] == [["gomselmash"], ["zongshen"]]
    assert joint_venture["fields"]["created_at"] == "2022-09-07T12:00:00Z"
    created = {r["fields"]["created_at"] for r in records if "created_at" in r["fields"]}
    assert "2022-09-01T09:30:00.000500Z" in created
    slugs = [r["fields"]["slug"] for r in records if r["model"] == "exhibitors.exhibitor"]
    assert slugs == sorted(slugs)


def test_export_json_carries_every_language(directory, tmp_path):
    path = tmp_path / "expo.json"
    export("json", path)

    records = json.loads(path.read_text(encoding="utf-8"))

    names = {name for record in records for name in record["fields"]}
    assert not {name for name in names if name.endswith("_en")}  # English is "name", once
    exhibitor = next(
        r["fields"] for r in records if r["fields"].get("slug") == directory["exhibitor"].slug
    )
    assert {name: exhibitor[name] for name in list(exhibitor)[:6]} == {
        "slug": directory["exhibitor"].slug,
        "original_language": "ru",
        "name": directory["exhibitor"].name,
        "name_zh_hans": "白俄罗斯，“引号”",
        "name_ru": 'Беларусь; "кавычки", запятая',
        "local_name": "Беларусь, «кавычки» and a comma",
    }
    # No translation is null, whether the row holds NULL or "".
    assert (exhibitor["headquarters_ru"], exhibitor["summary_zh_hans"]) == (None, None)
    hall = next(r["fields"] for r in records if r["model"] == "pavilions.hall")
    assert (hall["name_zh_hans"], hall["name_ru"]) == ("一号馆", "Зал 1")


def test_export_json_writes_english_whatever_language_is_active(directory, tmp_path):
    export("json", tmp_path / "en.json")
    with translation.override("ru"):
        export("json", tmp_path / "ru.json")

    assert (tmp_path / "ru.json").read_bytes() == (tmp_path / "en.json").read_bytes()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_loaded_again_changes_nothing(directory, tmp_path, fmt):
    SessionPerson.objects.filter(position=0).update(position=1)  # as CSV numbers them
    export(fmt, tmp_path / "export")
    paths = (
        [tmp_path / "export"]
        if fmt == "json"
        else [tmp_path / "export" / template.filename for template in TEMPLATES]
    )
    out = io.StringIO()

    call_command("load_expo", *map(str, paths), stdout=out)

    assert " 0 created, 0 updated, " in out.getvalue()


def test_export_json_same_bytes_every_time(directory, tmp_path):
    export("json", tmp_path / "a.json")
    export("json", tmp_path / "b.json")

    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_export_json_loads_with_loaddata_too(directory, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    export("json", first)

    wipe()
    call_command("loaddata", str(first), verbosity=0)
    export("json", second)

    assert first.read_bytes() == second.read_bytes()


def test_export_json_to_standard_output(directory):
    out = io.StringIO()

    call_command("export_expo", stdout=out)

    records = json.loads(out.getvalue())
    assert sum(r["model"] == "exhibitors.exhibitor" for r in records) == Exhibitor.objects.count()


def test_export_csv_round_trip_identical(directory, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    export("csv", first)

    # Participations and the sessions' showcase links go with the exhibitors and showcases.
    Showcase.objects.all().delete()
    Stand.objects.all().delete()
    Exhibitor.objects.all().delete()
    load(*(first / template.filename for template in TEMPLATES))
    export("csv", second)

    assert sorted(p.name for p in first.iterdir()) == sorted(t.filename for t in TEMPLATES)
    for template in TEMPLATES:
        name = template.filename
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_export_csv_rows_follow_the_templates(directory, tmp_path):
    export("csv", tmp_path)

    with (tmp_path / "exhibitors.csv").open(encoding="utf-8", newline="") as stream:
        exhibitors = list(csv.DictReader(stream))
    with (tmp_path / "showcases.csv").open(encoding="utf-8", newline="") as stream:
        showcases = list(csv.DictReader(stream))

    assert list(exhibitors[0]) == EXHIBITORS.header
    assert list(showcases[0]) == SHOWCASES.header
    translated = next(row for row in exhibitors if row["slug"] == directory["exhibitor"].slug)
    assert {
        key: translated[key]
        for key in (
            "original_language",
            "name_zh_hans",
            "name_ru",
            "summary_ru",
            "headquarters_zh_hans",
            "headquarters_ru",
            "description_zh_hans",
        )
    } == {
        "original_language": "ru",
        "name_zh_hans": "白俄罗斯，“引号”",
        "name_ru": 'Беларусь; "кавычки", запятая',
        "summary_ru": "Строка один.\n\nСтрока три; точка с запятой.",
        "headquarters_zh_hans": "明斯克",
        "headquarters_ru": "",
        "description_zh_hans": "",
    }
    showcase = next(row for row in showcases if row["slug"] == directory["showcase"].slug)
    assert (showcase["original_language"], showcase["name_zh_hans"], showcase["image_alt_ru"]) == (
        "zh-hans",
        "智能收割机",
        "Комбайн в поле",
    )
    joint_venture = next(row for row in exhibitors if row["slug"] == "zongshen-gomselmash")
    assert {
        key: joint_venture[key]
        for key in ("countries", "partners", "exhibition", "pavilion", "kind", "published")
    } == {
        "countries": "BY;CN",
        "partners": "gomselmash;zongshen",
        "exhibition": "smart-china-expo-2022",
        "pavilion": "belarus-pavilion-sce-2022",
        "kind": "joint_venture",
        "published": "yes",
    }
    two_stands = [row for row in exhibitors if row["slug"] == directory["exhibitor"].slug]
    assert [row["exhibition"] for row in two_stands] == sorted(
        [directory["exhibition"].slug, "smart-china-expo-2021"]
    )
    assert {row["published"] for row in two_stands} == {"no"}
    assert len(exhibitors) == Stand.objects.count() + Exhibitor.objects.filter(stands=None).count()
    parts = next(row for row in showcases if row["slug"] == "sanjiang-volat-precision-parts")
    assert (parts["exhibitor"], parts["premiere"]) == ("sanjiang-volat", "no")
    park = next(row for row in exhibitors if row["slug"] == "great-stone-industrial-park")
    assert (park["stand_kind"], park["stand_sources"]) == (
        "pavilion_part",
        "sb-by-in-the-global-technological-stream",
    )


def test_export_csv_to_standard_output_refused():
    with pytest.raises(CommandError) as error:
        call_command("export_expo", "--format", "csv", verbosity=0)

    assert "give --output DIRECTORY" in str(error.value)
    assert error.value.returncode == 2
