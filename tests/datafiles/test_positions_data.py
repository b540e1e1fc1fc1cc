"""Halls, stand positions and pavilion areas in the data tools: loaded from JSON and CSV with the
admin's rules (inside the hall, no overlap, the whole position or none, a stand code once per
exhibition), checked across the files and against the database, all or nothing, and exported so
that they load back the same."""

import csv
import io
import json
import time

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from datafiles.columns import EXHIBITORS, HALLS, TEMPLATES
from datafiles.loader import QUERY_CHUNK
from exhibitors.models import Exhibitor, Showcase, Stand
from pavilions.models import Hall, Pavilion
from tests import factories
from tests.datafiles.test_loader import exhibitor_row, snapshot, write_csv
from tests.tables import csv_bytes, table_counts, wipe

pytestmark = pytest.mark.django_db

EXPO = "expo-2030"


def load(*paths, **options):
    """Run load_expo; messages name each file by its name only."""
    out = io.StringIO()
    try:
        call_command(
            "load_expo", *[str(p) for p in paths], stdout=out, **{"verbosity": 1, **options}
        )
    except CommandError as error:
        message = str(error)
        for path in paths:
            message = message.replace(str(path), path.name)
        raise CommandError(message) from None
    return out.getvalue()


def export(fmt, output):
    call_command("export_expo", "--format", fmt, "--output", str(output), verbosity=0)


def write_json(path, records):
    path.write_text(json.dumps(records, indent=1), encoding="utf-8")
    return path


def hall_record(slug, width, depth, name=None, exhibition=EXPO, **fields):
    return {
        "model": "pavilions.hall",
        "fields": {
            "slug": slug,
            "name": name or slug.upper(),
            "exhibition": [exhibition],
            "width": width,
            "depth": depth,
            **fields,
        },
    }


def stand_record(exhibitor, booth, *position, hall="n3", exhibition=EXPO):
    fields = {"exhibitor": [exhibitor], "exhibition": [exhibition], "booth": booth}
    if position:
        fields["hall"] = [hall] if hall else None
        fields.update(zip(("x", "y", "width", "depth"), position, strict=False))
    return {"model": "exhibitors.stand", "fields": fields}


def area_record(slug, *area, hall="n3", exhibition=EXPO):
    fields = {"slug": slug, "name": slug.title(), "exhibition": [exhibition], "hall": [hall]}
    fields.update(zip(("area_x", "area_y", "area_width", "area_depth"), area, strict=True))
    return {"model": "pavilions.pavilion", "fields": fields}


@pytest.fixture
def floor():
    """An exhibition with Hall N3 (100 × 50 m), BelAZ's stand N3-1 at (0, 0, 6 × 3) in it, the
    Belarus pavilion's area at (60, 30, 20 × 10), and makers without stands."""
    exhibition = factories.exhibition(slug=EXPO)
    hall = factories.hall(exhibition, width=100, depth=50, slug="n3", name="Hall N3")
    belaz = factories.exhibitor(slug="belaz", name="BelAZ")
    factories.stand(belaz, exhibition, booth="N3-1", hall=hall, x=0, y=0, width=6, depth=3)
    factories.pavilion(
        exhibition,
        slug="belarus",
        name="Belarus",
        hall=hall,
        area_x=60,
        area_y=30,
        area_width=20,
        area_depth=10,
    )
    for i in range(4):
        factories.exhibitor(slug=f"maker-{i}", name=f"Maker {i}")
    factories.source(slug="plan-2030")
    return exhibition, hall


def stand_csv_row(slug="maker-0", booth="N3-20", hall="n3", x="20", y="0", width="4", depth="3"):
    return exhibitor_row(
        slug=slug,
        name=slug.replace("-", " ").title(),
        sectors="",
        exhibition=EXPO,
        pavilion="",
        booth=booth,
        hall=hall,
        stand_x=x,
        stand_y=y,
        stand_width=width,
        stand_depth=depth,
    )


def hall_csv_row(**cells):
    row = {
        "slug": "n4",
        "name": "Hall N4",
        "exhibition": EXPO,
        "width": "20",
        "depth": "10",
        "north": "",
        "entrance": "",
        "position": "",
        "sources": "",
        "published": "",
    }
    row.update(cells)
    return [row.get(name, "") for name in HALLS.header]


# --- what loads -----------------------------------------------------------------------------------


def test_load_json_halls_positioned_stands_and_pavilion_areas(floor, tmp_path):
    path = write_json(
        tmp_path / "layout.json",
        [
            hall_record("n4", "40.5", 30, name="Hall N4", north=90, entrance="south", position=2),
            stand_record("maker-0", "N3-2", 6, 0, 4, 3),  # touches N3-1: edges may meet
            stand_record("maker-1", "N4-1", "36.5", 27, 4, 3, hall="n4"),  # the far corner of N4
            area_record("robotics", 0, 0, 20, 10, hall="n4"),
        ],
    )

    output = load(path)

    assert "4 created, 0 updated, 0 unchanged" in output
    n4 = Hall.objects.get(slug="n4")
    assert (n4.name, n4.width, n4.depth, n4.north, n4.entrance, n4.position) == (
        "Hall N4",
        40.5,
        30,
        90,
        "south",
        2,
    )
    stand = Stand.objects.get(booth="N4-1")
    assert (stand.hall, stand.rect) == (n4, (36.5, 27, 4, 3))
    assert Stand.objects.get(booth="N3-2").rect == (6, 0, 4, 3)
    assert Pavilion.objects.get(slug="robotics").area == (0, 0, 20, 10)
    assert "0 created, 0 updated, 4 unchanged" in load(path)


def test_load_json_stands_may_swap_places(floor, tmp_path):
    """The database's old positions do not count for stands the files move."""
    exhibition, hall = floor
    other = factories.stand(
        Exhibitor.objects.get(slug="maker-0"), exhibition, booth="N3-2", hall=hall, x=10, y=0
    )
    Stand.objects.filter(pk=other.pk).update(width=6, depth=3)
    path = write_json(
        tmp_path / "swap.json",
        [
            stand_record("belaz", "N3-1", 10, 0, 6, 3),
            stand_record("maker-0", "N3-2", 0, 0, 6, 3),
        ],
    )

    assert "0 created, 2 updated, 0 unchanged" in load(path)
    assert Stand.objects.get(booth="N3-1").rect == (10, 0, 6, 3)


def test_load_json_position_cleared_with_nulls(floor, tmp_path):
    record = stand_record("belaz", "N3-1", None, None, None, None, hall=None)
    path = write_json(tmp_path / "clear.json", [record])

    load(path)

    stand = Stand.objects.get(booth="N3-1")
    assert (stand.hall, stand.rect) == (None, None)


# --- what is refused: every problem named, nothing written -------------------------------------


def outside_hall(tmp_path):
    path = write_json(tmp_path / "a.json", [stand_record("maker-0", "N3-9", 96, 0, 6, 3)])
    return [path], [
        "a.json:2 (record 1): x: The stand does not fit inside Hall N3 (100.00 × 50.00 m): "
        "it reaches 102 × 3 m."
    ]


def outside_hall_defined_in_the_file(tmp_path):
    records = [hall_record("n4", 20, 10), stand_record("maker-0", "N4-1", 18, 0, 4, 3, hall="n4")]
    path = write_json(tmp_path / "a.json", records)
    return [path], [
        "a.json:14 (record 2): x: The stand does not fit inside N4 (20 × 10 m): it reaches 22 × 3 m."
    ]


def overlapping_in_the_file(tmp_path):
    records = [
        stand_record("maker-0", "N3-2", 20, 0, 4, 3),
        stand_record("maker-1", "N3-3", 30, 0, 4, 3),
        stand_record("maker-2", "N3-4", 22, 2, 4, 3),
    ]
    path = write_json(tmp_path / "a.json", records)
    return [path], [
        "a.json:40 (record 3): x: The stand overlaps stand N3-2 (Maker 0) in Hall N3 "
        "(a.json:record 1)."
    ]


def overlapping_the_database(tmp_path):
    path = write_json(tmp_path / "a.json", [stand_record("maker-0", "N3-2", 5, 2, 4, 3)])
    return [path], ["a.json:2 (record 1): x: The stand overlaps stand N3-1 (BelAZ) in Hall N3."]


def overlapping_in_a_hall_of_the_file(tmp_path):
    records = [
        hall_record("n4", 20, 10),
        stand_record("maker-0", "N4-1", 0, 0, 4, 3, hall="n4"),
        stand_record("maker-1", "N4-2", 3, 0, 4, 3, hall="n4"),
    ]
    path = write_json(tmp_path / "a.json", records)
    return [path], [
        "a.json:33 (record 3): x: The stand overlaps stand N4-1 (Maker 0) in N4 (a.json:record 2)."
    ]


def overlapping_across_files(tmp_path):
    first = write_json(tmp_path / "a.json", [stand_record("maker-0", "N3-2", 20, 0, 4, 3)])
    second = write_csv(
        tmp_path / "exhibitors.csv", EXHIBITORS.header, [stand_csv_row("maker-1", "N3-3", x="21")]
    )
    return [first, second], [
        "exhibitors.csv:2: stand_x: The stand overlaps stand N3-2 (Maker 0) in Hall N3 "
        "(a.json:record 1)."
    ]


def code_twice_in_the_file(tmp_path):
    records = [
        stand_record("maker-0", "N3-2", 20, 0, 4, 3),
        stand_record("maker-1", "N3-2"),  # not on the plan: a code is unique all the same
    ]
    path = write_json(tmp_path / "a.json", records)
    return [path], [
        "a.json:21 (record 2): booth: Another stand of this exhibition has this stand code: "
        "stand maker-0/expo-2030 at a.json:record 1."
    ]


def code_in_the_database(tmp_path):
    path = write_json(tmp_path / "a.json", [stand_record("maker-0", "N3-1", 20, 0, 4, 3)])
    return [path], [
        "a.json:2 (record 1): booth: Another stand of this exhibition has this stand code: "
        "stand belaz/expo-2030 in the database."
    ]


def half_a_position(tmp_path):
    path = write_json(tmp_path / "a.json", [stand_record("maker-0", "N3-2", 20, 0)])
    return [path], [
        "a.json:2 (record 1): Give the hall and all four of x, y, width, depth, or none of them."
    ]


def position_without_hall(tmp_path):
    record = stand_record("maker-0", "N3-2", 20, 0, 4, 3, hall=None)
    path = write_json(tmp_path / "a.json", [record])
    return [path], [
        "a.json:2 (record 1): Give the hall and all four of x, y, width, depth, or none of them."
    ]


def placed_without_a_code(tmp_path):
    path = write_json(tmp_path / "a.json", [stand_record("maker-0", "", 20, 0, 4, 3)])
    return [path], ["a.json:2 (record 1): booth: A stand on the floor plan needs its stand code."]


def hall_of_another_exhibition(tmp_path):
    records = [
        {
            "model": "exhibitions.exhibition",
            "fields": {
                "slug": "expo-2031",
                "name": "Expo 2031",
                "year": 2031,
                "city": "X",
                "country": ["CN"],
            },
        },
        stand_record("maker-0", "N3-2", 20, 0, 4, 3, exhibition="expo-2031"),
    ]
    path = write_json(tmp_path / "a.json", records)
    return [path], [
        "a.json:14 (record 2): hall: The hall belongs to another exhibition than the stand."
    ]


def area_outside_hall(tmp_path):
    path = write_json(tmp_path / "a.json", [area_record("robotics", 90, 0, 20, 10)])
    return [path], [
        "a.json:2 (record 1): area_x: The pavilion does not fit inside Hall N3 (100.00 × 50.00 m): "
        "it reaches 110 × 10 m."
    ]


def areas_overlapping(tmp_path):
    records = [area_record("robotics", 0, 0, 20, 10), area_record("health", 10, 5, 20, 10)]
    path = write_json(tmp_path / "a.json", records)
    return [path], [
        "a.json:19 (record 2): area_x: The pavilion overlaps the area of pavilion Robotics in "
        "Hall N3 (a.json:record 1)."
    ]


def area_overlapping_the_database(tmp_path):
    path = write_json(tmp_path / "a.json", [area_record("robotics", 70, 35, 20, 10)])
    return [path], [
        "a.json:2 (record 1): area_x: The pavilion overlaps the area of pavilion Belarus in "
        "Hall N3."
    ]


def hall_made_too_small(tmp_path):
    path = write_json(tmp_path / "a.json", [hall_record("n3", 50, 50, name="Hall N3")])
    return [path], [
        "a.json:2 (record 1): width: 1 pavilion in the database would no longer fit inside "
        "Hall N3 (50 × 50 m): the area of pavilion Belarus reaches 80 × 40 m. Move them in the "
        "same files, or keep the hall's size."
    ]


def csv_outside_hall(tmp_path):
    rows = [stand_csv_row(x="98")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:2: stand_x: The stand does not fit inside Hall N3 (100.00 × 50.00 m): "
        "it reaches 102 × 3 m."
    ]


def csv_overlapping_rows(tmp_path):
    rows = [stand_csv_row("maker-0", "N3-20"), stand_csv_row("maker-1", "N3-21", y="2.5")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:3: stand_x: The stand overlaps stand N3-20 (Maker 0) in Hall N3 "
        "(exhibitors.csv:2)."
    ]


def csv_code_twice(tmp_path):
    rows = [stand_csv_row("maker-0", "N3-20"), stand_csv_row("maker-1", "N3-20", x="30")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:3: booth: Another stand of this exhibition has this stand code: "
        "stand maker-0/expo-2030 at exhibitors.csv:2."
    ]


def csv_half_a_position(tmp_path):
    rows = [stand_csv_row(width="", depth="")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:2: Give the hall and all four of x, y, width, depth, or none of them."
    ]


def csv_comma_decimal(tmp_path):
    rows = [stand_csv_row(x="20,5")]
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [path], [
        "exhibitors.csv:2: stand_x: “20,5” is not a length in metres; write it with a decimal "
        "point, e.g. 12.5"
    ]


def csv_position_without_exhibition(tmp_path):
    row = exhibitor_row(slug="maker-0", sectors="", exhibition="", pavilion="", booth="", hall="n3")
    path = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, [row])
    return [path], [
        "exhibitors.csv:2: exhibition: give the exhibition of the stand whose hall or position "
        "is filled in"
    ]


def csv_hall_and_stand_in_it(tmp_path):
    halls = write_csv(tmp_path / "halls.csv", HALLS.header, [hall_csv_row()])
    rows = [
        stand_csv_row("maker-0", "N4-1", hall="n4", x="0"),
        stand_csv_row("maker-1", "N4-2", hall="n4", x="17"),
    ]
    exhibitors = write_csv(tmp_path / "exhibitors.csv", EXHIBITORS.header, rows)
    return [halls, exhibitors], [
        "exhibitors.csv:3: stand_x: The stand does not fit inside Hall N4 (20 × 10 m): "
        "it reaches 21 × 3 m."
    ]


def csv_hall_name_twice(tmp_path):
    rows = [hall_csv_row(), hall_csv_row(slug="n5", name="Hall N3")]
    path = write_csv(tmp_path / "halls.csv", HALLS.header, rows)
    return [path], [
        "halls.csv:3: name: Hall with this Exhibition and Name already exists: hall n3 in the "
        "database."
    ]


def csv_bad_hall_values(tmp_path):
    rows = [hall_csv_row(width="0", depth="deep", north="400", entrance="up")]
    path = write_csv(tmp_path / "halls.csv", HALLS.header, rows)
    return [path], [
        "halls.csv:2: width: Ensure this value is greater than or equal to 1.",
        "halls.csv:2: depth: “deep” value must be a decimal number.",
        "halls.csv:2: north: Ensure this value is less than or equal to 359.",
        "halls.csv:2: entrance: Value 'up' is not a valid choice.",
    ]


REFUSED = [
    outside_hall,
    outside_hall_defined_in_the_file,
    overlapping_in_the_file,
    overlapping_the_database,
    overlapping_in_a_hall_of_the_file,
    overlapping_across_files,
    code_twice_in_the_file,
    code_in_the_database,
    half_a_position,
    position_without_hall,
    placed_without_a_code,
    hall_of_another_exhibition,
    area_outside_hall,
    areas_overlapping,
    area_overlapping_the_database,
    hall_made_too_small,
    csv_outside_hall,
    csv_overlapping_rows,
    csv_code_twice,
    csv_half_a_position,
    csv_comma_decimal,
    csv_position_without_exhibition,
    csv_hall_and_stand_in_it,
    csv_hall_name_twice,
    csv_bad_hall_values,
]


@pytest.mark.parametrize("make_input", REFUSED, ids=[f.__name__ for f in REFUSED])
def test_load_position_refused_naming_the_record_and_nothing_written(floor, tmp_path, make_input):
    paths, expected = make_input(tmp_path)
    counts, data = table_counts(), snapshot()

    with pytest.raises(CommandError) as error:
        load(*paths)

    lines = str(error.value).splitlines()
    assert lines[0].startswith("Nothing was written:")
    problems = [line.strip() for line in lines[1:]]
    for fragment in expected:
        assert any(problem.startswith(fragment) for problem in problems), problems
    assert len(problems) == len(expected), problems
    assert table_counts() == counts
    assert snapshot() == data


def test_load_position_every_clash_reported_once(floor, tmp_path):
    """Three stands on one spot: the second and third are named, each once."""
    records = [stand_record(f"maker-{i}", f"N3-{10 + i}", 20, 0, 4, 3) for i in range(3)]
    path = write_json(tmp_path / "a.json", records)

    with pytest.raises(CommandError) as error:
        load(path)

    assert str(error.value).splitlines()[1:] == [
        "  a.json:21 (record 2): x: The stand overlaps stand N3-10 (Maker 0) in Hall N3 "
        "(a.json:record 1).",
        "  a.json:40 (record 3): x: The stand overlaps stand N3-10 (Maker 0) in Hall N3 "
        "(a.json:record 1).",
    ]


# --- export and load back ----------------------------------------------------------------------


@pytest.fixture
def layout(floor):
    """Two halls with positioned stands, a stand without a position, and pavilion areas."""
    exhibition, n3 = floor
    n4 = factories.hall(
        exhibition,
        width="80.5",
        depth=40,
        slug="n4",
        name="Hall N4",
        north=45,
        entrance="west",
        position=1,
        published=False,
    )
    n4.sources.add(factories.source(slug="venue-plan"))
    for i in range(6):
        maker = factories.exhibitor(slug=f"placed-{i}", countries=("CN",))
        factories.stand(maker, exhibition, booth=f"N4-{i}", **factories.grid_position(n4, i, 3))
    Stand.objects.filter(booth="N4-5").update(x="72.25", width="8.25")
    factories.stand(Exhibitor.objects.get(slug="maker-0"), exhibition, booth="N3-50")
    factories.pavilion(
        exhibition, slug="robotics", hall=n4, area_x=30, area_y=20, area_width=10, area_depth=10
    )
    return exhibition, n3, n4


def test_export_json_round_trip_identical_with_positions(layout, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    export("json", first)

    wipe()
    load(first)
    export("json", second)

    assert first.read_bytes() == second.read_bytes()
    records = json.loads(first.read_text(encoding="utf-8"))
    n4 = next(r["fields"] for r in records if r["fields"].get("slug") == "n4")
    assert (n4["width"], n4["north"], n4["entrance"], n4["sources"]) == (
        "80.50",
        45,
        "west",
        [["venue-plan"]],
    )
    stand = next(r["fields"] for r in records if r["fields"].get("booth") == "N4-5")
    assert (stand["hall"], stand["x"], stand["width"]) == (["n4"], "72.25", "8.25")
    area = next(r["fields"] for r in records if r["fields"].get("slug") == "robotics")
    assert (area["hall"], area["area_x"], area["area_depth"]) == (["n4"], "30.00", "10.00")


def test_export_csv_round_trip_identical_with_positions(layout, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    export("csv", first)

    Showcase.objects.all().delete()
    Stand.objects.all().delete()
    Exhibitor.objects.all().delete()
    Pavilion.objects.update(hall=None, area_x=None, area_y=None, area_width=None, area_depth=None)
    Hall.objects.all().delete()
    load(*(first / template.filename for template in TEMPLATES))
    export("csv", second)

    for template in TEMPLATES:
        name = template.filename
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert Stand.objects.get(booth="N4-5").rect == (72.25, 4, 8.25, 3)


def test_export_csv_halls_and_stand_positions(layout, tmp_path):
    export("csv", tmp_path)

    with (tmp_path / "halls.csv").open(encoding="utf-8", newline="") as stream:
        halls = list(csv.DictReader(stream))
    with (tmp_path / "exhibitors.csv").open(encoding="utf-8", newline="") as stream:
        exhibitors = {row["booth"]: row for row in csv.DictReader(stream)}

    assert halls == [
        {
            "slug": "n3",
            "name": "Hall N3",
            "name_zh_hans": "",
            "name_ru": "",
            "exhibition": EXPO,
            "width": "100",
            "depth": "50",
            "north": "",
            "entrance": "",
            "position": "0",
            "sources": "",
            "published": "yes",
        },
        {
            "slug": "n4",
            "name": "Hall N4",
            "name_zh_hans": "",
            "name_ru": "",
            "exhibition": EXPO,
            "width": "80.5",
            "depth": "40",
            "north": "45",
            "entrance": "west",
            "position": "1",
            "sources": "venue-plan",
            "published": "no",
        },
    ]
    position = ("hall", "stand_x", "stand_y", "stand_width", "stand_depth")
    assert [exhibitors["N4-5"][name] for name in position] == ["n4", "72.25", "4", "8.25", "3"]
    assert [exhibitors["N3-50"][name] for name in position] == [""] * 5


def test_load_csv_without_position_columns_keeps_positions(floor, tmp_path):
    header = [name for name in EXHIBITORS.header if not name.startswith(("hall", "stand_"))]
    row = dict(zip(EXHIBITORS.header, stand_csv_row("belaz", "N3-1"), strict=True))
    path = write_csv(tmp_path / "exhibitors.csv", header, [[row[name] for name in header]])

    load(path)

    assert Stand.objects.get(booth="N3-1").rect == (0, 0, 6, 3)


def test_load_csv_halls_minimal_header(floor, tmp_path):
    header = ["slug", "name", "exhibition", "width", "depth"]
    path = write_csv(tmp_path / "halls.csv", header, [["n9", "Hall N9", EXPO, "12.5", "8"]])

    load(path)

    hall = Hall.objects.get(slug="n9")
    assert (hall.width, hall.depth, hall.position, hall.published) == (12.5, 8, 0, True)


# --- the admin's CSV upload: the same loader -----------------------------------------------------


@pytest.fixture
def organiser(client):
    user = User.objects.create_user("organiser", password="not-used-x", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisers"))
    client.force_login(user)
    return user


def upload(client, name, header, rows):
    data = {"file": SimpleUploadedFile(name, csv_bytes(header, rows), content_type="text/csv")}
    return client.post(reverse("admin:exhibitors_exhibitor_upload_csv"), data)


def test_admin_upload_halls_file_adds_halls(floor, client, organiser):
    response = upload(client, "halls.csv", HALLS.header, [hall_csv_row(sources="plan-2030")])

    assert response.status_code == 302
    hall = Hall.objects.get(slug="n4")
    assert (hall.name, hall.width, list(hall.sources.values_list("slug", flat=True))) == (
        "Hall N4",
        20,
        ["plan-2030"],
    )


def test_admin_upload_overlapping_stand_refused_on_the_page(floor, client, organiser):
    counts = table_counts()

    response = upload(client, "stands.csv", EXHIBITORS.header, [stand_csv_row(x="4", y="2")])

    assert response.status_code == 200
    assert [str(problem) for problem in response.context["problems"]] == [
        "stands.csv:2: stand_x: The stand overlaps stand N3-1 (BelAZ) in Hall N3."
    ]
    assert table_counts() == counts


# --- speed: the checks cost a few queries, however many stands ---------------------------------


def positioned_stands_file(tmp_path, count, name):
    """``count`` new exhibitors with stands in a grid in Hall N3, next to BelAZ's stand."""
    records = []
    for i in range(count):
        slug = f"{name}-{i}"
        records.append(
            {
                "model": "exhibitors.exhibitor",
                "fields": {"slug": slug, "name": slug, "countries": [["BY"]]},
            }
        )
        spot = factories.grid_position(None, i + 2, per_row=20)  # past N3-1's 6 m
        records.append(stand_record(slug, f"{name}-{i}", spot["x"], spot["y"], 4, 3, hall="big"))
    return write_json(tmp_path / f"{name}.json", records)


def test_load_positioned_stands_queries_do_not_grow_per_stand(floor, tmp_path):
    exhibition, _ = floor
    big = factories.hall(exhibition, width=100, depth=400, slug="big", name="Big hall")
    for i in range(2):  # stands already in the hall, checked against the file
        factories.stand(
            factories.exhibitor(), exhibition, booth=f"OLD-{i}", **factories.grid_position(big, i)
        )

    def queries(count, name, **options):
        path = positioned_stands_file(tmp_path, count, name)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            load(path, verbosity=0, **options)
        return len(captured), time.perf_counter() - started

    few, _ = queries(100, "few", dry_run=True)
    many, seconds = queries(1500, "many", dry_run=True)
    # Only the loader's look-ups by natural key grow, in chunks of QUERY_CHUNK keys (exhibitors
    # and stands): the position checks add no query per stand.
    chunks = -(-1500 // QUERY_CHUNK) - 1
    assert many <= few + 2 * chunks, (few, many)
    assert seconds < 10

    written, _ = queries(1500, "many")
    assert written < 200, written  # the checks, then bulk inserts: not one query per stand
    assert Stand.objects.filter(hall=big).count() == 1502
