"""generate_demo_data: deterministic, apart from real data, safe to re-run, and a loadable fixture."""

import datetime
import json

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django_countries import countries as iso_countries

from exhibitions.models import Country, Exhibition, Person, Sector
from exhibitors.models import Exhibitor, Showcase, Stand
from tests.tables import APP_LABELS

pytestmark = pytest.mark.django_db

SIZE = {"exhibitors": 30, "showcases": 80}


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
    ],
)
def test_generate_demo_data_rejects_bad_options(options, message):
    with pytest.raises(CommandError, match=message):
        generate(**options)
    assert Exhibitor.objects.count() == 0
