"""schema.org structured data (JSON-LD) for public pages, built as plain dicts.

Each app keeps the builders for its own models in ``<app>/structured_data.py`` and registers them with
:func:`register`; :func:`for_object` finds the builder for any instance, so templates in every app use one
tag (``{% json_ld object %}``) and this module never imports the apps that depend on it.

Builders return ``None`` for content that is not public, leave out empty fields, and give every node an
absolute ``@id`` (the page URL plus a fragment such as ``#organization``) so that pages can refer to one
another's entities: a pavilion's ``superEvent`` is the ``@id`` of its exhibition, a showcase's
``manufacturer`` the ``@id`` of its exhibitor. The ``@context`` is added by the template tag.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.module_loading import autodiscover_modules

SCHEMA_ORG = "https://schema.org"
SITE_NAME = "Expo Directory"
EVENT_SCHEDULED = "https://schema.org/EventScheduled"

_builders = {}
_discovered = False


def absolute_url(path, request=None):
    """``path`` as an absolute URL: on ``settings.SITE_URL`` if set, else on the request's host.

    A URL that is already absolute (media on another host) is returned unchanged; without a
    request or ``SITE_URL`` the path itself is returned.
    """
    if not path or "://" in path:
        return path
    if not path.startswith("/"):
        path = "/" + path
    if settings.SITE_URL:
        return settings.SITE_URL + iri_to_uri(path)
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def register(model):
    """Decorator: ``@register(Exhibitor)`` makes ``func(instance, request)`` its builder."""

    def decorator(func):
        _builders[model] = func
        return func

    return decorator


def for_object(obj, request=None):
    """The JSON-LD dict for a model instance, or ``None`` if it has no builder or is not public."""
    global _discovered
    if not _discovered:
        autodiscover_modules("structured_data")
        _discovered = True
    builder = _builders.get(type(obj)._meta.concrete_model)
    return builder(obj, request) if builder else None


def compact(data):
    """``data`` without empty values (``None``, ``""``, ``[]``, ``{}``); ``0`` and ``False`` stay."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def entity_ref(obj, schema_type, fragment, request=None):
    """What identifies a record wherever it appears: type, ``@id``, name and page URL.

    A builder starts from this and adds the record's details; another record's builder uses it alone
    as a link (a pavilion's ``superEvent``, a showcase's ``manufacturer``).
    """
    url = absolute_url(obj.get_absolute_url(), request)
    return {"@type": schema_type, "@id": f"{url}#{fragment}", "name": obj.name, "url": url}


def image_url(field, request=None):
    """Absolute URL of an uploaded image, or ``None`` if there is none."""
    return absolute_url(field.url, request) if field else None


def website_data(request=None):
    """The directory itself as ``WebSite``, with its search box as a ``SearchAction``."""
    home = absolute_url(reverse("expo:home"), request)
    search = absolute_url(reverse("expo:search"), request)
    return {
        "@type": "WebSite",
        "@id": home + "#website",
        "name": SITE_NAME,
        "url": home,
        "inLanguage": settings.LANGUAGE_CODE,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }
