"""Load the shipped Smart China Expo 2022 data set (``fixtures/smart_china_expo_2022.json``).

Records are matched by natural key (slugs and country codes), so running the command again updates the
same rows instead of adding new ones: a second run changes nothing. ``make run`` calls it on every start.
"""

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

SHIPPED_FIXTURE = "smart_china_expo_2022"
APP_LABELS = ("expo", "pavilions", "exhibitors")


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models()
    }


class Command(BaseCommand):
    help = "Load the shipped Smart China Expo 2022 data; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture",
            default=SHIPPED_FIXTURE,
            help=f"Fixture name or path to load (default: {SHIPPED_FIXTURE}).",
        )

    def handle(self, *args, **options):
        before = row_counts()
        with transaction.atomic():
            call_command("loaddata", options["fixture"], verbosity=0)
        after = row_counts()
        added = {
            label: after[label] - before[label] for label in after if after[label] != before[label]
        }
        if added:
            if options["verbosity"] > 1:
                for label, count in sorted(added.items()):
                    self.stdout.write(f"  {label}: {count:+d}")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {options['fixture']}: {sum(added.values())} new rows, "
                    f"{sum(after.values())} rows in all."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{options['fixture']} is already loaded: {sum(after.values())} rows, none added."
                )
            )
