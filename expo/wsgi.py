"""
WSGI config for expo project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings")

application = get_wsgi_application()

# A database that stops answering makes pages answer 503 within seconds instead of hanging.
from core.db import bound_database_waits  # noqa: E402  (needs the settings loaded above

bound_database_waits()
