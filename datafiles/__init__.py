"""The data tools for every model: staff data files: load JSON and CSV files all or nothing, and export what the directory holds.

- ``load_files()`` (``loader``): read, check every record, then write in one transaction.
- ``export_json()`` and ``export_csv()`` (``export``): files that ``load_files()`` reads back.
- ``columns``: the CSV templates; ``schema``: the models handled and their natural keys.

The management commands ``load_expo``, ``export_expo``, ``load_shipped_data`` and
``generate_demo_data``, and the admin's CSV upload (``admin_upload``), use these.
"""
