"""Load the directory's records from JSON or CSV files, checking before writing.

    python manage.py load_expo fixtures/smart_china_expo_2022.json
    python manage.py load_expo exhibitors.csv showcases.csv sessions.csv --dry-run
    python manage.py load_expo showcases.jsonl   # JSON Lines: one record a line, of any size

JSON files use the project's fixture format (natural keys, no primary keys) and carry every kind of
record, as do JSON Lines files (``.jsonl``, one such record a line); CSV files follow the exhibitors, showcases, sessions, people, participations and halls templates
described in docs/data.md (``datafiles/columns.py``). Every
record is checked with the models' own validation before anything is written; every problem is
reported at once as ``file:line: field: message``; then all files are written in one transaction,
matching existing rows by natural key, so loading the same files again changes nothing.

JSON Lines and CSV files are read a line at a time, and files of more than a few thousand records
are checked and written a chunk at a time inside that one transaction, so memory does not grow with
the files; a record there may refer only to rows in the database and records before it in the
files (see docs/data.md).

Exit status: 0 when the files were loaded (or, with ``--dry-run``, would load), 1 when any problem
was found (nothing is written), 2 for wrong arguments.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from datafiles.loader import load_files
from datafiles.records import LoadFailed
from datafiles.schema import spec

PROGRESS_MIN_RECORDS = 1000
PROBLEM_LIMIT = 1000  # problems listed; more are counted


class Command(BaseCommand):
    help = (
        "Load JSON, JSON Lines or CSV data files all or nothing: check every record with the models' "
        "validation, report every problem, then write in one transaction, matching rows by "
        "natural key."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="JSON, JSON Lines (.jsonl) or CSV files to load.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the files and print what would be created, updated and left unchanged; "
            "write nothing.",
        )

    def handle(self, *args, **options):
        files = options["files"]
        verbosity = options["verbosity"]
        dry_run = options["dry_run"]

        def progress(total, description):
            return tqdm(
                total=total,
                desc=description,
                unit=" records",
                file=sys.stderr,
                leave=False,
                # None: only on a terminal.
                disable=True if verbosity < 1 or total < PROGRESS_MIN_RECORDS else None,
            )

        try:
            # Records are named from -v 2 in a dry run, from -v 3 in a load (see report()).
            details = verbosity > (1 if dry_run else 2)
            result = load_files(
                list(files),
                dry_run=dry_run,
                progress=progress,
                details=details,
                problem_limit=PROBLEM_LIMIT,
            )
        except LoadFailed as failure:
            raise CommandError(failure.report()) from None

        if verbosity >= 1:
            self.report(result, verbosity)

    def report(self, result, verbosity):
        names = ", ".join(result.files)
        if result.dry_run:
            self.stdout.write(f"Dry run of {names}: nothing was written.")
            words = ("to create", "to update", "unchanged")
        else:
            words = ("created", "updated", "unchanged")
        # A dry run lists its counts by model; a load does so from -v 2, and names records from -v 3.
        detail = 1 if result.dry_run else 2
        for label, counts in result.counts.items():
            if not counts.total or verbosity < detail:
                continue
            self.stdout.write(
                f"  {label}: {counts.created_count} {words[0]}, {counts.updated_count} {words[1]}, "
                f"{counts.unchanged} {words[2]}"
            )
            if verbosity > detail:
                model = spec(label)
                for key in counts.created:
                    self.stdout.write(f"    + {model.describe_key(key)}")
                for key, fields in counts.updated:
                    self.stdout.write(f"    ~ {model.describe_key(key)} ({', '.join(fields)})")
        if result.dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Would create {result.created}, update {result.updated}, "
                    f"leave {result.unchanged} unchanged."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Loaded {names}: {result.summary()}."))
