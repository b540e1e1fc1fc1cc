"""Write the renditions (and record the size) of images already in media storage.

Images uploaded through the admin or saved through the model get their renditions at once. This command
is for files that reached storage another way (copied by hand, restored from a backup, stored before
renditions existed): for every record whose image has no renditions or no recorded size, it reads the
stored file, checks it as an upload is checked, and writes what is missing. ``--all`` rewrites the
renditions of every image (after a change of rendition sizes). The stored files themselves are left as
they are. Files that fail the check are listed, and the command then exits with status 1::

    python manage.py make_renditions --dry-run
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.content import content_changed
from core.images import (
    RENDITIONS,
    RenditionImageField,
    no_image,
    prepare_image,
    rendition_name,
    write_renditions,
)


def image_fields():
    """(model, field) for every ``RenditionImageField`` of the installed apps."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, RenditionImageField):
                yield model, field


class Command(BaseCommand):
    help = "Write missing image renditions and sizes for files already in media storage."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Rewrite the renditions of every image."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be written; write nothing."
        )

    def handle(self, *args, **options):
        verbosity, dry_run = options["verbosity"], options["dry_run"]
        done = skipped = 0
        problems = []
        for model, field in image_fields():
            rows = model._default_manager.exclude(no_image(field.name))
            for obj in rows.iterator():
                stored = getattr(obj, field.attname)
                width, height = field.stored_dimensions(obj)
                names = [rendition_name(stored.name, r) for r in RENDITIONS]
                complete = bool(width and height) and all(stored.storage.exists(n) for n in names)
                if complete and not options["all"]:
                    skipped += 1
                    continue
                where = f"{model._meta.label} {obj.pk} ({obj}), {field.name} {stored.name}"
                try:
                    with stored.storage.open(stored.name, "rb") as fh:
                        prepared = prepare_image(fh, field.card_fit)
                except FileNotFoundError:
                    problems.append(f"{where}: the file is not in media storage.")
                    continue
                except ValidationError as error:
                    problems.append(f"{where}: {' '.join(error.messages)}")
                    continue
                if verbosity > 1 or dry_run:
                    self.stdout.write(f"{'Would write' if dry_run else 'Writing'} {where}")
                done += 1
                if dry_run:
                    continue
                with transaction.atomic():
                    write_renditions(stored.storage, stored.name, prepared)
                    sizes = {}
                    if field.width_field:
                        sizes[field.width_field] = prepared.width
                    if field.height_field:
                        sizes[field.height_field] = prepared.height
                    if sizes:
                        # The base manager: one content change for the run, bumped below.
                        model._base_manager.filter(pk=obj.pk).update(**sizes)

        if done and not dry_run:
            content_changed()
        for problem in problems:
            self.stderr.write(self.style.ERROR(problem))
        if verbosity > 0:
            verb = "would get" if dry_run else "got"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{done} images {verb} renditions; {skipped} already had them; "
                    f"{len(problems)} could not be read."
                )
            )
        if problems:
            raise CommandError(f"{len(problems)} images could not be read; see above.")
