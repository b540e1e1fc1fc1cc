from django.apps import AppConfig


class ExpoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "expo"
    verbose_name = "Exhibitions"
