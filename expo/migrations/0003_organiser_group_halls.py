"""Give the "Organisers" group the halls of the floor plans too, as ``0002`` did for the
programme's models.

It lives in ``expo``, the top floor, so that the models of every content app exist when it runs.
Django creates permission rows only after ``migrate`` has finished (a post_migrate
signal), so on a fresh database this migration creates the ones it needs first. Running it on a
database where the group exists sets the group back to the role. Reversing it leaves the group alone:
people may belong to it. ``python manage.py setup_roles`` applies the current definition later.

The list is frozen here, as migrations should be; keep it equal to the content registry
(``core.registry``, which ``setup_roles`` uses; a test compares them).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ORGANISERS = "Organisers"
CONTENT_MODELS = (
    "exhibitions.source",
    "exhibitions.country",
    "exhibitions.sector",
    "exhibitions.exhibition",
    "exhibitions.keyfigure",
    "exhibitions.person",
    "exhibitions.quote",
    "pavilions.hall",
    "pavilions.pavilion",
    "pavilions.section",
    "exhibitors.exhibitor",
    "exhibitors.stand",
    "exhibitors.showcase",
    "programme.session",
    "programme.sessionperson",
    "programme.participation",
)
NOT_DELETABLE = {"exhibitions.exhibition"}


def create_organiser_group(apps, schema_editor):
    db = schema_editor.connection.alias
    for app_label in ("exhibitions", "pavilions", "exhibitors", "programme"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=db)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(db).get_or_create(name=ORGANISERS)
    permissions = []
    for label in CONTENT_MODELS:
        app_label, model = label.split(".")
        actions = ["add", "change", "view"] + ([] if label in NOT_DELETABLE else ["delete"])
        for action in actions:
            permissions.append(
                Permission.objects.using(db).get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
            )
    group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("exhibitions", "0002_search"),
        ("pavilions", "0002_search"),
        ("exhibitors", "0002_search"),
        ("programme", "0002_search"),
        ("pavilions", "0004_halls_and_areas"),
        ("exhibitors", "0005_stand_positions"),
        ("expo", "0002_organiser_group_programme"),
    ]

    operations = [
        migrations.RunPython(create_organiser_group, migrations.RunPython.noop, elidable=False),
    ]
