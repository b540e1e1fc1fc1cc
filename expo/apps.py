from django.apps import AppConfig


class ExpoConfig(AppConfig):
    """The project's own app: the pages that span apps, their templates, and setup_roles."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "expo"
    verbose_name = "Site pages"
