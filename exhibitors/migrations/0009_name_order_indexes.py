"""Indexes in the order the public lists sort by name in each language (``core.sorting.by_name``),
over the published rows: the directory's and the showcase list's pages read a page of the index
instead of sorting every published row (PostgreSQL only)."""

from django.db import migrations

from core.sorting import name_order_index_operations


class Migration(migrations.Migration):
    dependencies = [("exhibitors", "0008_showcase_admin_indexes")]

    operations = [
        *name_order_index_operations("exhibitors_exhibitor"),
        *name_order_index_operations("exhibitors_showcase"),
    ]
