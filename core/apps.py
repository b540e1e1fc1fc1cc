from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Site machinery"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from core.content import connect_signals
        from core.middleware import forget_own_failures
        from core.search import register_sqlite_functions
        from core.translations import connect_signals as connect_translation_signals

        connect_signals()  # every app's models are loaded by now, so all content is registered
        connect_translation_signals()
        user_logged_in.connect(forget_own_failures, dispatch_uid="core-forget-own-failures")
        connection_created.connect(register_sqlite_functions, dispatch_uid="core-sqlite-functions")
