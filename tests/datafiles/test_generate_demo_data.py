"""generate_demo_data: deterministic, apart from real data, safe to re-run, and a loadable fixture."""

import datetime
import hashlib
import io
import itertools
import json
import re
import tracemalloc
import zoneinfo
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import translation
from django.utils.text import slugify
from django_countries import countries as iso_countries
from PIL import Image

from core.geometry import inside, overlap
from core.images import RENDITIONS, rendition_name
from datafiles import demo_copy
from datafiles.management.commands import generate_demo_data
from datafiles.management.commands.generate_demo_data import (
    FAIRS,
    MIN_SESSIONS_PER_DAY,
    DemoData,
    demo_media_folder,
    sessions_per_day,
)
from exhibitions.models import Country, Exhibition, Person, Sector
from exhibitors.models import Exhibitor, Showcase, Stand
from pavilions.models import Hall, Pavilion
from programme.models import Participation, Session, SessionPerson
from tests.tables import APP_LABELS

pytestmark = pytest.mark.django_db

SIZE = {"exhibitors": 30, "showcases": 80}
# With images: 7 logos, 12 showcase images and an image for each of the ~110 pavilions (about 5 s).
IMAGE_SIZE = {"exhibitors": 10, "showcases": 20, "images": True}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Every run here writes (and --replace removes) demo images in the test's own media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def generate(**options):
    call_command("generate_demo_data", verbosity=0, **{**SIZE, **options})


def dump():
    """Every row of the three apps by natural key, without database ids: a sorted list of strings."""
    rows = []
    for label in APP_LABELS:
        for model in apps.get_app_config(label).get_models():
            if not hasattr(model, "natural_key"):  # bookkeeping rows, not directory records
                continue
            records = serializers.serialize(
                "python",
                model.objects.all(),
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
            for record in records:
                fields = record["fields"]
                fields.pop("search_vector", None)
                for name, value in fields.items():
                    if isinstance(value, list) and value and isinstance(value[0], tuple | list):
                        fields[name] = sorted(list(v) for v in value)
                rows.append(
                    json.dumps(record, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False)
                )
    return sorted(rows)


def test_generate_demo_data_same_seed_gives_identical_rows():
    generate(seed=5)
    first = dump()
    generate(seed=5, replace=True)
    assert dump() == first
    generate(seed=6, replace=True)
    assert dump() != first
    assert len(first) > 200


def test_generate_demo_data_creates_requested_sizes_and_consistent_records():
    generate(seed=2)
    exhibitors = Exhibitor.objects.prefetch_related("countries", "sectors", "stands")
    assert exhibitors.count() == 30
    assert Showcase.objects.count() == 80
    assert Exhibition.objects.count() >= 5
    for exhibitor in exhibitors:
        assert exhibitor.slug.startswith("demo-")
        assert 1 <= len(exhibitor.countries.all()) <= 2
        assert 1 <= len(exhibitor.sectors.all()) <= 3
        assert len(exhibitor.stands.all()) >= 1
    for stand in Stand.objects.filter(pavilion__isnull=False).select_related("pavilion"):
        assert stand.pavilion.exhibition_id == stand.exhibition_id
    attended = set(Stand.objects.values_list("exhibitor_id", "exhibition_id"))
    for exhibitor_id, exhibition_id in Showcase.objects.filter(exhibitor__isnull=False).values_list(
        "exhibitor_id", "exhibition_id"
    ):
        assert (exhibitor_id, exhibition_id) in attended
    assert Stand.objects.filter(pavilion__isnull=False).count() > 0
    assert not Sector.objects.filter(parent__parent__isnull=False).exists()
    codes = set(Country.objects.values_list("code", flat=True))
    assert codes <= set(dict(iso_countries))
    assert len(codes) >= 40
    assert Person.objects.count() >= 3


CHINESE = re.compile(r"[\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# The names the demo data gives in every language, by model.
NAMED = {
    Exhibitor: ["name", "headquarters"],
    Showcase: ["name"],
    Person: ["name"],
    Pavilion: ["name"],
    Hall: ["name"],
    Exhibition: ["name", "city"],
    Sector: ["name"],
}


def test_generate_demo_data_names_in_three_languages():
    generate(seed=9)

    for model, fields in NAMED.items():
        rows = model.objects.all()
        assert rows
        for row in rows:
            for field in fields:
                english, chinese, russian = (
                    row.__dict__[f"{field}{suffix}"] for suffix in ("", "_zh_hans", "_ru")
                )
                where = (model.__name__, row.slug, field)
                assert english and row.__dict__[f"{field}_en"] == english, where
                assert CHINESE.search(chinese) and CYRILLIC.search(russian), where
    exhibitor = Exhibitor.objects.filter(summary_zh_hans=None).first()
    with translation.override("zh-hans"):
        assert exhibitor.name == exhibitor.name_zh_hans
        assert exhibitor.summary == exhibitor.summary_en  # English is the fallback
    languages = set()
    for row in Exhibitor.objects.select_related("headquarters_country"):
        code = row.headquarters_country.code
        expected = "zh-hans" if code == "CN" else "ru" if code in {"BY", "RU", "KZ"} else "en"
        assert row.original_language == expected, (row.slug, code)
        languages.add(expected)
    assert languages == {"en", "zh-hans", "ru"}
    assert set(Showcase.objects.values_list("original_language", flat=True)) == {
        "en",
        "zh-hans",
        "ru",
    }


def languages_of(data):
    """The Chinese and Russian texts of a built demo directory, record by record."""
    return [
        {name: value for name, value in fields.items() if name.endswith(("_zh_hans", "_ru"))}
        | {"original_language": fields.get("original_language")}
        for model in NAMED
        for fields in data.records[model]
    ]


def test_generate_demo_data_languages_follow_the_seed():
    first = languages_of(DemoData(20, 40, seed=3).build())

    assert languages_of(DemoData(20, 40, seed=3).build()) == first
    assert languages_of(DemoData(20, 40, seed=4).build()) != first
    assert len(first) > 100


def test_generate_demo_data_languages_leave_the_english_rows_alone(monkeypatch):
    """The Faker instances draw from generators of their own: the English rows do not change
    with what they give."""

    def english(data):
        return [
            {k: v for k, v in fields.items() if not k.endswith(("_zh_hans", "_ru"))}
            for model in generate_demo_data.MODEL_ORDER
            for fields in data.records[model]
        ]

    first = english(DemoData(20, 40, seed=3).build())
    seeded = generate_demo_data.Languages.__init__
    monkeypatch.setattr(
        generate_demo_data.Languages, "__init__", lambda self, seed: seeded(self, seed + 1)
    )

    assert english(DemoData(20, 40, seed=3).build()) == first


def fair_of(exhibition):
    return next(f for f in FAIRS if exhibition.slug.startswith(f"demo-{slugify(f['name'])}-"))


def test_generate_demo_data_programme_within_days_and_opening_hours():
    generate(seed=2)
    sessions = Session.objects.select_related("exhibition", "pavilion")
    assert sessions.count() >= MIN_SESSIONS_PER_DAY * Exhibition.objects.count() * 3
    timed = 0
    for session in sessions:
        exhibition = session.exhibition
        assert exhibition.time_zone == fair_of(exhibition)["time_zone"]
        if session.pavilion:
            assert session.pavilion.exhibition_id == exhibition.id
        if session.date:
            assert exhibition.starts_on <= session.date <= exhibition.ends_on
        if session.starts_at is None:
            assert session.ends_at is None
            continue
        timed += 1
        opens, closes = (datetime.time(hour) for hour in fair_of(exhibition)["hours"])
        start = session.starts_at.astimezone(zoneinfo.ZoneInfo(exhibition.time_zone))
        assert start.date() == session.date
        assert opens <= start.time() < closes
        if session.ends_at:
            end = session.ends_at.astimezone(zoneinfo.ZoneInfo(exhibition.time_zone))
            assert end.date() == start.date()
            assert start < end and end.time() <= closes
    assert 0.9 * sessions.count() <= timed < sessions.count()  # a few have no published time
    kinds = Counter(sessions.values_list("kind", flat=True))
    assert set(kinds) == set(Session.Kind.values)
    assert kinds[Session.Kind.CEREMONY] >= 2 * Exhibition.objects.count()  # opening and closing
    # Speakers come from the people of the edition, and say so.
    for named in SessionPerson.objects.select_related("session", "person"):
        assert named.session.exhibition in named.person.exhibitions.all()
    assert set(SessionPerson.objects.values_list("role", flat=True)) == set(
        SessionPerson.Role.values
    )
    participations = Counter(Participation.objects.values_list("kind", flat=True))
    assert participations[Participation.Kind.SESSION] > 0
    assert participations[Participation.Kind.LAUNCH] == kinds[Session.Kind.LAUNCH]
    for participation in Participation.objects.select_related("session", "organisation"):
        participation.full_clean()
        assert participation.organisation.stands.filter(
            exhibition=participation.exhibition
        ).exists()
        assert participation.sources.exists()


def test_generate_demo_data_sessions_per_day_follow_the_exhibitors():
    """About 20 sessions a day per 1,000 exhibitors of each edition, and a few on small ones."""
    assert sessions_per_day(2000) == 40
    assert sessions_per_day(1000) == 20
    assert sessions_per_day(30) == MIN_SESSIONS_PER_DAY
    data = DemoData(4000, 0, seed=3).build()
    stands = Counter(stand["exhibition"][0] for stand in data.records[Stand])
    days = Counter((session["exhibition"][0], session["date"]) for session in data.records[Session])
    for exhibition in data.records[Exhibition]:
        expected = sessions_per_day(stands[exhibition["slug"]])
        assert expected > MIN_SESSIONS_PER_DAY
        undated = days[(exhibition["slug"], None)]
        day = exhibition["starts_on"]
        while day <= exhibition["ends_on"]:
            count = days[(exhibition["slug"], day)]
            assert expected * 0.9 - 1 - undated <= count <= expected * 1.1 + 1
            day += datetime.timedelta(days=1)


def test_generate_demo_data_output_file_passes_load_expo_checks(tmp_path):
    path = tmp_path / "demo.json"
    generate(seed=13, output=str(path))
    out = io.StringIO()

    call_command("load_expo", str(path), "--dry-run", stdout=out)

    assert "programme.session: " in out.getvalue()
    assert Session.objects.count() == 0
    call_command("load_expo", str(path), verbosity=0)
    assert Session.objects.count() > 0
    assert SessionPerson.objects.count() > 0


def test_generate_demo_data_sets_created_at_from_the_seed():
    generate(seed=3)
    first = Exhibitor.objects.order_by("created_at").first()
    assert first.created_at.date() == datetime.date(2022, 1, 1)
    assert Showcase.objects.filter(created_at__year__gte=2026).count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search_vector is PostgreSQL's")
def test_generate_demo_data_leaves_search_vector_to_the_database():
    generate(seed=4)
    assert Exhibitor.objects.filter(search_vector__isnull=True).count() == 0
    assert Showcase.objects.filter(search_vector__isnull=True).count() == 0


def test_generate_demo_data_output_file_loads_to_the_same_rows(tmp_path):
    path = tmp_path / "demo.json"
    generate(seed=7, output=str(path))
    assert Exhibitor.objects.count() == 0
    records = json.loads(path.read_text(encoding="utf-8"))
    assert {r["model"] for r in records} >= {"exhibitors.exhibitor", "exhibitors.showcase"}
    assert all("pk" not in r and "search_vector" not in r["fields"] for r in records)
    names = {name for r in records for name in r["fields"]}
    assert {"name_zh_hans", "name_ru", "original_language"} <= names
    assert not {name for name in names if name.endswith("_en")}  # derived from "name"
    call_command("loaddata", str(path), verbosity=0)
    loaded = dump()
    generate(seed=7, replace=True)
    assert dump() == loaded


def test_generate_demo_data_leaves_shipped_data_unchanged(shipped_data):
    before = set(dump())
    stands = Stand.objects.count()
    generate(seed=8)
    with_demo = set(dump())
    assert before <= with_demo
    call_command("generate_demo_data", delete=True, verbosity=0)
    after = set(dump())
    assert before <= after
    left = [json.loads(row)["model"] for row in after - before]
    assert set(left) <= {"exhibitions.country"}  # the shipped sectors were all there already
    assert Stand.objects.count() == stands
    assert not Exhibitor.objects.filter(slug__startswith="demo-").exists()
    assert Exhibitor.objects.count() == Exhibitor.objects.exclude(slug__startswith="demo-").count()


def test_generate_demo_data_refuses_to_add_a_second_set():
    generate(seed=9)
    before = dump()
    with pytest.raises(CommandError, match="--replace"):
        generate(seed=10)
    assert dump() == before


def test_generate_demo_data_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "demo.json"
    generate(dry_run=True)
    generate(dry_run=True, output=str(path))
    assert Exhibitor.objects.count() == 0
    assert Sector.objects.count() == 0
    assert not path.exists()
    generate(seed=12)
    before = dump()
    call_command("generate_demo_data", delete=True, dry_run=True, verbosity=0)
    assert dump() == before


def test_generate_demo_data_shows_on_cached_pages_at_once(client):
    assert client.get("/exhibitors/")["X-Cache"] == "miss"
    assert client.get("/exhibitors/")["X-Cache"] == "hit"
    generate(seed=11)
    page = client.get("/exhibitors/")
    assert page["X-Cache"] == "miss"
    assert 'href="/exhibitors/demo-' in page.content.decode()
    client.get("/exhibitors/")
    call_command("generate_demo_data", delete=True, verbosity=0)
    page = client.get("/exhibitors/")
    assert page["X-Cache"] == "miss"
    assert "/exhibitors/demo-" not in page.content.decode()


@pytest.mark.parametrize(
    "options, message",
    [
        ({"exhibitors": 0}, "--exhibitors"),
        ({"showcases": -1}, "--showcases"),
        ({"batch_size": 0}, "--batch-size"),
        ({"output": "/no/such/folder/demo.json"}, "does not exist"),
        ({"output": "demo.json", "images": True}, "--images"),
    ],
)
def test_generate_demo_data_rejects_bad_options(options, message):
    with pytest.raises(CommandError, match=message):
        generate(**options)
    assert Exhibitor.objects.count() == 0


# --- Halls -----------------------------------------------------------------------------------------


def test_generate_demo_data_lays_out_halls_by_the_placement_rules():
    generate(seed=2, exhibitors=150)  # about 20 stands a hall
    halls = {hall.pk: hall for hall in Hall.objects.all()}
    assert len(halls) >= 5
    stands = list(Stand.objects.select_related("exhibition", "pavilion"))
    positioned = [stand for stand in stands if stand.hall_id]
    assert len(positioned) >= 0.8 * len(stands)
    assert {stand.exhibition_id for stand in positioned} <= {
        hall.exhibition_id for hall in halls.values()
    }
    in_hall = defaultdict(list)
    for stand in positioned:
        hall = halls[stand.hall_id]
        assert hall.slug.startswith("demo-")
        assert hall.exhibition_id == stand.exhibition_id
        assert inside(stand.rect, hall.width, hall.depth)
        assert stand.booth.startswith(hall.name.removeprefix("Hall ") + "-")  # N3 -> N3-012
        in_hall[hall.pk].append(stand)
    for hall_stands in in_hall.values():
        for a, b in itertools.combinations(hall_stands, 2):
            assert not overlap(a.rect, b.rect), (a.booth, b.booth)
    for stand in positioned:
        if stand.pavilion:
            x, y, width, depth = stand.pavilion.area
            assert stand.pavilion.hall_id == stand.hall_id
            assert x <= stand.x and stand.x + stand.width <= x + width
            assert y <= stand.y and stand.y + stand.depth <= y + depth
    areas = defaultdict(list)
    for pavilion in Pavilion.objects.filter(hall__isnull=False):
        hall = halls[pavilion.hall_id]
        assert inside(pavilion.area, hall.width, hall.depth)
        assert pavilion.location == hall.name
        areas[hall.pk].append(pavilion.area)
    for hall_areas in areas.values():
        for a, b in itertools.combinations(hall_areas, 2):
            assert not overlap(a, b)
    codes = Counter((stand.exhibition_id, stand.booth) for stand in stands if stand.booth)
    assert codes and max(codes.values()) == 1
    # A part of a pavilion has no stand of its own: no code and no place on the plan.
    for stand in stands:
        if stand.kind == Stand.Kind.PAVILION_PART:
            assert (stand.booth, stand.hall_id, stand.x) == ("", None, None)
    # And the models' own checks agree, overlaps with the database's stands included.
    for record in [*halls.values(), *Pavilion.objects.all(), *stands]:
        record.full_clean()


def test_generate_demo_data_halls_have_stands_of_several_sizes_on_aisles():
    data = DemoData(600, 0, seed=1).build()
    halls = data.records[Hall]
    positioned = [s for s in data.records[Stand] if s["hall"]]
    sizes = Counter(tuple(sorted((s["width"], s["depth"]))) for s in positioned)  # either way
    assert {(3, 3), (3, 6), (6, 6), (6, 9)} <= set(sizes)
    assert sizes[(3, 3)] > sizes[(6, 9)] > 0
    assert any(hall["north"] not in (None, 0) for hall in halls)
    assert any(hall["entrance"] for hall in halls)
    assert {hall["entrance"] for hall in halls} <= {"", "north", "east", "south", "west"}
    assert {p["location"] for p in data.records[Pavilion]} <= {h["name"] for h in halls}
    outdoor = [s for s in data.records[Stand] if s["booth"].startswith("OUT-")]
    assert outdoor and all(s["hall"] is None and s["pavilion"] is None for s in outdoor)
    # Every stand opens on an aisle at least 3 m wide along one of its sides.
    for hall in halls:
        rects = [
            (s["x"], s["y"], s["width"], s["depth"])
            for s in positioned
            if s["hall"] == [hall["slug"]]
        ]
        for x, y, w, d in rects:
            fronts = [(x, y - 3, w, 3), (x, y + d, w, 3), (x - 3, y, 3, d), (x + w, y, 3, d)]
            assert any(
                inside(front, hall["width"], hall["depth"])
                and not any(overlap(front, other) for other in rects)
                for front in fronts
            ), (hall["slug"], x, y)


def overlapping_pairs(rects):
    """Pairs of ``(key, (x, y, width, depth))`` that share an area: a sweep along x."""
    pairs, active = [], []
    for key, rect in sorted(rects, key=lambda item: item[1][0]):
        active = [(k, r) for k, r in active if r[0] + r[2] > rect[0]]
        pairs += [(k, key) for k, r in active if overlap(r, rect)]
        active.append((key, rect))
    return pairs


def test_generate_demo_data_splits_busy_editions_into_halls(monkeypatch):
    monkeypatch.setattr(generate_demo_data, "HALL_CAPACITY", 60)
    data = DemoData(1500, 0, seed=4).build()
    halls = {hall["slug"]: hall for hall in data.records[Hall]}
    pavilions = {p["slug"]: p for p in data.records[Pavilion]}
    in_hall = defaultdict(list)
    for stand in data.records[Stand]:
        if stand["hall"]:
            in_hall[stand["hall"][0]].append(stand)
    assert len(halls) > 2 * len(data.records[Exhibition])
    for slug, stands in in_hall.items():
        hall = halls[slug]
        rects = [(s["booth"], (s["x"], s["y"], s["width"], s["depth"])) for s in stands]
        assert all(inside(rect, hall["width"], hall["depth"]) for _, rect in rects)
        assert overlapping_pairs(rects) == []
        members = Counter(s["pavilion"][0] for s in stands if s["pavilion"])
        # Full halls, but a pavilion is never split: a hall over capacity holds one pavilion.
        assert len(stands) <= 60 or len(members) == 1, slug
        areas = [
            (p, (p["area_x"], p["area_y"], p["area_width"], p["area_depth"]))
            for p in pavilions.values()
            if p["hall"] == [slug]
        ]
        assert overlapping_pairs([(p["slug"], area) for p, area in areas]) == []
        assert set(members) <= {p["slug"] for p, _ in areas}
    codes = Counter((s["exhibition"][0], s["booth"]) for s in data.records[Stand] if s["booth"])
    assert max(codes.values()) == 1


def layout(data):
    """The halls, areas and stand positions of a built data set."""
    return (
        data.records[Hall],
        [
            (p["slug"], p["hall"], p["area_x"], p["area_y"], p["area_width"], p["area_depth"])
            for p in data.records[Pavilion]
        ],
        [
            (s["exhibitor"], s["exhibition"], s["booth"], s["hall"], s["x"], s["y"], s["width"])
            for s in data.records[Stand]
        ],
    )


def test_generate_demo_data_same_seed_gives_the_same_layout():
    first = layout(DemoData(400, 0, seed=3).build())
    assert layout(DemoData(400, 0, seed=3).build()) == first
    assert layout(DemoData(400, 0, seed=4).build()) != first
    assert len(first[0]) >= len(FAIRS)


def test_generate_demo_data_plan_page_links_every_positioned_stand(client):
    generate(seed=2)
    drawn = 0
    for exhibition in Exhibition.objects.filter(halls__isnull=False).distinct():
        response = client.get(f"/exhibitions/{exhibition.slug}/plan/")
        assert response.status_code == 200
        svgs = re.findall(r"<svg class=\"plan.*?</svg>", response.content.decode(), re.S)
        assert len(svgs) == exhibition.halls.count()
        links = sum(svg.count('<a href="/exhibitors/') for svg in svgs)
        expected = (
            Stand.objects.positioned()
            .filter(exhibition=exhibition, exhibitor__published=True)
            .count()
        )
        assert links == expected
        drawn += links
    assert drawn > 0


# --- Images -----------------------------------------------------------------------------------------


def media_files(root):
    """Every file in media storage: relative name -> SHA-256 of its bytes."""
    root = Path(root)
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def image_rows():
    """(record, stored image) of every demo row that has an image."""
    rows = [(e, e.logo) for e in Exhibitor.objects.exclude(logo="")]
    rows += [(s, s.image) for s in Showcase.objects.exclude(image="")]
    rows += [(p, p.image) for p in Pavilion.objects.exclude(image="")]
    return rows


def referenced_files():
    """The masters the rows name, and their renditions."""
    names = set()
    for _, image in image_rows():
        names.add(image.name)
        names.update(rendition_name(image.name, r) for r in RENDITIONS)
    return names


def test_generate_demo_data_without_images_draws_none(media):
    generate(seed=2)
    assert Exhibitor.objects.exclude(logo="").count() == 0
    assert Showcase.objects.exclude(image="").count() == 0
    assert Pavilion.objects.exclude(image="").count() == 0
    assert media_files(media) == {}


def test_generate_demo_data_images_give_shares_sizes_renditions_and_alt_text(media):
    generate(seed=3, **IMAGE_SIZE)
    assert Exhibitor.objects.exclude(logo="").count() == 7  # 70 %
    assert Showcase.objects.exclude(image="").count() == 12  # 60 %
    assert Pavilion.objects.filter(image="").count() == 0
    assert Pavilion.objects.count() > 50
    folder = demo_media_folder()
    logo_sizes = set()
    for record, image in image_rows():
        assert image.name.startswith(folder + "/")
        with Image.open(image.path) as master:
            size = master.size
            fmt = master.format
        if isinstance(record, Exhibitor):
            assert fmt == "PNG"
            assert size in {(256, 256), (384, 192)}
            assert (record.logo_width, record.logo_height) == size
            logo_sizes.add(size)
        else:
            assert (fmt, size) == ("JPEG", (960, 540))
            assert (record.image_width, record.image_height) == size
            assert record.image_alt == f"Illustration for {record.name} (demo data)"
        with Image.open(default_storage.path(rendition_name(image.name, "card"))) as card:
            assert (card.format, card.size) == ("WEBP", (112, 112))
        with Image.open(default_storage.path(rendition_name(image.name, "display"))) as display:
            assert (display.format, display.size) == ("WEBP", size)
    assert set(media_files(media)) == referenced_files()
    assert len(referenced_files()) == 3 * len(image_rows())
    assert Showcase.objects.filter(image="").exclude(image_alt="").count() == 0


def test_generate_demo_data_images_same_seed_same_files_and_replace_leaves_none_behind(media):
    generate(seed=5, **IMAGE_SIZE)
    first = media_files(media)
    assert set(first) == referenced_files()
    generate(seed=5, replace=True, **IMAGE_SIZE)
    # Same names and bytes, and nothing else: the old files went before the new ones came (had
    # they not, storage would have given the new ones other names, and both would be here).
    assert media_files(media) == first
    generate(seed=6, replace=True)  # without images: the folder goes, the rows have none
    assert media_files(media) == {}
    assert image_rows() == []


def test_generate_demo_data_delete_removes_only_this_databases_demo_images(media):
    generate(seed=7)
    folder = demo_media_folder()
    png = ContentFile(b"not looked at", name="x.png")
    left_by_a_crash = default_storage.save(f"{folder}/logos/left-over.png", png)
    another_database = default_storage.save("demo/other-db-12345678/logos/theirs.png", png)
    upload = default_storage.save("logos/demo-acme.png", png)
    call_command("generate_demo_data", delete=True, dry_run=True, verbosity=0)
    assert default_storage.exists(left_by_a_crash)
    call_command("generate_demo_data", delete=True, verbosity=0)
    assert not default_storage.exists(left_by_a_crash)
    assert set(media_files(media)) == {another_database, upload}
    assert not Exhibitor.objects.exists()


def test_generate_demo_data_dry_run_with_images_draws_nothing(media):
    out = io.StringIO()
    call_command("generate_demo_data", dry_run=True, stdout=out, **IMAGE_SIZE)
    assert "It would draw 7 logos, 12 showcase images and " in out.getvalue()
    assert media_files(media) == {}
    assert not Exhibitor.objects.exists()


def test_generate_demo_data_images_failing_keep_the_rows_and_leave_no_files(media, monkeypatch):
    def broken(name, rng):
        raise OSError("disk full")

    monkeypatch.setattr("datafiles.demo_images.draw_pavilion", broken)  # pavilions come last
    with pytest.raises(CommandError, match="disk full"):
        generate(seed=8, **IMAGE_SIZE)
    assert Exhibitor.objects.count() == 10
    assert image_rows() == []
    assert media_files(media) == {}


# --- Scale: showcases stream in chunks, memory stays bounded ---------------------------------------


def showcase_peak(showcases, chunk_size):
    """Peak memory (bytes, tracemalloc) of building a directory of 20 exhibitors."""
    tracemalloc.start()
    try:
        data = DemoData(20, showcases, seed=1, chunk_size=chunk_size).build()
        return tracemalloc.get_traced_memory()[1], data
    finally:
        tracemalloc.stop()


def test_generate_demo_data_spilled_showcases_keep_memory_bounded():
    """With a chunk size the showcases go to a temporary file as they are made: eight times more of
    them hardly raises the peak, where keeping them (no chunk size) raises it by over 8 MB."""
    showcase_peak(100, 50)  # Faker's locales and the word lists, loaded once
    small, _ = showcase_peak(1000, 500)
    large, data = showcase_peak(8000, 500)
    assert data.records[Showcase] == []
    assert large - small < 2_000_000
    kept_small, _ = showcase_peak(1000, None)
    kept_large, _ = showcase_peak(8000, None)
    assert kept_large - kept_small > 8_000_000  # what the bound guards against
    cap = generate_demo_data.LAUNCH_CAP
    assert all(len(p) <= cap and len(o) <= cap for p, o, _ in data.launchable.values())


def test_generate_demo_data_spilled_showcases_are_the_kept_ones_in_chunks():
    kept = DemoData(30, 80, seed=2).build()
    spilled = DemoData(30, 80, seed=2, chunk_size=7).build()
    chunks = list(spilled.showcase_chunks())
    assert [len(c) for c in chunks] == [7] * 11 + [3]
    assert [s for c in chunks for s in c] == kept.records[Showcase]
    assert list(spilled.fixture_records()) == list(kept.fixture_records())


def test_generate_demo_data_writes_showcases_a_batch_at_a_time(monkeypatch):
    """The command writes showcases in chunks of --batch-size, with COPY on PostgreSQL."""
    sizes, copied = [], []
    chunks = DemoData.showcase_chunks

    def spy(self, *args, **kwargs):
        for chunk in chunks(self, *args, **kwargs):
            sizes.append(len(chunk))
            yield chunk

    monkeypatch.setattr(DemoData, "showcase_chunks", spy)
    write = demo_copy.CopyWriter.write
    monkeypatch.setattr(
        demo_copy.CopyWriter,
        "write",
        lambda self, records, keep=None: copied.append(len(records)) or write(self, records, keep),
    )
    generate(seed=2, batch_size=25)
    assert sizes == [25, 25, 25, 5]
    assert copied == (sizes if connection.vendor == "postgresql" else [])
    assert Showcase.objects.count() == 80


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search_vector is PostgreSQL's")
def test_generate_demo_data_copied_showcases_have_the_triggers_search_vectors():
    """The vectors COPY's path makes are those the search trigger makes (it runs again on update)."""
    generate(seed=4)
    query = "SELECT slug, search_vector::text FROM exhibitors_showcase ORDER BY slug"
    with connection.cursor() as cursor:
        cursor.execute(query)
        copied = cursor.fetchall()
        cursor.execute("UPDATE exhibitors_showcase SET name = name")
        cursor.execute(query)
        assert cursor.fetchall() == copied
    assert len(copied) == 80 and all(vector for _, vector in copied)
