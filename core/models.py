"""Model machinery shared by every app: the content version, natural keys by slug, and long text
fields with a documented limit. (The querysets whose bulk writes count as content changes are in
``core.content``.)"""

from django.core.validators import MaxLengthValidator
from django.db import models

# The longest a description, a section's text, a bio or a quote may be, in characters. The shipped
# data's longest is 1,186 characters; one-line fields (names, summaries) are CharFields with their
# own, smaller limits.
LONG_TEXT_MAX_LENGTH = 20_000


def long_text(**options):
    """A TextField of at most ``LONG_TEXT_MAX_LENGTH`` characters.

    The limit is checked by validation, not by the database: forms (the admin) refuse a longer text
    with a form error, and so does ``full_clean()`` (the loader, with the file, record and field).
    """
    return models.TextField(
        max_length=LONG_TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(LONG_TEXT_MAX_LENGTH)],
        **options,
    )


class SlugNaturalKeyMixin:
    def natural_key(self):
        return (self.slug,)


class ContentVersion(models.Model):
    """One row counting changes to public content; page caches and ETags are keyed on it.

    Every save or delete of a directory record bumps it (see ``core.content``), so a cached page is
    never served after an organiser's change, in any process.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"content version {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
