from django.apps import AppConfig


class ExpoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "expo"
    verbose_name = "Exhibitions"

    def ready(self):
        from django.apps import apps

        from expo.cache import connect_signals

        connect_signals(apps)
