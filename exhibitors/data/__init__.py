"""Staff data files: load JSON and CSV files all or nothing, and export what the directory holds.

- ``load_files()`` (``loader``): read, check every record, then write in one transaction.
- ``export_json()`` and ``export_csv()`` (``export``): files that ``load_files()`` reads back.
- ``columns``: the CSV templates; ``schema``: the models handled and their natural keys.

The management commands ``load_expo`` and ``export_expo`` and the admin's CSV upload use these.
"""

from exhibitors.data.loader import LoadResult, load_files
from exhibitors.data.records import LoadFailed, Problem

__all__ = ["LoadFailed", "LoadResult", "Problem", "load_files"]
