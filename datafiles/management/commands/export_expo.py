"""Export the directory as files that ``load_expo`` reads back.

    python manage.py export_expo > expo.json
    python manage.py export_expo --format json --output expo.json
    python manage.py export_expo --format csv --output export/   # export/exhibitors.csv, ...

JSON holds every exhibition, pavilion, exhibitor, showcase, session, participation, person and what
they refer to, in the fixture format (natural keys, no primary keys); CSV holds the exhibitors,
showcases, sessions, people and participations in the templates the admin upload and ``load_expo``
take (``exhibitors.csv``, ``showcases.csv``, ``sessions.csv``, ``people.csv``,
``participations.csv``). The output is deterministic: exporting, loading into an empty
database and exporting again gives the same bytes. Nothing is written to the database.
"""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datafiles.columns import TEMPLATES
from datafiles.export import export_csv, export_json

CSV_FILES = ", ".join(template.filename for template in TEMPLATES)


class Command(BaseCommand):
    help = (
        "Write the directory's data as JSON (everything, natural keys) or CSV (one file per "
        f"template: {CSV_FILES}) that load_expo reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--output",
            default="-",
            metavar="PATH",
            help="JSON: a file, or - for standard output (the default). CSV: a directory, "
            f"created if missing, for {CSV_FILES}.",
        )

    def handle(self, *args, **options):
        output = options["output"]
        if options["format"] == "csv":
            if output == "-":
                raise CommandError(
                    f"A CSV export is {len(TEMPLATES)} files ({CSV_FILES}): give --output "
                    "DIRECTORY.",
                    returncode=2,
                )
            directory = Path(output)
            if directory.exists() and not directory.is_dir():
                raise CommandError(f"{directory} is a file; give a directory.", returncode=2)
            written = export_csv(directory)
            if options["verbosity"] >= 1:
                for path, rows in written.items():
                    self.stdout.write(self.style.SUCCESS(f"Wrote {rows} rows to {path}."))
            return

        if output == "-":
            buffer = io.StringIO()
            export_json(buffer)
            self.stdout.write(buffer.getvalue(), ending="")
            return
        path = Path(output)
        if path.is_dir():
            raise CommandError(f"{path} is a directory; give a file name.", returncode=2)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            count = export_json(stream)
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"Wrote {count} records to {path}."))
