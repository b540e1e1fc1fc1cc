"""``/datapackage.json`` checked with the ``frictionless`` library: the descriptor is a valid Data
Package, and the downloads themselves, as served, validate against its Table Schemas."""

import csv
import io
import json
from urllib.parse import urlsplit

import pytest
from frictionless import Package

from exhibitors import exports
from tests import factories

pytestmark = pytest.mark.django_db

RESOURCES = {
    "exhibitors-csv": "http://testserver/exhibitors/data.csv",
    "exhibitors-json": "http://testserver/exhibitors/data.json",
    "showcases-csv": "http://testserver/showcases/data.csv",
    "showcases-json": "http://testserver/showcases/data.json",
}


def descriptor(client):
    response = client.get("/datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def downloaded_package(client, tmp_path, query=""):
    """The package with each resource downloaded (with ``query``) through the test client into
    ``tmp_path``, its path pointing at the local copy; also returns each file's row count."""
    package = descriptor(client)
    for resource in package["resources"]:
        response = client.get(urlsplit(resource["path"]).path + query)
        assert response.status_code == 200, resource["path"]
        name = f"{resource['name']}.{resource['format']}"
        (tmp_path / name).write_bytes(body(response))
        resource["path"] = name
    return Package(package, basepath=str(tmp_path))


def assert_valid(package):
    report = package.validate()
    errors = report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors
    return {task.name: task.stats["rows"] for task in report.tasks}


def test_datapackage_is_a_valid_data_package(client, shipped_data):
    package = descriptor(client)

    assert list(Package.metadata_validate(package)) == []
    assert {r["name"]: r["path"] for r in package["resources"]} == RESOURCES
    assert package["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 International",
        }
    ]
    assert {
        "title": "In the global technological stream (SB. Belarus Segodnya)",
        "path": "https://www.sb.by/en/in-the-global-technological-stream.html",
    } in package["sources"]


def test_shipped_downloads_validate_against_the_package(client, shipped_data, tmp_path):
    rows = assert_valid(downloaded_package(client, tmp_path))

    assert rows == {
        "exhibitors-csv": 15,
        "exhibitors-json": 15,
        "showcases-csv": 7,
        "showcases-json": 7,
    }


def test_filtered_downloads_validate_against_the_package(client, shipped_data, tmp_path):
    rows = assert_valid(downloaded_package(client, tmp_path, "?country=by"))

    assert rows["exhibitors-csv"] == rows["exhibitors-json"] > 0
    assert rows["showcases-csv"] == rows["showcases-json"] > 0


@pytest.fixture
def made_up_directory():
    """Factory data beyond the shipped set: a directory of 12, plus rows at the edges of the
    schemas (a formula for a name, a slug starting with a hyphen, empty optional fields, a
    showcase without a maker, an unpublished exhibitor)."""
    world = factories.directory(12)
    factories.exhibitor(
        slug="-leading-hyphen",
        name="=HYPERLINK(1)" + "x" * 187,  # 200 characters, the longest a name may be
        summary="@SUM(A1)",
        countries=("BY", "CN", "DE"),
        founded=1000,
        website="https://example.com/a?b=c",
        headquarters="Минск",
    )
    factories.exhibitor(slug="hidden", published=False)
    factories.showcase(world["exhibition"], None, kind="innovation", premiere=True, summary="")
    return world


def test_factory_downloads_validate_against_the_package(client, made_up_directory, tmp_path):
    rows = assert_valid(downloaded_package(client, tmp_path))

    assert rows == {
        "exhibitors-csv": 13,
        "exhibitors-json": 13,
        "showcases-csv": 13,
        "showcases-json": 13,
    }


def test_validation_catches_a_file_that_breaks_the_schema(client, made_up_directory, tmp_path):
    package = downloaded_package(client, tmp_path)
    broken = tmp_path / "exhibitors-json.json"
    data = json.loads(broken.read_text())
    data["results"][0]["kind"] = "spaceship"
    data["results"][1]["countries"] = ["by"]
    broken.write_text(json.dumps(data))

    report = package.validate()

    assert sorted(report.flatten(["rowNumber", "fieldName", "type"])) == [
        [2, "kind", "constraint-error"],
        [3, "countries", "constraint-error"],
    ]


@pytest.mark.parametrize("dataset", exports.DATASETS, ids=lambda d: d.name)
def test_package_fields_are_the_export_columns(client, made_up_directory, dataset):
    package = descriptor(client)
    fields = {
        r["format"]: [f["name"] for f in r["schema"]["fields"]]
        for r in package["resources"]
        if r["name"].startswith(dataset.name)
    }
    header = next(csv.reader(io.StringIO(body(client.get(dataset.url("csv"))).decode())))
    columns = json.loads(body(client.get(dataset.url("json"))))["columns"]

    assert fields == {"csv": header, "json": columns}
    assert header == dataset.column_names


def test_package_describes_lists_per_format(client, made_up_directory):
    resources = {r["name"]: r for r in descriptor(client)["resources"]}
    countries = {
        name: next(f for f in resource["schema"]["fields"] if f["name"] == "countries")
        for name, resource in resources.items()
        if name.startswith("exhibitors")
    }

    assert countries["exhibitors-csv"]["type"] == "list"
    assert countries["exhibitors-csv"]["delimiter"] == ";"
    assert countries["exhibitors-json"]["type"] == "array"
    assert countries["exhibitors-json"]["arrayItem"]["constraints"] == {"pattern": "^[A-Z]{2}$"}
    assert resources["showcases-json"]["schema"]["primaryKey"] == ["slug"]


def test_package_uses_site_url_for_its_addresses(client, made_up_directory, settings):
    settings.SITE_URL = "https://expo.example.org"

    package = descriptor(client)

    assert package["resources"][0]["path"] == "https://expo.example.org/exhibitors/data.csv"
    assert package["homepage"] == "https://expo.example.org/"
    assert package["id"] == "https://expo.example.org/datapackage.json"


def test_package_lists_only_sources_of_published_records(client, db):
    cited = factories.source(title="Cited", url="https://example.com/cited")
    hidden = factories.source(title="Only behind an unpublished record")
    factories.exhibitor().sources.add(cited)
    factories.exhibitor(published=False).sources.add(hidden)
    factories.source(title="Cited by nothing")

    assert descriptor(client)["sources"] == [
        {"title": "Cited", "path": "https://example.com/cited"}
    ]
