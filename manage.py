#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings")
    # manage.py is the developer's tool: with neither DEBUG nor SECRET_KEY in the environment it runs
    # in development mode, so `python manage.py makemigrations` works in a fresh checkout. Servers
    # start through expo/wsgi.py, where DEBUG stays off and a missing SECRET_KEY stops start-up;
    # setting either variable (as production does: DEBUG=0 and a key) turns this default off.
    if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
        os.environ["DEBUG"] = "1"
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
