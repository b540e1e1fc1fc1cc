"""Branded error pages that need no database.

Each page extends ``templates/error_base.html`` and is rendered without a request context, so no
context processor runs: no session, no user, no query. If even that template cannot be rendered (for
example static files were never collected), a plain built-in page is sent instead; an error page never
raises.

``server_error`` also answers ``503 Service Unavailable`` with ``Retry-After`` when the exception being
handled is the database being unreachable, whichever layer raised it.
"""

import logging
import sqlite3
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.html import escape
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

logger = logging.getLogger("expo.errors")

# The pages' titles, translated when a page is rendered.
TITLES = {
    400: gettext_lazy("Bad request"),
    403: gettext_lazy("Access denied"),
    404: gettext_lazy("Page not found"),
    405: gettext_lazy("Method not allowed"),
    429: gettext_lazy("Too many attempts"),
    500: gettext_lazy("Something went wrong"),
    503: gettext_lazy("Temporarily unavailable"),
}

DEFAULT_RETRY_AFTER = 30

# SQLite reports a missing table with the same exception class as a missing file; only these
# messages mean the database is unavailable rather than the schema wrong.
SQLITE_UNAVAILABLE_MESSAGES = ("unable to open database", "database is locked", "disk i/o error")


def database_unavailable(exception):
    """True when ``exception`` means the database cannot be reached, not that a query is wrong."""
    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if isinstance(cause, sqlite3.Error):
        message = str(cause).lower()
        return any(text in message for text in SQLITE_UNAVAILABLE_MESSAGES)
    return True


def retry_after():
    """Seconds a client should wait before retrying after a 503 (``RETRY_AFTER`` setting)."""
    return int(getattr(settings, "RETRY_AFTER", DEFAULT_RETRY_AFTER))


def render_error(status, context=None):
    context = {"status": status, "title": str(TITLES[status]), **(context or {})}
    try:
        body = loader.get_template(f"{status}.html").render(context)
    except Exception:  # the error page itself must never fail
        logger.exception("Could not render the %s page; sending the plain one", status)
        home = _("Expo Directory home")
        body = (
            f'<!DOCTYPE html><html lang="{escape(get_language() or settings.LANGUAGE_CODE)}">'
            '<head><meta charset="utf-8">'
            f"<title>{escape(context['title'])} · Expo Directory</title></head>"
            f"<body><h1>{escape(context['title'])}</h1>"
            f'<p><a href="/">{escape(home)}</a></p></body></html>'
        )
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request, exception=None):
    return render_error(400)


def permission_denied(request, exception=None):
    return render_error(403)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a form was sent without a valid token (often an expired page)."""
    return render_error(403, {"csrf_failure": True})


def page_not_found(request, exception=None):
    return render_error(404, {"request_path": request.path})


def and_list(words):
    """``GET and HEAD``; ``GET and HEAD and POST``: the words joined by the language's "and"."""
    first, *rest = words
    for word in rest:
        # Translators: joins the words of a list, two at a time: "GET and HEAD" (HTTP methods).
        first = _("%(first)s and %(next)s") % {"first": first, "next": word}
    return first


def method_not_allowed(allowed):
    """405 with ``Allow``: a public page asked to do something other than be read."""
    response = render_error(405, {"allowed": and_list(allowed)})
    response["Allow"] = ", ".join(allowed)
    return response


def service_unavailable(request=None, exception=None):
    seconds = retry_after()
    response = render_error(503, {"retry_after": seconds})
    response["Retry-After"] = str(seconds)
    return response


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer (``AXES_LOCKOUT_CALLABLE``): 429 with ``Retry-After``."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else None
    response = render_error(429, {"cool_off_minutes": -(-seconds // 60) if seconds else None})
    if seconds:
        response["Retry-After"] = str(seconds)
    return response


def server_error(request):
    exception = sys.exc_info()[1]
    if database_unavailable(exception):
        return service_unavailable(request, exception)
    return render_error(500)
