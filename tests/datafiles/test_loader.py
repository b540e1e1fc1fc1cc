"""load_expo: checks every record before writing, reports every problem, writes all or nothing."""

import io
import json

import pytest
from django.core import serializers
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from core.content import content_state
from core.images import rendition_name
from datafiles.columns import EXHIBITORS, SHOWCASES
from datafiles.loader import load_files
from datafiles.schema import specs
from exhibitions.models import Country, Exhibition, Sector
from exhibitors.models import Exhibitor, Showcase, Stand
from pavilions.models import Pavilion
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
    return [row[name] for name in EXHIBITORS.header]


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
    return [row[name] for name in SHOWCASES.header]


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
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)

    output = load(path, verbosity=3)

    baidu.refresh_from_db()
    assert "1 updated" in output
    assert "~ baidu (name, founded, headquarters, sectors)" in output
    assert (baidu.name, baidu.founded, baidu.headquarters) == ("Baidu, Inc.", 2000, "Beijing")
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

    # 50 rows still fit one insert batch on SQLite (999 parameters): per-row queries would show.
    assert queries_for(5, "few") == queries_for(50, "many")


def test_load_files_reports_progress_totals(shipped, tmp_path):
    rows = [exhibitor_row(slug=f"maker-{i}", booth=f"M{i}") for i in range(3)]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    seen = []

    class Bar:
        def __init__(self, total, description):
            seen.append((description, total))
            self.done = 0

        def update(self, n=1):
            self.done += n

        def close(self):
            seen.append(("closed", self.done))

    load_files([path], progress=Bar)

    assert seen == [("Checking", 6), ("closed", 6), ("Writing", 6), ("closed", 6)]


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
