"""load_expo: checks every record before writing, reports every problem, writes all or nothing."""

import io
import json

import pytest
from django.core import serializers
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from PIL import Image

from core.content import content_state
from core.images import rendition_name
from datafiles import loader
from datafiles.columns import EXHIBITORS, SHOWCASES
from datafiles.loader import load_files
from datafiles.schema import spec, specs
from exhibitions.models import Country, Exhibition, Sector
from exhibitors.models import Exhibitor, Showcase, Stand
from pavilions.models import Hall, Pavilion
from tests import factories
from tests.tables import csv_bytes, table_counts, wipe

pytestmark = pytest.mark.django_db

SHIPPED = "fixtures/smart_china_expo_2022.json"
EXPO_2022 = "smart-china-expo-2022"
EXPO_2021 = "smart-china-expo-2021"
PAVILION = "belarus-pavilion-sce-2022"


def snapshot():
    """Every row of the three apps by natural key, independent of database ids."""
    data = {}
    for model_spec in specs():
        rows = serializers.serialize(
            "python",
            model_spec.model._base_manager.all(),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        normalised = []
        for row in rows:
            fields = {
                name: sorted(map(str, value)) if isinstance(value, list) else value
                for name, value in row["fields"].items()
            }
            normalised.append(json.dumps(fields, sort_keys=True, default=str))
        data[model_spec.label] = sorted(normalised)
    return data


def load(*paths, **options):
    """Run load_expo; messages name each file by its name only (as if run in its folder)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "load_expo",
            *[str(p) for p in paths],
            stdout=out,
            stderr=err,
            **{"verbosity": 1, **options},
        )
    except CommandError as error:
        raise CommandError(_short(str(error), paths)) from None
    return _short(out.getvalue(), paths)


def _short(text, paths):
    for path in paths:
        if "/" in str(path) and not str(path).startswith("fixtures/"):
            text = text.replace(str(path), path.name)
    return text


def write_csv(path, header, rows, encoding="utf-8", delimiter=","):
    path.write_bytes(csv_bytes(header, rows, encoding, delimiter))
    return path


def exhibitor_row(**cells):
    """A full exhibitors row: an exhibitor with a stand at the 2022 expo."""
    row = {
        "slug": "belaz",
        "name": "BelAZ",
        "local_name": "БелАЗ",
        "kind": "company",
        "countries": "BY",
        "sectors": "robotics",
        "exhibition": EXPO_2022,
        "pavilion": PAVILION,
        "booth": "A1",
        "stand_kind": "",
        "stand_sources": "",
        "hall": "",
        "stand_x": "",
        "stand_y": "",
        "stand_width": "",
        "stand_depth": "",
        "summary": "Mining dump trucks.",
        "description": "Maker of mining dump trucks in Zhodzina.",
        "source_notes": "",
        "website": "https://belaz.by/",
        "founded": "1948",
        "headquarters": "Zhodzina",
        "partners": "",
        "logo": "",
        "published": "yes",
    }
    row.update(cells)
    return [row.get(name, "") for name in EXHIBITORS.header]


def showcase_row(**cells):
    row = {
        "slug": "belaz-75710",
        "name": "BelAZ-75710",
        "kind": "product",
        "exhibition": EXPO_2022,
        "exhibitor": "",
        "sectors": "robotics",
        "summary": "A 450-tonne dump truck.",
        "description": "",
        "source_notes": "",
        "premiere": "no",
        "image": "",
        "image_alt": "",
        "published": "yes",
    }
    row.update(cells)
    return [row.get(name, "") for name in SHOWCASES.header]


def english_only(template, rows):
    """The header and ``rows`` of ``template`` without the columns of other languages and
    ``original_language``: a file as written before records had languages."""
    keep = [
        i
        for i, name in enumerate(template.header)
        if name != "original_language" and not name.endswith(("_zh_hans", "_ru"))
    ]
    return [template.header[i] for i in keep], [[row[i] for i in keep] for row in rows]


def translated_columns(instance):
    """The Chinese and Russian columns of ``instance``'s translated fields, and its
    ``original_language``."""
    model = spec(instance._meta.label_lower)
    values = {name: instance.__dict__[name] for name in model.language_columns}
    return {**values, "original_language": instance.original_language}


# --- every kind of bad input: a message naming the file and record, exit 1, no row changed ----


def malformed_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(
        '[\n  {"model": "exhibitors.exhibitor", "fields": {"slug": "a", "name": "A"}},\n'
        '  {"model": "exhibitors.exhibitor" "fields": {}}\n]\n'
    )
    return [path], ["broken.json:3:", "not valid JSON", "delimiter"]


def deeply_nested_json(tmp_path):
    # Deeper than the parser's recursion can go: once a RecursionError traceback.
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000)
    return [path], ["deep.json:1: the JSON nests deeper than 32 levels"]


def nested_field_json(tmp_path):
    # Valid JSON the parser reads, nested too deep inside one record's field.
    record = {"model": "exhibitors.exhibitor", "fields": {"slug": "a", "name": "A"}}
    deep = "[" * 40 + '"BY"' + "]" * 40
    path = tmp_path / "nested.json"
    path.write_text(
        f'[\n  {json.dumps(record)},\n  {{"model": "exhibitions.country", "fields": {deep}}}\n]\n'
    )
    return [path], ["nested.json:3: the JSON nests deeper than 32 levels"]


def missing_column(tmp_path):
    header = [name for name in EXHIBITORS.header if name != "countries"]
    cells = zip(EXHIBITORS.header, exhibitor_row(), strict=True)
    rows = [[cell for name, cell in cells if name != "countries"]]
    path = write_csv(tmp_path / "exhibitors.csv", header, rows)
    return [path], ["exhibitors.csv:1: header: missing column(s) countries"]


def unknown_country_csv(tmp_path):
    rows = [exhibitor_row(slug="ok-one"), exhibitor_row(slug="bad-one", countries="DE;XX")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], ["exhibitors.csv:3: countries: XX is not an ISO 3166-1 alpha-2 country code."]


def unknown_country_json(tmp_path):
    path = tmp_path / "data.json"
    records = [
        {
            "model": "exhibitors.exhibitor",
            "fields": {"slug": "a", "name": "A", "countries": [["BY"]]},
        },
        {
            "model": "exhibitors.exhibitor",
            "fields": {"slug": "b", "name": "B", "countries": [["ZZ"]]},
        },
    ]
    path.write_text(json.dumps(records, indent=2))
    return [path], [
        "data.json:14 (record 2): countries: ZZ is not an ISO 3166-1 alpha-2 country code."
    ]


def lookalike_country_csv(tmp_path):
    # "ﬁ" (a ligature) upper-cases to FI (Finland): a code is two ASCII letters, nothing else.
    rows = [exhibitor_row(countries="BY;\ufb01")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:2: countries: \ufb01 is not an ISO 3166-1 alpha-2 country code."
    ]


def duplicate_slug(tmp_path):
    rows = [
        showcase_row(),
        showcase_row(slug="other-truck"),
        showcase_row(name="BelAZ-75710 again"),
    ]
    path = write_csv(tmp_path / "showcases.csv", SHOWCASES.header, rows)
    return [path], [
        "showcases.csv:4: slug: duplicate showcase “belaz-75710”: also at showcases.csv:2"
    ]


def duplicate_exhibitor_row(tmp_path):
    rows = [exhibitor_row(), exhibitor_row(name="BelAZ OJSC", exhibition=EXPO_2021, pavilion="")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], ["exhibitors.csv:3: slug: “belaz” is also on line 2 with different values"]


def missing_pavilion(tmp_path):
    rows = [exhibitor_row(pavilion="no-such-pavilion")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:2: pavilion: no pavilion “no-such-pavilion” in the database or in the files"
    ]


def pavilion_of_other_exhibition(tmp_path):
    rows = [exhibitor_row(exhibition=EXPO_2021)]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:2: pavilion: The pavilion belongs to another exhibition than the stand."
    ]


def wrong_encoding(tmp_path):
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, [exhibitor_row()], "cp1251")
    return [path], ["exhibitors.csv:2: the file is not UTF-8 text", "save it as UTF-8"]


def utf16(tmp_path):
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, [exhibitor_row()], "utf-16")
    return [path], ["exhibitors.csv: the file is UTF-16 text; save it as UTF-8"]


def bad_values(tmp_path):
    rows = [exhibitor_row(kind="startup", founded="19x", website="not a url", published="maybe")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:2: kind: Value 'startup' is not a valid choice. Choose one of: company,",
        "exhibitors.csv:2: founded: “19x” value must be an integer.",
        "exhibitors.csv:2: website: Enter a valid URL.",
        "exhibitors.csv:2: published: “maybe” is neither yes nor no",
    ]


def distinct_words(length):
    """About ``length`` characters of words that are all different: the most a search index holds."""
    text = " ".join(f"word{n}" for n in range(length // 6 + 1))
    return text[:length]


def too_long_description_json(tmp_path):
    # 1.24 MB of distinct words: more than PostgreSQL indexes ("string is too long for tsvector").
    records = [
        {"model": "exhibitors.exhibitor", "fields": {"slug": "a", "name": "A"}},
        {
            "model": "exhibitors.exhibitor",
            "fields": {"slug": "b", "name": "B", "description": distinct_words(1_240_000)},
        },
    ]
    path = tmp_path / "long.json"
    path.write_text(json.dumps(records, indent=2))
    return [path], [
        "long.json:9 (record 2): description: Ensure this value has at most 20000 characters "
        "(it has 1240000)."
    ]


def too_long_description_csv(tmp_path):
    rows = [exhibitor_row(), exhibitor_row(slug="other", description="x" * 20_001)]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:3: description: Ensure this value has at most 20000 characters "
        "(it has 20001)."
    ]


def too_long_russian_name_csv(tmp_path):
    rows = [exhibitor_row(name_ru="БелАЗ"), exhibitor_row(slug="other", name_ru="Я" * 201)]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:3: name_ru: Ensure this value has at most 200 characters (it has 201)."
    ]


def too_long_russian_summary_json(tmp_path):
    records = [
        {"model": "exhibitors.exhibitor", "fields": {"slug": "a", "name": "A", "name_ru": "А"}},
        {
            "model": "exhibitors.exhibitor",
            "fields": {"slug": "b", "name": "B", "summary_ru": "Я" * 301},
        },
    ]
    path = tmp_path / "data.json"
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False), encoding="utf-8")
    return [path], [
        "data.json:10 (record 2): summary_ru: Ensure this value has at most 300 characters "
        "(it has 301)."
    ]


def unknown_original_language(tmp_path):
    rows = [exhibitor_row(original_language="de")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:2: original_language: Value 'de' is not a valid choice. Choose one of: "
        "en, zh-hans, ru."
    ]


def english_column_json(tmp_path):
    # name_en is derived from name: a different text would be lost, so it is refused.
    records = [
        {
            "model": "exhibitors.exhibitor",
            "fields": {"slug": "a", "name": "A", "name_en": "Another name"},
        }
    ]
    path = tmp_path / "data.json"
    path.write_text(json.dumps(records, indent=2))
    return [path], [
        "data.json:2 (record 1): name_en: give the English text as “name”; “name_en” is derived "
        "from it"
    ]


def english_column_csv(tmp_path):
    header = [*EXHIBITORS.header, "name_en"]
    path = write_csv(tmp_path / "exhibitors.csv", header, [[*exhibitor_row(), "BelAZ"]])
    return [path], ["exhibitors.csv:1: header: unknown column(s) “name_en”"]


def chinese_hall_name_twice(tmp_path):
    header = ["slug", "name", "name_zh_hans", "exhibition", "width", "depth"]
    rows = [
        ["hall-a", "Hall A", "一号馆", EXPO_2022, "50", "50"],
        ["hall-b", "Hall B", "一号馆", EXPO_2022, "50", "50"],
    ]
    path = write_csv(tmp_path / "halls.csv", header, rows)
    return [path], [
        "halls.csv:3: name_zh_hans: Hall with this Exhibition and Name [zh-hans] already exists: "
        "hall hall-a at halls.csv:2."
    ]


def missing_image(tmp_path):
    rows = [exhibitor_row(logo="logos/belaz.png")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:2: logo: image file “logos/belaz.png” not found next to ",
    ]


BAD_INPUTS = [
    malformed_json,
    deeply_nested_json,
    nested_field_json,
    missing_column,
    unknown_country_csv,
    unknown_country_json,
    lookalike_country_csv,
    duplicate_slug,
    duplicate_exhibitor_row,
    missing_pavilion,
    pavilion_of_other_exhibition,
    wrong_encoding,
    utf16,
    bad_values,
    missing_image,
    too_long_description_json,
    too_long_description_csv,
    too_long_russian_name_csv,
    too_long_russian_summary_json,
    unknown_original_language,
    english_column_json,
    english_column_csv,
    chinese_hall_name_twice,
]


@pytest.mark.parametrize("make_input", BAD_INPUTS, ids=[f.__name__ for f in BAD_INPUTS])
def test_load_expo_bad_input_reported_and_nothing_written(shipped, tmp_path, make_input):
    paths, expected = make_input(tmp_path)
    before_counts, before_data = table_counts(), snapshot()

    with pytest.raises(CommandError) as error:
        load(*paths)

    message = str(error.value)
    assert message.startswith("Nothing was written:")
    for fragment in expected:
        assert fragment in message
    assert table_counts() == before_counts
    assert snapshot() == before_data


def test_load_expo_bad_input_exits_non_zero(tmp_path, capsys):
    paths, _ = unknown_country_csv(tmp_path)

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "load_expo", str(paths[0])]).execute()

    assert exit_info.value.code == 1
    assert "countries: XX is not an ISO 3166-1 alpha-2 country code." in capsys.readouterr().err


def test_load_expo_deeply_nested_json_exits_non_zero_with_a_message(tmp_path, capsys):
    (path,), _ = deeply_nested_json(tmp_path)

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "load_expo", str(path)]).execute()

    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"{path}:1: the JSON nests deeper than 32 levels" in err
    assert "Traceback" not in err and "RecursionError" not in err
    assert len(err.splitlines()) == 2  # "Nothing was written: 1 problem found." and the problem


def test_load_expo_every_problem_reported_at_once(shipped, tmp_path):
    rows = [
        exhibitor_row(slug="one", countries="XX", booth="A1"),
        exhibitor_row(slug="two", sectors="no-such-sector", booth="A2"),
        exhibitor_row(slug="three", name="", booth="A3"),
    ]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)

    with pytest.raises(CommandError) as error:
        load(path)

    lines = str(error.value).splitlines()
    assert lines[0] == "Nothing was written: 3 problems found."
    assert lines[1:] == [
        "  exhibitors.csv:2: countries: XX is not an ISO 3166-1 alpha-2 country code.",
        "  exhibitors.csv:3: sectors: no sector “no-such-sector” in the database or in the files",
        "  exhibitors.csv:4: name: This field cannot be blank.",
    ]


def test_load_expo_one_bad_record_keeps_valid_updates_out(shipped, tmp_path):
    rows = [exhibitor_row(slug="baidu", name="Renamed"), exhibitor_row(slug="new", countries="QQ")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)

    with pytest.raises(CommandError):
        load(path)

    assert Exhibitor.objects.get(slug="baidu").name == "Baidu"
    assert not Exhibitor.objects.filter(slug="new").exists()


def test_load_expo_rule_across_new_records_checked(tmp_path):
    """A new stand in a new pavilion of another new exhibition is caught before anything exists."""
    factories.country("CN")
    records = [
        {
            "model": "exhibitions.exhibition",
            "fields": {"slug": slug, "name": slug, "year": 2030, "city": "X", "country": ["CN"]},
        }
        for slug in ("expo-a", "expo-b")
    ] + [
        {
            "model": "pavilions.pavilion",
            "fields": {"slug": "pav-a", "name": "Pavilion A", "exhibition": ["expo-a"]},
        },
        {
            "model": "exhibitors.exhibitor",
            "fields": {"slug": "maker", "name": "Maker", "countries": [["CN"]]},
        },
        {
            "model": "exhibitors.stand",
            "fields": {"exhibitor": ["maker"], "exhibition": ["expo-b"], "pavilion": ["pav-a"]},
        },
    ]
    path = tmp_path / "new.json"
    path.write_text(json.dumps(records, indent=1))
    before = table_counts()

    with pytest.raises(CommandError) as error:
        load(path)

    assert "new.json:" in str(error.value)
    assert "(record 5): pavilion: The pavilion belongs to another exhibition" in str(error.value)
    assert table_counts() == before


# --- good input ---------------------------------------------------------------------------------


def test_load_expo_byte_order_mark_loads(shipped, tmp_path):
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, [exhibitor_row()], "utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    output = load(path)

    belaz = Exhibitor.objects.get(slug="belaz")
    assert "2 created, 0 updated, 0 unchanged" in output
    assert belaz.local_name == "БелАЗ"
    assert list(belaz.countries.values_list("code", flat=True)) == ["BY"]
    stand = Stand.objects.get(exhibitor=belaz)
    assert (stand.exhibition.slug, stand.pavilion.slug, stand.booth) == (EXPO_2022, PAVILION, "A1")


def test_load_expo_shipped_fixture_same_as_loaddata():
    call_command("loaddata", "smart_china_expo_2022", verbosity=0)
    by_loaddata = snapshot()
    wipe()

    output = load(SHIPPED)

    assert "109 created, 0 updated, 0 unchanged" in output
    assert snapshot() == by_loaddata


def test_load_expo_csv_sets_every_language(shipped, tmp_path):
    rows = [
        exhibitor_row(
            original_language="zh-hans",
            name_zh_hans="别拉斯",
            name_ru="БелАЗ",
            headquarters_zh_hans="若季诺",
            headquarters_ru="Жодино",
            summary_zh_hans="矿用自卸车。",
        )
    ]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)

    load(path)

    belaz = Exhibitor.objects.get(slug="belaz")
    assert (belaz.name, belaz.name_en, belaz.name_zh_hans, belaz.name_ru) == (
        "BelAZ",
        "BelAZ",
        "别拉斯",
        "БелАЗ",
    )
    assert (belaz.headquarters_zh_hans, belaz.headquarters_ru) == ("若季诺", "Жодино")
    assert (belaz.summary_zh_hans, belaz.summary_ru) == ("矿用自卸车。", None)  # empty: none
    assert belaz.original_language == "zh-hans"
    with translation.override("ru"):
        assert (belaz.name, belaz.summary) == ("БелАЗ", "Mining dump trucks.")  # English fallback
    assert load(path).strip().endswith("0 created, 0 updated, 2 unchanged.")


def test_load_expo_csv_original_language_by_label(shipped, tmp_path):
    rows = [exhibitor_row(original_language="Русский"), exhibitor_row(slug="b", booth="B1")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)

    load(path)

    languages = dict(
        Exhibitor.objects.filter(slug__in=["belaz", "b"]).values_list("slug", "original_language")
    )
    assert languages == {"belaz": "ru", "b": "en"}  # an empty cell: English


def test_load_expo_json_sets_languages_and_english_only_keeps_them(shipped, tmp_path):
    path = tmp_path / "baidu.json"
    record = {"slug": "baidu", "original_language": "zh-hans", "name_ru": "Байду"}
    path.write_text(json.dumps([{"model": "exhibitors.exhibitor", "fields": record}]))
    load(path)
    baidu = Exhibitor.objects.get(slug="baidu")
    translations = translated_columns(baidu)
    assert (translations["name_ru"], translations["original_language"]) == ("Байду", "zh-hans")

    record = {"slug": "baidu", "name": "Baidu, Inc.", "name_en": "Baidu, Inc."}  # as dumpdata
    path.write_text(json.dumps([{"model": "exhibitors.exhibitor", "fields": record}]))
    output = load(path, verbosity=3)

    baidu.refresh_from_db()
    assert "~ baidu (name)" in output
    assert (baidu.name, baidu.name_en) == ("Baidu, Inc.", "Baidu, Inc.")
    assert translated_columns(baidu) == translations


def test_load_expo_empty_translation_clears_one_and_leaves_none(shipped, tmp_path):
    Exhibitor.objects.filter(slug="baidu").update(name_zh_hans="", name_ru="Байду")
    rows = [exhibitor_row(slug="baidu", name="Baidu", booth="", pavilion="")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)

    output = load(path, verbosity=3)

    baidu = Exhibitor.objects.get(slug="baidu")
    assert (baidu.name_zh_hans, baidu.name_ru) == ("", None)  # "" was no translation already
    assert "name_zh_hans" not in output
    assert "name_ru" in output


def test_load_files_writes_english_whatever_language_is_active(shipped, tmp_path):
    """An admin upload runs in the organiser's language: ``name`` is still English."""
    rows = [
        exhibitor_row(name="BelAZ", name_zh_hans="别拉斯"),
        exhibitor_row(slug="baidu", name="Baidu, Inc.", booth="", pavilion=""),
    ]
    path = write_csv(tmp_path / "exhibitors.csv", *english_only(EXHIBITORS, rows[1:]))
    both = write_csv(tmp_path / "both.csv", EXHIBITORS.header, rows[:1])
    chinese_before = Exhibitor.objects.get(slug="baidu").name_zh_hans

    with translation.override("zh-hans"):
        load_files([both, path])

    values = Exhibitor.objects.filter(slug__in=["belaz", "baidu"]).values_list(
        "slug", "name", "name_en", "name_zh_hans"
    )
    assert sorted(values) == [
        ("baidu", "Baidu, Inc.", "Baidu, Inc.", chinese_before),
        ("belaz", "BelAZ", "BelAZ", "别拉斯"),
    ]


def test_load_expo_new_country_named_in_every_language(shipped, tmp_path):
    path = write_csv(
        tmp_path / "exhibitors.csv", EXHIBITORS.header, [exhibitor_row(countries="DE")]
    )

    load(path)

    germany = Country.objects.get(code="DE")
    assert (germany.name, germany.name_zh_hans, germany.name_ru) == ("Germany", "德国", "Германия")


def test_load_expo_halls_without_chinese_names_do_not_clash(shipped, tmp_path):
    header = ["slug", "name", "name_zh_hans", "exhibition", "width", "depth"]
    rows = [
        ["hall-a", "Hall A", "", EXPO_2022, "50", "50"],
        ["hall-b", "Hall B", "", EXPO_2022, "50", "50"],
    ]
    path = write_csv(tmp_path / "halls.csv", header, rows)

    load(path)

    assert list(Hall.objects.order_by("slug").values_list("name_zh_hans", flat=True)) == [
        None,
        None,
    ]


def test_load_expo_second_load_changes_nothing(tmp_path):
    load(SHIPPED)
    counts, data = table_counts(), snapshot()

    output = load(SHIPPED)

    assert output.strip() == f"Loaded {SHIPPED}: 0 created, 0 updated, 109 unchanged."
    assert table_counts() == counts
    assert snapshot() == data


def test_load_shipped_data_second_run_reports_unchanged():
    call_command("load_shipped_data", verbosity=0)
    out = io.StringIO()

    call_command("load_shipped_data", stdout=out)

    assert out.getvalue().strip() == f"Loaded {SHIPPED}: 0 created, 0 updated, 109 unchanged."


def test_load_expo_dry_run_writes_nothing(shipped, tmp_path):
    rows = [
        exhibitor_row(),
        exhibitor_row(slug="baidu", name="Baidu Inc.", countries="CN", pavilion="", booth=""),
    ]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    counts, data = table_counts(), snapshot()

    output = load(path, dry_run=True, verbosity=2)

    assert table_counts() == counts
    assert snapshot() == data
    assert "Dry run of" in output and "nothing was written" in output
    assert "exhibitors.exhibitor: 1 to create, 1 to update, 0 unchanged" in output
    assert "    + belaz" in output
    assert "    ~ baidu (" in output
    assert "exhibitors.stand: 2 to create, 0 to update, 0 unchanged" in output
    assert output.strip().endswith("Would create 3, update 1, leave 0 unchanged.")


def test_load_expo_csv_update_changes_only_given_columns(shipped, tmp_path):
    baidu = Exhibitor.objects.get(slug="baidu")
    sources, created_at = set(baidu.sources.all()), baidu.created_at
    translations = translated_columns(baidu)
    rows = [
        exhibitor_row(
            slug="baidu",
            name="Baidu, Inc.",
            local_name="",
            countries="CN",
            sectors="autonomous-driving;artificial-intelligence",
            pavilion="",
            booth="",
            summary=baidu.summary,
            description=baidu.description,
            source_notes=baidu.source_notes,
            website="",
            founded="2000",
            headquarters="Beijing",
        )
    ]
    path = write_csv(tmp_path / "exhibitors.csv", *english_only(EXHIBITORS, rows))

    output = load(path, verbosity=3)

    baidu.refresh_from_db()
    assert "1 updated" in output
    assert "~ baidu (name, founded, headquarters, sectors)" in output
    assert (baidu.name, baidu.founded, baidu.headquarters) == ("Baidu, Inc.", 2000, "Beijing")
    assert (baidu.name_en, baidu.headquarters_en) == ("Baidu, Inc.", "Beijing")
    assert translated_columns(baidu) == translations  # the file has no columns for them
    assert set(baidu.sectors.values_list("slug", flat=True)) == {
        "autonomous-driving",
        "artificial-intelligence",
    }
    assert set(baidu.sources.all()) == sources  # not a CSV column: kept
    assert baidu.created_at == created_at


def test_load_expo_json_record_without_a_field_keeps_it(shipped, tmp_path):
    path = tmp_path / "patch.json"
    path.write_text(
        json.dumps(
            [
                {
                    "model": "exhibitors.exhibitor",
                    "fields": {"slug": "huawei", "headquarters": "Shenzhen"},
                }
            ]
        )
    )

    load(path)

    huawei = Exhibitor.objects.get(slug="huawei")
    assert (huawei.name, huawei.headquarters) == ("Huawei", "Shenzhen")
    assert list(huawei.countries.values_list("code", flat=True)) == ["CN"]


def test_load_expo_partners_linked_both_ways(shipped, tmp_path):
    rows = [
        exhibitor_row(partners="sanjiang-volat"),
        exhibitor_row(slug="other", partners="", booth="A2"),
    ]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)

    load(path)

    partners_of_volat = Exhibitor.objects.get(slug="sanjiang-volat").partners.all()
    assert list(partners_of_volat.values_list("slug", flat=True)) == ["belaz"]

    rows = [exhibitor_row(partners="")]
    write_csv(path, EXHIBITORS.header, rows)
    load(path)

    assert not Exhibitor.objects.get(slug="sanjiang-volat").partners.exists()


def test_load_expo_repeated_row_gives_stands_at_two_exhibitions(shipped, tmp_path):
    rows = [exhibitor_row(), exhibitor_row(exhibition=EXPO_2021, pavilion="", booth="")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)

    load(path)

    stands = Stand.objects.filter(exhibitor__slug="belaz").order_by("exhibition__year")
    assert [s.exhibition.slug for s in stands] == [EXPO_2021, EXPO_2022]
    assert Exhibitor.objects.filter(slug="belaz").count() == 1


def test_load_expo_new_country_code_adds_the_country(shipped, tmp_path):
    path = write_csv(
        tmp_path / "exhibitors.csv", EXHIBITORS.header, [exhibitor_row(countries="de")]
    )

    output = load(path, verbosity=2)

    assert Country.objects.get(code="DE").name == "Germany"
    assert "exhibitions.country: 1 created" in output


def test_load_expo_showcases_and_exhibitors_in_one_run(shipped, tmp_path):
    exhibitors = write_csv(tmp_path / "e.csv", EXHIBITORS.header, [exhibitor_row()])
    showcases = write_csv(
        tmp_path / "s.csv", SHOWCASES.header, [showcase_row(exhibitor="belaz", premiere="yes")]
    )

    load(showcases, exhibitors)

    showcase = Showcase.objects.get(slug="belaz-75710")
    assert (showcase.exhibitor.slug, showcase.premiere, showcase.published) == ("belaz", True, True)


def test_load_expo_csv_semicolon_delimited_loads(shipped, tmp_path):
    path = write_csv(
        tmp_path / "showcases.csv",
        SHOWCASES.header,
        [showcase_row(sectors="robotics;smart-city")],
        delimiter=";",
    )

    load(path)

    sectors = Showcase.objects.get(slug="belaz-75710").sectors.values_list("slug", flat=True)
    assert set(sectors) == {"robotics", "smart-city"}


def test_load_expo_example_files_load(shipped):
    output = load("fixtures/example_exhibitors.csv", "fixtures/example_showcases.csv")

    assert "10 created, 0 updated, 0 unchanged" in output
    assert Exhibitor.objects.get(slug="example-minsk-robotics").stands.count() == 2
    sensors = Exhibitor.objects.get(slug="example-chongqing-sensors")
    assert (sensors.original_language, sensors.name_zh_hans, sensors.headquarters_ru) == (
        "zh-hans",
        "示例重庆传感器",
        "Чунцин",
    )
    assert sensors.summary_ru is None  # not translated: pages show the English
    assert not Exhibitor.objects.get(slug="example-belarusian-chinese-agro").published


def test_load_expo_queries_do_not_grow_with_records(shipped, tmp_path):
    def queries_for(count, name):
        rows = [
            exhibitor_row(slug=f"{name}-{i}", countries="BY;CN", booth=f"{name}-{i}")
            for i in range(count)
        ]
        path = write_csv(tmp_path / f"{name}.csv", EXHIBITORS.header, rows)
        with CaptureQueriesContext(connection) as queries:
            load(path, verbosity=0)
        return len(queries)

    # 25 rows of 30 columns still fit one insert batch on SQLite (999 parameters): per-row
    # queries would show.
    assert queries_for(5, "few") == queries_for(25, "many")


def recording_progress(seen):
    """A progress bar for ``load_files`` noting into ``seen`` each bar's description and total,
    and what it had counted when closed."""

    class Bar:
        def __init__(self, total, description):
            seen.append((description, total))
            self.done = 0

        def update(self, n=1):
            self.done += n

        def close(self):
            seen.append(("closed", self.done))

    return Bar


def test_load_files_reports_progress_totals(shipped, tmp_path):
    rows = [exhibitor_row(slug=f"maker-{i}", booth=f"M{i}") for i in range(3)]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    seen = []

    load_files([path], progress=recording_progress(seen))

    assert seen == [("Checking", 6), ("closed", 6), ("Writing", 6), ("closed", 6)]


def test_load_files_in_chunks_shows_one_progress_bar_over_the_rows(shipped, tmp_path, monkeypatch):
    """A load of more than one chunk has one bar, over the rows of the files."""
    monkeypatch.setattr(loader, "LOAD_CHUNK", 2)
    rows = [exhibitor_row(slug=f"maker-{i}", booth=f"M{i}") for i in range(3)]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    seen = []

    load_files([path], progress=recording_progress(seen))

    assert seen == [("Loading", 3), ("closed", 3)]
    assert Stand.objects.filter(exhibitor__slug__startswith="maker-").count() == 3


def test_load_expo_created_at_from_json_kept(tmp_path):
    factories.country("BY")
    path = tmp_path / "one.json"
    record = {
        "model": "exhibitors.exhibitor",
        "fields": {
            "slug": "dated",
            "name": "Dated",
            "countries": [["BY"]],
            "created_at": "2020-01-02T03:04:05Z",
        },
    }
    path.write_text(json.dumps([record]))

    load(path)

    assert Exhibitor.objects.get(slug="dated").created_at.isoformat() == "2020-01-02T03:04:05+00:00"


def test_load_expo_new_sector_tree_in_any_order(tmp_path):
    records = [
        {
            "model": "exhibitions.sector",
            "fields": {"slug": "child", "name": "Child", "parent": ["parent"]},
        },
        {"model": "exhibitions.sector", "fields": {"slug": "parent", "name": "Parent"}},
    ]
    path = tmp_path / "sectors.json"
    path.write_text(json.dumps(records))

    load(path)

    assert Sector.objects.get(slug="child").parent.slug == "parent"


def test_load_expo_stand_pavilion_cleared_by_empty_cell(shipped, tmp_path):
    row = exhibitor_row(slug="sanjiang-volat", name="Sanjiang-Volat", pavilion="")
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, [row])

    load(path)

    stand = Stand.objects.get(exhibitor__slug="sanjiang-volat", exhibition__slug=EXPO_2022)
    assert stand.pavilion is None
    assert Pavilion.objects.filter(slug=PAVILION).exists()
    assert Exhibition.objects.filter(slug=EXPO_2022).exists()


# --- images -------------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def test_load_expo_image_copied_into_media(shipped, tmp_path, media):
    data = tmp_path / "data"
    (data / "logos").mkdir(parents=True)
    Image.new("RGB", (64, 32), (200, 30, 30)).save(data / "logos" / "belaz.png")
    path = write_csv(
        data / "exhibitors.csv", EXHIBITORS.header, [exhibitor_row(logo="logos/belaz.png")]
    )

    load(path)

    belaz = Exhibitor.objects.get(slug="belaz")
    assert belaz.logo.name == "logos/belaz.png"
    assert (belaz.logo_width, belaz.logo_height) == (64, 32)
    assert stored_files(media) == sorted(
        [
            "logos/belaz.png",
            rendition_name("logos/belaz.png", "card"),
            rendition_name("logos/belaz.png", "display"),
        ]
    )
    with Image.open(media / "logos" / "belaz.png") as stored:
        assert stored.size == (64, 32)


def test_load_expo_image_second_load_changes_nothing(shipped, tmp_path, media):
    Image.new("RGB", (40, 40), (0, 90, 200)).save(tmp_path / "logo.png")
    path = write_csv(
        tmp_path / "exhibitors.csv", EXHIBITORS.header, [exhibitor_row(logo="logo.png")]
    )
    load(path)
    files = stored_files(media)

    output = load(path)

    assert "0 created, 0 updated, 2 unchanged" in output
    assert stored_files(media) == files


def test_load_expo_image_already_in_media_kept(shipped, tmp_path, media):
    (media / "showcases").mkdir(parents=True)
    Image.new("RGB", (30, 20)).save(media / "showcases" / "truck.png")
    path = write_csv(
        tmp_path / "showcases.csv", SHOWCASES.header, [showcase_row(image="showcases/truck.png")]
    )

    load(path)

    showcase = Showcase.objects.get(slug="belaz-75710")
    assert showcase.image.name == "showcases/truck.png"
    assert (showcase.image_width, showcase.image_height) == (30, 20)
    assert stored_files(media) == ["showcases/truck.png"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.png", b"<!doctype html><p>not an image</p>", "a web page or other text"),
        ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG drawings"),
    ],
)
def test_load_expo_image_not_an_image_refused(shipped, tmp_path, media, name, content, message):
    (tmp_path / name).write_bytes(content)
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, [exhibitor_row(logo=name)])
    before = table_counts()

    with pytest.raises(CommandError) as error:
        load(path)

    assert f"exhibitors.csv:2: logo: {name}: " in str(error.value)
    assert message in str(error.value)
    assert table_counts() == before
    assert stored_files(media) == []


def test_load_expo_image_outside_data_folder_refused(shipped, tmp_path, media):
    path = write_csv(
        tmp_path / "exhibitors.csv", EXHIBITORS.header, [exhibitor_row(logo="../secret.png")]
    )
    before = table_counts()

    with pytest.raises(CommandError) as error:
        load(path)

    assert "exhibitors.csv:2: logo: “../secret.png”: give the image as a path relative" in str(
        error.value
    )
    assert table_counts() == before
    assert stored_files(media) == []


def test_load_expo_changes_expire_cached_pages_once(shipped, tmp_path):
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, [exhibitor_row()])
    version = content_state()[0]

    load(path)
    after_load = content_state()[0]
    load(path)

    assert after_load == version + 1
    assert content_state()[0] == after_load  # an unchanged load leaves cached pages alone
