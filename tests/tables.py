"""Whole-directory helpers for the loader, export and upload tests."""

import csv
import io

from django.apps import apps

from core.registry import content_models
from datafiles.schema import specs
from exhibitions.models import Sector

# The apps that hold content (core.registry).
APP_LABELS = tuple(sorted({model._meta.app_label for model in content_models()}))


def table_counts():
    """Rows in every table of the three apps, link tables included."""
    return {
        model._meta.db_table: model._base_manager.count()
        for label in APP_LABELS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


def wipe():
    """Delete every loadable row of the three apps (children before what they protect)."""
    Sector.objects.filter(parent__isnull=False).delete()
    for model_spec in reversed(specs()):
        model_spec.model._base_manager.all().delete()
    assert all(not s.model._base_manager.exists() for s in specs())


def csv_bytes(header, rows, encoding="utf-8", delimiter=","):
    """A CSV file's bytes, as a spreadsheet would save them: a header line, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)
