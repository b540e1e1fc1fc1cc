"""Delete the visit plans nobody has used for ``VISIT_KEEP_DAYS`` days (180 by default).

A plan is used when its owner opens My visit, saves or removes an item, or a page's save buttons
read its state; a shared link's readers do not keep it alive. Run it daily from cron, e.g.::

    17 4 * * *  cd /srv/expo && .venv/bin/python manage.py prune_visits

``--dry-run`` lists what would go and deletes nothing. The list names plans by number, item count
and last use: never by their tokens, which are the plans' keys.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from visits.models import Plan


class Command(BaseCommand):
    help = "Delete visit plans untouched for --days days (VISIT_KEEP_DAYS, 180 by default)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.VISIT_KEEP_DAYS,
            help="Plans unused for this many days go (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the plans that would go; delete nothing."
        )

    def handle(self, *args, days, dry_run, verbosity, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        stale = Plan.objects.untouched_since(cutoff)
        if dry_run or verbosity >= 2:
            for plan in stale.annotate(n=Count("items")).order_by("touched_at", "pk"):
                self.stdout.write(
                    f"plan {plan.pk}: {plan.n} item{'s' if plan.n != 1 else ''}, "
                    f"last used {plan.touched_at:%Y-%m-%d}"
                )
        count = stale.count()
        noun = f"plan{'s' if count != 1 else ''} unused since {cutoff:%Y-%m-%d}"
        if dry_run:
            self.stdout.write(f"{count} {noun} would be deleted (dry run).")
            return
        with transaction.atomic():
            stale.delete()
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Deleted {count} {noun}."))
