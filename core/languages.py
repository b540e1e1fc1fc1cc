"""The site's languages: English at today's URLs, Simplified Chinese under ``/zh-hans/``, Russian
under ``/ru/`` (``i18n_patterns`` with the default language unprefixed).

- The language of a page is the one its path names, and nothing else: a link to
  ``/exhibitors/baidu/`` is English for everyone, so a cached page never depends on who asks.
  :class:`PathLocaleMiddleware` is Django's ``LocaleMiddleware`` without the ``Vary:
  Accept-Language`` it adds to unprefixed pages (whose language, with the default unprefixed, the
  header never changes); the page cache keeps a page per path, so one entry per language.
- ``Accept-Language`` chooses only on a first visit to ``/``: :class:`FirstVisitLanguageMiddleware`
  sends a visitor who arrives at the home page from elsewhere (no Referer from this site) and whose
  browser prefers Chinese or Russian to English to ``/zh-hans/`` or ``/ru/``. Deep links are never
  redirected, and a visitor who picks English in the switcher (a link from this site) stays.
- :func:`path_in` gives the same page in another language; :func:`unprefixed` the path without its
  language prefix, for the rules that look at paths (writable paths, the page cache, compression).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

# BCP 47 tags for lang and hreflang attributes, and OpenGraph locales, by Django language code.
LANGUAGE_TAGS = {"en": "en", "zh-hans": "zh-Hans", "ru": "ru"}
OG_LOCALES = {"en": "en_GB", "zh-hans": "zh_CN", "ru": "ru_RU"}


def language_of(path):
    """The language a path names: its prefix, else the default language. (Django's
    ``get_language_from_path`` also takes a variant such as ``/ru-by/`` for ``ru``, whose prefix
    :func:`unprefixed` could then not strip.)"""
    first = path.lstrip("/").split("/", 1)[0]
    prefixed = {code for code, _ in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    return first if first in prefixed else settings.LANGUAGE_CODE


def unprefixed(path):
    """``/ru/exhibitors/`` → ``/exhibitors/``; a path without a prefix as it is."""
    language = language_of(path)
    if language == settings.LANGUAGE_CODE:
        return path
    rest = path[len(language) + 1 :]
    return rest if rest.startswith("/") else "/" + rest


def path_in(language, path):
    """The same path in ``language``: ``path_in("ru", "/exhibitors/")`` → ``/ru/exhibitors/``."""
    rest = unprefixed(path)
    return rest if language == settings.LANGUAGE_CODE else f"/{language}{rest}"


class PathLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, without ``Vary: Accept-Language``: the path alone decides."""

    def process_response(self, request, response):
        vary = response.get("Vary")
        response = super().process_response(request, response)
        if vary is None:
            response.headers.pop("Vary", None)
        else:
            response.headers["Vary"] = vary
        return response


def preferred_language(accept_language):
    """The site language the header prefers, or None when it names none of them."""
    for tag, _ in parse_accept_lang_header(accept_language or ""):
        if tag == "*":
            return None
        try:
            return get_supported_language_variant(tag)
        except LookupError:
            continue
    return None


class FirstVisitLanguageMiddleware:
    """``GET /`` from outside the site, by a browser that prefers Chinese or Russian: redirect to
    that language's home page. Everything else passes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path_info == "/" and not request.GET:
            referer = urlsplit(request.headers.get("Referer", ""))
            from_here = referer.netloc and referer.netloc == request.get_host()
            language = preferred_language(request.headers.get("Accept-Language"))
            if not from_here and language and language != settings.LANGUAGE_CODE:
                response = HttpResponseRedirect(path_in(language, "/"))
                patch_vary_headers(response, ("Accept-Language", "Referer"))
                return response
        return self.get_response(request)
