"""Give the "Organisers" group exactly the permissions of the organiser role, and name organisers.

The role: staff members (not superusers) who keep the directory current in the admin. They may add,
change and view every kind of content (exhibitions and their key figures, pavilions and sections,
exhibitors, stands and showcases, countries, sectors, people, quotes, sources), which covers publishing,
unpublishing and uploading images; delete any of it except an exhibition; and nothing else: no users,
groups or permissions.

The migration ``expo/0001_organiser_group`` creates the group on every database; this command
puts it back to the definition below after hand edits or after new models were added, and with
``--organiser USERNAME`` makes existing users staff members of the group::

    python manage.py setup_roles --dry-run
    python manage.py setup_roles --organiser alice --organiser bob
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.registry import content_labels

ORGANISERS = "Organisers"

# Content organisers manage, as "app_label.model": every content model (core.registry).
CONTENT_MODELS = content_labels()
# Content organisers may not delete: an exhibition takes its pavilions, stands and showcases with it.
NOT_DELETABLE = frozenset({"exhibitions.exhibition"})


def organiser_permissions():
    """The role as a set of (app_label, codename)."""
    wanted = set()
    for label in CONTENT_MODELS:
        app_label, model = label.split(".")
        actions = ["add", "change", "view"]
        if label not in NOT_DELETABLE:
            actions.append("delete")
        wanted.update((app_label, f"{action}_{model}") for action in actions)
    return wanted


def _describe(perms):
    return ", ".join(f"{app}.{codename}" for app, codename in sorted(perms))


class Command(BaseCommand):
    help = (
        'Set the "Organisers" group to the organiser role\'s permissions; with --organiser, make '
        "users staff members of it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organiser",
            action="append",
            default=[],
            metavar="USERNAME",
            help="An existing user to make an organiser (staff, in the group). Repeat for several.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; change nothing."
        )

    def _say(self, dry_run, what, done, would):
        if self.verbosity > 0:
            self.stdout.write(f"{would if dry_run else done} {what}.")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        verbosity = self.verbosity = options["verbosity"]
        User = get_user_model()
        usernames = options["organiser"]
        users = {u.get_username(): u for u in User._default_manager.filter(username__in=usernames)}
        missing = [name for name in usernames if name not in users]
        if missing:
            raise CommandError(
                f"No user named {', '.join(missing)}. Create the login first (in the admin, "
                "under Users), then run this again."
            )

        with transaction.atomic():
            app_labels = {label.split(".")[0] for label in CONTENT_MODELS}
            for app_label in app_labels:
                create_permissions(apps.get_app_config(app_label), verbosity=0)
            group, created = Group.objects.get_or_create(name=ORGANISERS)
            wanted = organiser_permissions()
            current = set(group.permissions.values_list("content_type__app_label", "codename"))
            to_add, to_remove = wanted - current, current - wanted
            if created:
                self._say(dry_run, f'the group "{ORGANISERS}"', "Created", "Would create")
            if to_add:
                self._say(dry_run, f"{len(to_add)} permissions", "Added", "Would add")
                if verbosity > 1:
                    self.stdout.write(f"  {_describe(to_add)}")
            if to_remove:
                self._say(
                    dry_run,
                    f"{len(to_remove)} permissions: {_describe(to_remove)}",
                    "Removed",
                    "Would remove",
                )
            group.permissions.set(
                permission
                for permission in Permission.objects.filter(
                    content_type__app_label__in=app_labels
                ).select_related("content_type")
                if (permission.content_type.app_label, permission.codename) in wanted
            )

            for name in usernames:
                user = users[name]
                if user.is_superuser:
                    self.stdout.write(
                        self.style.WARNING(
                            f"{name} is a superuser and may do everything anyway; "
                            "added to the group all the same."
                        )
                    )
                user.is_staff = True
                user.save(update_fields=["is_staff"])
                user.groups.add(group)
                self._say(dry_run, f"{name} to the organisers", "Added", "Would add")

            if dry_run:
                transaction.set_rollback(True)

        changed = created or to_add or to_remove or usernames
        if verbosity == 0:
            return
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        elif changed:
            self.stdout.write(self.style.SUCCESS(f'The "{ORGANISERS}" role is set up.'))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f'The "{ORGANISERS}" role was already up to date; nothing changed.'
                )
            )
