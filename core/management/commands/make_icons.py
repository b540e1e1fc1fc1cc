"""Write the site's icons into ``static/img/`` from its mark (``core.share_cards.mark``): the four
rounded squares of the header's SVG, in the accent colour.

- ``favicon.ico``: 16, 32 and 48 pixels, each drawn at its own size, on a transparent ground;
- ``apple-touch-icon.png``: 180 pixels, opaque (iOS fills a transparent ground with black);
- ``icon-192.png`` and ``icon-512.png``: the web app manifest's icons, opaque, the mark inside the
  middle 60% so that a launcher's mask (a circle, a rounded square) leaves it whole.

The files are committed; run this again only after changing the mark or its colour::

    python manage.py make_icons [--output-dir DIR]
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.share_cards import icon, mark

FAVICON_SIZES = (16, 32, 48)


def write_icons(folder):
    """Write the icons into ``folder``; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    favicons = [mark(size) for size in FAVICON_SIZES]
    path = folder / "favicon.ico"
    favicons[-1].save(
        path,
        format="ICO",
        sizes=[(size, size) for size in FAVICON_SIZES],
        append_images=favicons[:-1],
    )
    written.append(path)
    for name, size, share in (
        ("apple-touch-icon.png", 180, 0.72),
        ("icon-192.png", 192, 0.6),
        ("icon-512.png", 512, 0.6),
    ):
        path = folder / name
        icon(size, share).save(path, format="PNG", optimize=True)
        written.append(path)
    return written


class Command(BaseCommand):
    help = "Write favicon.ico, apple-touch-icon.png and the manifest's icons from the site's mark."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(Path(settings.BASE_DIR) / "static" / "img"),
            help="Where to write the icons (default: static/img/).",
        )

    def handle(self, *args, output_dir, **options):
        for path in write_icons(output_dir):
            if options["verbosity"] >= 1:
                self.stdout.write(f"Wrote {path}")
