"""Model machinery shared by every app: the content version, natural keys by slug, and long text
fields with a documented limit. (The querysets whose bulk writes count as content changes are in
``core.content``.)"""

from django.conf import settings
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


def original_language_field(**options):
    """The language a record was first written in; its other languages are translations of it."""
    return models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language this record was written in; the others are translations.",
        **options,
    )


def copy_to_default_language(app_label, fields_by_model):
    """A migration operation: fill each translated field's English column from the original column,
    for the rows written before the field had languages (``{"exhibitor": ["name", ...]}``)."""
    from django.db import migrations
    from django.db.models import F

    def forwards(apps, schema_editor):
        for model_name, fields in fields_by_model.items():
            model = apps.get_model(app_label, model_name)
            for field in fields:
                model._base_manager.filter(**{f"{field}_en__isnull": True}).update(
                    **{f"{field}_en": F(field)}
                )

    return migrations.RunPython(forwards, migrations.RunPython.noop)


class DerivedValue(models.Model):
    """A value worked out from the content at one content version (facet counts of a list, the
    overview pages' counts), kept in the database so that the next page needing it reads one row
    instead of counting millions again. ``core.derived`` writes and reads them; a content change
    makes a new version, so a kept value is never stale, and the older versions' rows are dropped.

    Not content: it is never exported or loaded, and writing it does not bump the version.
    """

    key = models.CharField(max_length=500)
    version = models.PositiveBigIntegerField()
    value = models.JSONField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="derived_value_version_key")
        ]

    def __str__(self):
        return f"{self.key} at content version {self.version}"


def run_on_postgresql(sql):
    """A RunPython function running ``sql`` on PostgreSQL only (SQLite has no such feature)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return forwards
