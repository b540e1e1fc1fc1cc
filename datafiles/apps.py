from django.apps import AppConfig


class DatafilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "datafiles"
    verbose_name = "Data files"
