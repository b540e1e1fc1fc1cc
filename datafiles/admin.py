"""The admin's "Upload CSV" page (``datafiles.admin_upload``) on the lists whose records a CSV
template fills: exhibitors, showcases, sessions, people and participations.

The data tools sit above the apps whose records they load, so the apps' admins do not know about
the upload: this module, autodiscovered after them, gives their registered ``ModelAdmin`` the page.
"""

from django.contrib import admin

from datafiles.admin_upload import CSVUploadMixin
from exhibitions.models import Person
from exhibitors.models import Exhibitor, Showcase
from programme.models import Participation, Session


def with_csv_upload(model):
    """Re-register ``model`` with its current ``ModelAdmin`` and the CSV upload page mixed in."""
    current = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(current.__name__, (CSVUploadMixin, current), {}))


for model in (Exhibitor, Showcase, Session, Person, Participation):
    with_csv_upload(model)
