"""CSV upload in the admin: organisers load a file in any of the CSV templates through the loader.

``CSVUploadMixin`` adds an "Upload CSV" page to a ``ModelAdmin`` (linked from its changelist) for
staff who may both add and change that model. The file goes through ``datafiles.loader.load_files``,
the code behind ``load_expo``: every row is checked first; if anything is wrong, the page lists every
problem (``exhibitors.csv:3: countries: ...``) and nothing is written; otherwise all rows are written
in one transaction and each created or changed record gets an entry in its admin history.

Beyond the page's own permission, the upload checks that the user may add (or change) every kind of
record the file would add (or change): stands for an exhibitors file, people at sessions for a
sessions file, countries for a new country code. The page offers every template (exhibitors,
showcases, sessions, people, participations), whichever admin list it is reached from.
Images cannot travel with a CSV upload: a ``logo`` or ``image`` cell must be empty or name a file
already in media storage; images are uploaded on each record's own page.

A file of more than ``MAX_UPLOAD_ROWS`` rows is refused before anything is loaded: the page must answer
well within the proxy's 35-second timeout (docs/deployment.md, "The proxy in front"), and 10,000 rows take about
5 seconds on PostgreSQL (20,000 about 11). Larger files are for ``python manage.py load_expo FILE``.
"""

import csv
import io
import os
import tempfile
from pathlib import Path

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import get_valid_filename

from datafiles.columns import TEMPLATES, column_help
from datafiles.loader import load_files
from datafiles.readers import sniff_delimiter
from datafiles.records import LoadFailed, Problem

# "An exhibitors, showcases, ... or participations": the templates, for the page's wording.
TEMPLATE_NAMES = (
    "an " + ", ".join(template.name for template in TEMPLATES[:-1]) + f" or {TEMPLATES[-1].name}"
)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UPLOAD_ROWS = 10_000


class CSVUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(f"{TEMPLATE_NAMES.capitalize()} file, UTF-8, with the columns listed below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dry_run = forms.BooleanField(
        label="Only check the file: show what would change and write nothing",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError("Upload a .csv file (in Excel: Save As, “CSV UTF-8”).")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Split it, or ask staff to load it with "
                "load_expo."
            )
        rows = count_rows(upload)
        if rows is not None and rows > MAX_UPLOAD_ROWS:
            raise ValidationError(
                f"The file has {rows:,} rows; an upload here takes at most {MAX_UPLOAD_ROWS:,} rows, "
                "so that it finishes before the web server gives up waiting. Nothing was written. "
                "Split the file, or have staff load it with: python manage.py load_expo FILE"
            )
        return upload


def count_rows(upload):
    """The data rows of an uploaded CSV file, counted as the loader reads them (after the header,
    blank rows skipped), or None when it is not UTF-8 CSV: the loader then says what is wrong."""
    try:
        text = b"".join(upload.chunks()).decode("utf-8-sig")
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=sniff_delimiter(text.split("\n", 1)[0])
        )
        next(reader, None)  # the header
        return sum(1 for row in reader if any(cell.strip() for cell in row))
    except (UnicodeDecodeError, csv.Error):
        return None
    finally:
        upload.seek(0)


def permission_check(user):
    """A loader check: the user may add and change each kind of record the file would touch."""

    def check(result):
        problems = []
        for label, counts in result.counts.items():
            model = apps.get_model(label)
            opts = model._meta
            for action, count in (("add", len(counts.created)), ("change", len(counts.updated))):
                codename = f"{opts.app_label}.{action}_{opts.model_name}"
                if count and not user.has_perm(codename):
                    problems.append(
                        Problem(
                            None,
                            None,
                            f"You may not {action} {opts.verbose_name_plural}, and the file would "
                            f"{action} {count}. Ask an administrator.",
                        )
                    )
        return problems

    return check


def load_upload(upload, user, *, dry_run):
    """Load an uploaded CSV file through the loader; problems name the file as uploaded."""
    name = get_valid_filename(os.path.basename(upload.name)) or "upload.csv"
    with tempfile.TemporaryDirectory() as directory:
        stored = Path(directory) / name
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return load_files(
            [stored],
            names={stored: name},
            formats=("csv",),
            dry_run=dry_run,
            check=permission_check(user),
            images_beside_files=False,
        )


def log_changes(user, result, filename):
    """An admin history entry for every record the upload created or changed."""
    for counts in result.counts.values():
        for objects, flag, verb in (
            (counts.created_objects, ADDITION, "Added"),
            (counts.updated_objects, CHANGE, "Changed"),
        ):
            if objects:
                LogEntry.objects.log_actions(
                    user.pk, objects, flag, change_message=f"{verb} by CSV upload {filename}."
                )


class CSVUploadMixin:
    """Adds an "Upload CSV" page to a ModelAdmin, linked from its changelist."""

    change_list_template = "admin/datafiles/change_list_upload.html"
    csv_upload_template = "admin/datafiles/upload_csv.html"

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_upload_csv"
        return [
            path("upload-csv/", self.admin_site.admin_view(self.upload_csv_view), name=name),
            *super().get_urls(),
        ]

    def has_csv_upload_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def csv_upload_url(self):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_upload_csv",
            current_app=self.admin_site.name,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if self.has_csv_upload_permission(request):
            extra_context["csv_upload_url"] = self.csv_upload_url()
        return super().changelist_view(request, extra_context=extra_context)

    def upload_csv_view(self, request):
        if not self.has_csv_upload_permission(request):
            raise PermissionDenied
        template_name = request.GET.get("template")
        if template_name:
            return self._template_download(template_name)

        result, problems = None, []
        form = CSVUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            dry_run = form.cleaned_data["dry_run"]
            form = CSVUploadForm()  # a file input cannot keep its file: start the form afresh
            filename = os.path.basename(upload.name)
            try:
                with transaction.atomic():  # the rows and their change history, or neither
                    result = load_upload(upload, request.user, dry_run=dry_run)
                    if not dry_run:
                        log_changes(request.user, result, filename)
            except LoadFailed as failure:
                problems = failure.problems
            else:
                if not dry_run:
                    self.message_user(
                        request, f"Loaded {filename}: {result.summary()}.", messages.SUCCESS
                    )
                    changelist = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
                    return HttpResponseRedirect(
                        reverse(changelist, current_app=self.admin_site.name)
                    )

        context = {
            **self.admin_site.each_context(request),
            "title": "Upload a CSV file",
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "has_view_permission": self.has_view_permission(request),
            "form": form,
            "problems": problems,
            "result": result,
            "result_rows": _result_rows(result),
            "templates": [
                {
                    "name": template.name,
                    "filename": template.filename,
                    "columns": [
                        {
                            "name": column.name,
                            "required": column.required,
                            "help": column_help(template, column),
                        }
                        for column in template.columns
                    ],
                }
                for template in TEMPLATES
            ],
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.csv_upload_template, context)

    @staticmethod
    def _template_download(name):
        template = next((t for t in TEMPLATES if t.name == name), None)
        if template is None:
            raise Http404("No such CSV template.")
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(template.header)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{template.filename}"'
        return response


def _result_rows(result):
    if result is None:
        return []
    return [
        {
            "name": apps.get_model(label)._meta.verbose_name_plural,
            "created": len(counts.created),
            "updated": len(counts.updated),
            "unchanged": counts.unchanged,
        }
        for label, counts in result.counts.items()
        if counts.total
    ]
