"""The admin's CSV upload: the loader's checks and all-or-nothing writes, for staff who may edit."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from datafiles import admin_upload
from datafiles.admin_upload import MAX_UPLOAD_ROWS
from datafiles.columns import EXHIBITORS, SHOWCASES, TEMPLATES
from exhibitors.models import Exhibitor, Showcase
from tests.tables import csv_bytes, table_counts

pytestmark = pytest.mark.django_db

UPLOAD_URL = "admin:exhibitors_exhibitor_upload_csv"
CHANGELIST_URL = "admin:exhibitors_exhibitor_changelist"
EDITOR_PERMISSIONS = [
    f"{action}_{model}"
    for model in ("exhibitor", "stand", "showcase")
    for action in ("view", "add", "change")
]


def staff(username, codenames):
    user = User.objects.create_user(username, password="not-used-x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def csv_upload(name, header, rows, encoding="utf-8"):
    return SimpleUploadedFile(name, csv_bytes(header, rows, encoding), content_type="text/csv")


def exhibitor_row(**cells):
    row = dict.fromkeys(EXHIBITORS.header, "")
    row.update(slug="belaz", name="BelAZ", kind="company", countries="BY", published="yes")
    row.update(cells)
    return [row.get(name, "") for name in EXHIBITORS.header]


@pytest.fixture
def editor(client):
    user = staff("editor", EDITOR_PERMISSIONS)
    client.force_login(user)
    return user


def post(client, upload, dry_run=False):
    data = {"file": upload}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse(UPLOAD_URL), data)


def test_admin_changelist_links_upload_page(client, editor):
    response = client.get(reverse(CHANGELIST_URL))

    assert response.status_code == 200
    assert f'href="{reverse(UPLOAD_URL)}"' in response.content.decode()


def test_admin_upload_page_lists_columns(client, editor):
    response = client.get(reverse(UPLOAD_URL))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<input type="file" name="file"' in page
    for template in TEMPLATES:
        assert f'href="?template={template.name}"' in page
        for name in template.header:
            assert f"<code>{name}</code>" in page
    assert "company, joint_venture, industrial_park" in page


def test_admin_upload_refused_without_add_permission(client):
    client.force_login(staff("viewer", ["view_exhibitor", "change_exhibitor"]))

    changelist = client.get(reverse(CHANGELIST_URL))
    upload = client.get(reverse(UPLOAD_URL))

    assert changelist.status_code == 200
    assert reverse(UPLOAD_URL) not in changelist.content.decode()
    assert upload.status_code == 403


def test_admin_upload_example_file_creates_records(client, editor, shipped):
    with open("fixtures/example_exhibitors.csv", "rb") as example:
        upload = SimpleUploadedFile("example_exhibitors.csv", example.read())

    response = post(client, upload)

    assert response.status_code == 302
    assert response["Location"] == reverse(CHANGELIST_URL)
    robotics = Exhibitor.objects.get(slug="example-minsk-robotics")
    assert robotics.stands.count() == 2
    entry = LogEntry.objects.get(object_id=str(robotics.pk), content_type__model="exhibitor")
    assert (entry.user, entry.action_flag) == (editor, ADDITION)
    assert entry.change_message == "Added by CSV upload example_exhibitors.csv."
    page = client.get(response["Location"]).content.decode()
    assert "Loaded example_exhibitors.csv: 7 created, 0 updated, 0 unchanged." in page


def test_admin_upload_update_logged_as_change(client, editor, shipped):
    upload = csv_upload(
        "fix.csv", EXHIBITORS.header, [exhibitor_row(slug="huawei", name="Huawei", countries="CN")]
    )

    response = post(client, upload)

    assert response.status_code == 302
    huawei = Exhibitor.objects.get(slug="huawei")
    entry = LogEntry.objects.get(object_id=str(huawei.pk), content_type__model="exhibitor")
    assert (entry.user, entry.action_flag) == (editor, CHANGE)
    assert entry.change_message == "Changed by CSV upload fix.csv."
    assert LogEntry.objects.count() == 1  # nothing else was added or changed
    page = client.get(response["Location"]).content.decode()
    assert "Loaded fix.csv: 0 created, 1 updated, 0 unchanged." in page


def test_admin_upload_problems_listed_and_nothing_written(client, editor, shipped):
    rows = [
        exhibitor_row(slug="good"),
        exhibitor_row(slug="bad", countries="XX", exhibition="no-such-expo"),
    ]
    upload = csv_upload("exhibitors.csv", EXHIBITORS.header, rows)
    before = table_counts()

    response = post(client, upload)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was written: 2 problems found." in page
    assert (
        "<li>exhibitors.csv:3: countries: XX is not an ISO 3166-1 alpha-2 country code.</li>"
        in page
    )
    assert "<li>exhibitors.csv:3: exhibition: no exhibition “no-such-expo” in the database" in page
    assert table_counts() == before
    assert not Exhibitor.objects.filter(slug="good").exists()
    assert not LogEntry.objects.exists()


def test_admin_upload_wrong_encoding_reported(client, editor, shipped):
    upload = csv_upload(
        "exhibitors.csv", EXHIBITORS.header, [exhibitor_row(name="БелАЗ")], "cp1251"
    )
    before = table_counts()

    response = post(client, upload)

    assert "exhibitors.csv:2: the file is not UTF-8 text" in response.content.decode()
    assert table_counts() == before


def test_admin_upload_dry_run_writes_nothing(client, editor, shipped):
    upload = csv_upload("exhibitors.csv", EXHIBITORS.header, [exhibitor_row()])
    before = table_counts()

    response = post(client, upload, dry_run=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was written; loading it would do this:" in page
    assert '<th scope="row">Exhibitors</th><td>1</td><td>0</td><td>0</td>' in page
    assert table_counts() == before


def test_admin_upload_needs_permission_for_every_record_kind(client, shipped):
    client.force_login(staff("no-stands", ["view_exhibitor", "add_exhibitor", "change_exhibitor"]))
    upload = csv_upload(
        "exhibitors.csv", EXHIBITORS.header, [exhibitor_row(exhibition="smart-china-expo-2022")]
    )
    before = table_counts()

    response = post(client, upload)

    page = response.content.decode()
    assert "You may not add stands, and the file would add 1. Ask an administrator." in page
    assert table_counts() == before


def test_admin_upload_image_cell_must_name_a_stored_file(
    client, editor, shipped, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = csv_upload("exhibitors.csv", EXHIBITORS.header, [exhibitor_row(logo="belaz.png")])
    before = table_counts()

    response = post(client, upload)

    assert "exhibitors.csv:2: logo: image file “belaz.png” not found in media storage" in (
        response.content.decode()
    )
    assert table_counts() == before


def test_admin_upload_refuses_other_files(client, editor):
    upload = SimpleUploadedFile("data.json", b"[]", content_type="application/json")
    before = table_counts()

    response = post(client, upload)

    assert response.status_code == 200
    assert "Upload a .csv file" in response.content.decode()
    assert table_counts() == before


def test_admin_upload_showcases_from_showcase_changelist(client, editor, shipped):
    upload = csv_upload(
        "showcases.csv",
        SHOWCASES.header,
        [
            [
                {
                    "slug": "new-truck",
                    "name": "New truck",
                    "kind": "product",
                    "exhibition": "smart-china-expo-2022",
                    "exhibitor": "baidu",
                    "premiere": "yes",
                }.get(name, "")
                for name in SHOWCASES.header
            ]
        ],
    )

    response = client.post(reverse("admin:exhibitors_showcase_upload_csv"), {"file": upload})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:exhibitors_showcase_changelist")
    assert Showcase.objects.get(slug="new-truck").premiere


def test_admin_upload_template_download(client, editor):
    response = client.get(reverse(UPLOAD_URL), {"template": "showcases"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode() == ",".join(SHOWCASES.header) + "\r\n"


def row_cap_message(rows, cap):
    return (
        f"The file has {rows:,} rows; an upload here takes at most {cap:,} rows, so that it "
        "finishes before the web server gives up waiting. Nothing was written. Split the file, or "
        "have staff load it with: python manage.py load_expo FILE"
    )


def test_admin_upload_over_the_row_cap_refused_and_nothing_written(client, editor, shipped):
    rows = [exhibitor_row(slug=f"bulk-{n}", name=f"Bulk {n}") for n in range(MAX_UPLOAD_ROWS + 1)]
    upload = csv_upload("big.csv", EXHIBITORS.header, rows)
    before = table_counts()

    response = post(client, upload)

    page = response.content.decode()
    assert response.status_code == 200
    assert row_cap_message(10_001, 10_000) in page
    assert table_counts() == before
    assert not LogEntry.objects.exists()


def test_admin_upload_at_the_row_cap_accepted(client, editor, shipped, monkeypatch):
    monkeypatch.setattr(admin_upload, "MAX_UPLOAD_ROWS", 3)
    rows = [exhibitor_row(slug=f"bulk-{n}", name=f"Bulk {n}") for n in range(3)]
    blank = [""] * len(EXHIBITORS.header)  # skipped by the loader, so not counted
    rows.insert(1, blank)

    accepted = post(client, csv_upload("three.csv", EXHIBITORS.header, rows))
    refused = post(
        client, csv_upload("four.csv", EXHIBITORS.header, [*rows, exhibitor_row(slug="bulk-3")])
    )

    assert accepted.status_code == 302
    assert Exhibitor.objects.filter(slug__startswith="bulk-").count() == 3
    assert row_cap_message(4, 3) in refused.content.decode()
    assert not Exhibitor.objects.filter(slug="bulk-3").exists()
