from django.apps import AppConfig


class ExhibitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exhibitions"
    verbose_name = "Exhibitions"
