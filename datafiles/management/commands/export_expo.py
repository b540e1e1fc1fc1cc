"""Export the directory as files that ``load_expo`` reads back.

    python manage.py export_expo > expo.json
    python manage.py export_expo --format json --output expo.json
    python manage.py export_expo --format jsonl --output expo.jsonl   # one record a line
    python manage.py export_expo --format csv --output export/   # export/exhibitors.csv, ...

JSON holds every exhibition, pavilion, exhibitor, showcase, session, participation, person and what
they refer to, in the fixture format (natural keys, no primary keys); CSV holds the exhibitors,
showcases, sessions, people and participations in the templates the admin upload and ``load_expo``
take (``exhibitors.csv``, ``showcases.csv``, ``sessions.csv``, ``people.csv``,
``participations.csv``); JSON Lines holds what JSON holds, one record a line. The output is
deterministic: exporting, loading into an empty database and exporting again gives the same bytes.
Rows are read and written a chunk at a time, so a directory of millions of records exports in the
memory of a few thousand. Nothing is written to the database.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from datafiles.columns import TEMPLATES
from datafiles.export import export_csv, export_json, export_jsonl

CSV_FILES = ", ".join(template.filename for template in TEMPLATES)


class Command(BaseCommand):
    help = (
        "Write the directory's data as JSON (everything, natural keys), JSON Lines (the same, one "
        f"record a line) or CSV (one file per template: {CSV_FILES}) that load_expo reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "jsonl", "csv"], default="json")
        parser.add_argument(
            "--output",
            default="-",
            metavar="PATH",
            help="JSON, JSON Lines: a file, or - for standard output (the default). CSV: a directory, "
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

        export = export_jsonl if options["format"] == "jsonl" else export_json
        if output == "-":
            export(_Output(self.stdout))
            return
        path = Path(output)
        if path.is_dir():
            raise CommandError(f"{path} is a directory; give a file name.", returncode=2)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            count = export(stream)
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"Wrote {count} records to {path}."))


class _Output:
    """The command's standard output as a plain stream: text written as it comes."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")
