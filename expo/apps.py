from django.apps import AppConfig


class ExpoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "expo"
    verbose_name = "Exhibitions"

    def ready(self):
        from django.apps import apps
        from django.contrib.auth.signals import user_logged_in

        from expo.cache import connect_signals
        from expo.middleware import forget_own_failures

        connect_signals(apps)
        user_logged_in.connect(forget_own_failures, dispatch_uid="expo-forget-own-failures")
