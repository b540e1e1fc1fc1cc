from django.apps import AppConfig


class ExhibitorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exhibitors"
