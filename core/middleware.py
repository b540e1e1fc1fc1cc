"""Request-level safety: security headers, database outages, and the admin login throttle's glue.

- ``SecurityHeadersMiddleware`` adds ``Permissions-Policy``; Django's ``SecurityMiddleware`` already
  sends HSTS, ``X-Content-Type-Options``, ``Referrer-Policy`` and ``Cross-Origin-Opener-Policy``, and
  django-csp sends ``Content-Security-Policy``.
- ``PublicMethodsMiddleware`` answers 405 with ``Allow: GET, HEAD`` to any other method on a public
  page (``OPTIONS``, ``TRACE``, ``POST``...); only the paths in ``WRITABLE_PATH_PREFIXES`` (the admin)
  take them.
- ``DatabaseUnavailableMiddleware`` turns a database that cannot be reached into a branded
  ``503 Service Unavailable`` with ``Retry-After`` instead of a 500. Nothing is cached: the next request
  tries the database again, so pages come back by themselves when it does.
- ``client_ip`` tells django-axes which address a login attempt came from, behind a known number of
  proxies; ``LoginThrottleBackend`` is axes' backend, tolerant of logins made without a request;
  ``forget_own_failures`` clears, on a successful login, that account's failures from that address.
"""

import logging

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.utils import translation

from core import errors
from core.languages import language_of, unprefixed

logger = logging.getLogger("expo.outage")


def permissions_policy_header(policy):
    return ", ".join(f"{feature}={allow}" for feature, allow in policy.items())


class SecurityHeadersMiddleware:
    """Adds the headers Django does not send itself: ``Permissions-Policy``."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = getattr(settings, "PERMISSIONS_POLICY", {})
        self.permissions_policy = permissions_policy_header(policy) if policy else ""

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response


class PublicMethodsMiddleware:
    """Public pages are read-only: ``GET`` and ``HEAD`` only, everywhere but the admin."""

    allowed = ("GET", "HEAD")

    def __init__(self, get_response):
        self.get_response = get_response
        self.writable = tuple(getattr(settings, "WRITABLE_PATH_PREFIXES", ("/admin/",)))

    def __call__(self, request):
        path = unprefixed(request.path)
        if request.method not in self.allowed and not path.startswith(self.writable):
            # Answered before the language is set for the request: the path's, as the page's.
            with translation.override(language_of(request.path)):
                return errors.method_not_allowed(self.allowed)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached gives a 503 with ``Retry-After``, never a 500.

    ``process_exception`` catches failures in views and template rendering; ``core.errors.server_error``
    catches the rest (for example a session saved after the view). Every 503 without ``Retry-After``,
    such as ``/healthz`` reporting the database down, gets one here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 503 and "Retry-After" not in response:
            response["Retry-After"] = str(errors.retry_after())
        return response

    def process_exception(self, request, exception):
        if errors.database_unavailable(exception):
            logger.warning("Database unavailable while serving %s: %s", request.path, exception)
            return errors.service_unavailable(request, exception)
        return None


def client_ip(request):
    """The client's address for the login throttle.

    With ``TRUSTED_PROXY_COUNT`` proxies in front (each appending to ``X-Forwarded-For``), the client
    is the entry that many places from the end; entries further left could be forged by the client.
    With no proxies, or a header shorter than expected, it is ``REMOTE_ADDR``.
    """
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login made over HTTP.

    Logins made without a request (a management command, the test client's ``login()``) cannot be
    attributed to a client, so they skip the throttle instead of failing; the admin's login form always
    passes its request and is always throttled.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def forget_own_failures(sender, request, user, **kwargs):
    """On a successful login, forget the failures of this account from this address, and no others.

    django-axes' own reset (``AXES_RESET_ON_SUCCESS``) deletes every failure matching any lockout
    parameter, so a good login to one account wiped the address's failed guesses at another.
    """
    from axes.models import AccessAttempt

    if request is None:
        return
    AccessAttempt.objects.filter(
        username=user.get_username(), ip_address=client_ip(request)
    ).delete()
