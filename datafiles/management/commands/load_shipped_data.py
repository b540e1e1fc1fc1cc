"""Load the shipped Smart China Expo 2022 data set (``fixtures/smart_china_expo_2022.json``).

The file goes through ``load_expo``: every record is checked before anything is written, and records
are matched by natural key (slugs and country codes), so running the command again updates the same
rows instead of adding new ones: a second run reports "0 created, 0 updated, N unchanged".
``make run`` calls it on every start.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

SHIPPED_FIXTURE = "smart_china_expo_2022"


def fixture_path(name):
    """A path as given, or a fixture name looked up in ``FIXTURE_DIRS`` (``.json`` optional)."""
    path = Path(name)
    if path.is_file():
        return path
    for directory in settings.FIXTURE_DIRS:
        for candidate in (Path(directory) / name, Path(directory) / f"{name}.json"):
            if candidate.is_file():
                return candidate
    raise CommandError(f"No fixture named {name}: not a file, nor in {settings.FIXTURE_DIRS}.")


def shown(path):
    """``path`` relative to the working directory when it is inside it, for shorter messages."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class Command(BaseCommand):
    help = "Load the shipped Smart China Expo 2022 data through load_expo; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture",
            default=SHIPPED_FIXTURE,
            help=f"Fixture name or path to load (default: {SHIPPED_FIXTURE}).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the data and print what would change; write nothing.",
        )

    def handle(self, *args, **options):
        path = fixture_path(options["fixture"])
        call_command(
            "load_expo",
            shown(path),
            dry_run=options["dry_run"],
            verbosity=options["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
