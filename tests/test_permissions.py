"""The organiser role: what a staff member of the "Organisers" group can and cannot do in the admin."""

import importlib

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from expo.management.commands.setup_roles import (
    CONTENT_MODELS,
    NOT_DELETABLE,
    ORGANISERS,
    organiser_permissions,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    user = User.objects.create_user("olga", password="unused-in-tests", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    client.force_login(user)
    return user


@pytest.fixture
def world():
    """One row of every content model."""
    data = factories.directory(1)
    data["exhibition"].key_figures.create(value=50, label="firms")
    return data


def url(label, view, *args):
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def test_organisers_group_exists_after_migrate_with_the_role_permissions():
    group = Group.objects.get(name=ORGANISERS)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == organiser_permissions()
    assert len(granted) == 4 * len(CONTENT_MODELS) - len(NOT_DELETABLE)


def test_organiser_migration_defines_the_same_role_as_setup_roles():
    # The latest migration that sets the role.
    migration = importlib.import_module("expo.migrations.0003_organiser_group_halls")
    assert migration.ORGANISERS == ORGANISERS
    assert tuple(migration.CONTENT_MODELS) == CONTENT_MODELS
    assert set(migration.NOT_DELETABLE) == set(NOT_DELETABLE)


def test_organiser_role_has_no_user_group_or_permission_rights():
    granted = {codename for _, codename in organiser_permissions()}
    for model in ("user", "group", "permission"):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" not in granted
    assert "delete_exhibition" not in granted
    group = Group.objects.get(name=ORGANISERS)
    outside = group.permissions.exclude(
        content_type__app_label__in=["exhibitions", "pavilions", "exhibitors", "programme"]
    )
    assert list(outside.values_list("codename", flat=True)) == []


@pytest.mark.parametrize("label", CONTENT_MODELS)
def test_organiser_can_list_add_and_change_content(client, organiser, world, label):
    obj = apps.get_model(label).objects.first()
    assert client.get(url(label, "changelist")).status_code == 200
    assert client.get(url(label, "add")).status_code == 200
    response = client.get(url(label, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is True


@pytest.mark.parametrize("label", [label for label in CONTENT_MODELS if label not in NOT_DELETABLE])
def test_organiser_can_open_delete_page_of_content(client, organiser, world, label):
    obj = apps.get_model(label).objects.first()
    assert client.get(url(label, "delete", obj.pk)).status_code == 200


def test_organiser_cannot_delete_an_exhibition(client, organiser, world):
    exhibition = world["exhibition"]
    assert client.get(url("exhibitions.exhibition", "delete", exhibition.pk)).status_code == 403
    assert (
        client.post(
            url("exhibitions.exhibition", "delete", exhibition.pk), {"post": "yes"}
        ).status_code
        == 403
    )
    response = client.get(url("exhibitions.exhibition", "changelist"))
    actions = response.context["cl"].model_admin.get_actions(response.wsgi_request)
    assert "delete_selected" not in actions
    assert type(exhibition).objects.filter(pk=exhibition.pk).exists()


def test_organiser_can_delete_a_showcase(client, organiser, world):
    showcase = world["showcase"]
    response = client.post(url("exhibitors.showcase", "delete", showcase.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not type(showcase).objects.filter(pk=showcase.pk).exists()


@pytest.mark.parametrize("label", ["auth.user", "auth.group"])
@pytest.mark.parametrize("view", ["changelist", "add"])
def test_organiser_cannot_manage_users_or_groups(client, organiser, label, view):
    assert client.get(url(label, view)).status_code == 403


def test_organiser_cannot_change_themself_or_their_group(client, organiser):
    group = organiser.groups.get()
    assert client.get(url("auth.user", "change", organiser.pk)).status_code == 403
    assert client.get(url("auth.group", "change", group.pk)).status_code == 403


def test_organiser_admin_index_lists_content_apps_but_not_authentication(client, organiser):
    response = client.get(reverse("admin:index"))
    app_labels = [app["app_label"] for app in response.context["app_list"]]
    assert sorted(app_labels) == ["exhibitions", "exhibitors", "pavilions", "programme"]


def test_organiser_can_publish_and_unpublish_with_history(client, organiser, world):
    exhibitor = world["exhibitor"]
    response = client.post(
        url("exhibitors.exhibitor", "changelist"),
        {"action": "unpublish_selected", "_selected_action": [exhibitor.pk]},
    )
    exhibitor.refresh_from_db()
    assert response.status_code == 302
    assert exhibitor.published is False
    entry = LogEntry.objects.get(object_id=str(exhibitor.pk), user=organiser)
    assert entry.get_change_message() == "Unpublished with the list action."


def test_staff_without_the_group_sees_no_content(client):
    user = User.objects.create_user("visitor", password="unused-in-tests", is_staff=True)
    client.force_login(user)
    assert client.get(url("exhibitors.exhibitor", "changelist")).status_code == 403


def test_setup_roles_restores_a_changed_group(organiser):
    group = Group.objects.get(name=ORGANISERS)
    group.permissions.remove(group.permissions.get(codename="change_exhibitor"))
    group.permissions.add(
        *group.permissions.model.objects.filter(codename__in=["delete_exhibition", "add_user"])
    )
    call_command("setup_roles", verbosity=0)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == organiser_permissions()


def test_setup_roles_dry_run_changes_nothing(capsys):
    group = Group.objects.get(name=ORGANISERS)
    group.permissions.clear()
    call_command("setup_roles", "--dry-run")
    assert group.permissions.count() == 0
    assert f"Would add {4 * len(CONTENT_MODELS) - len(NOT_DELETABLE)} permissions." in (
        capsys.readouterr().out
    )


def test_setup_roles_makes_an_existing_user_an_organiser():
    user = User.objects.create_user("pavel", password="unused-in-tests")
    call_command("setup_roles", "--organiser", "pavel", verbosity=0)
    user.refresh_from_db()
    assert user.is_staff is True
    assert user.is_superuser is False
    assert list(user.groups.values_list("name", flat=True)) == [ORGANISERS]


def test_setup_roles_names_a_missing_user_and_changes_nothing():
    from django.core.management.base import CommandError

    Group.objects.get(name=ORGANISERS).permissions.clear()
    with pytest.raises(CommandError, match="No user named nobody"):
        call_command("setup_roles", "--organiser", "nobody", verbosity=0)
    assert Group.objects.get(name=ORGANISERS).permissions.count() == 0
