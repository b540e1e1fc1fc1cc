"""schema.org structured data (JSON-LD) for public pages, built as plain dicts.

Each app keeps the builders for its own models in ``<app>/structured_data.py`` and registers them with
:func:`register`; :func:`for_object` finds the builder for any instance, so templates in every app use one
tag (``{% json_ld object %}``) and this module never imports the apps that depend on it.

Builders return ``None`` for content that is not public, leave out empty fields, and give every node an
absolute ``@id`` (the page URL plus a fragment such as ``#organization``) so that pages can refer to one
another's entities: a pavilion's ``superEvent`` is the ``@id`` of its exhibition, a showcase's
``manufacturer`` the ``@id`` of its exhibitor. The ``@context`` is added by the template tag.

Besides the main entity of a detail page, every page may carry page-level nodes, emitted at the end of
the body by ``{% page_json_ld %}`` (:mod:`core.templatetags.open_web`):

- a ``BreadcrumbList`` from the crumbs the page's ``{% crumb %}`` tags drew (:func:`breadcrumb_list`);
- what :func:`for_page` gives: the builder an app registered for the view with :func:`register_page`
  (an app's lists or quotations), else for a list view an ``ItemList`` of the page's rows
  (:func:`page_item_list`).

Page-level builders read only what the page has already fetched (:func:`fetched`,
:func:`cached_related`): the JSON-LD never costs a query of its own.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.encoding import iri_to_uri
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.languages import LANGUAGE_TAGS

SCHEMA_ORG = "https://schema.org"
SITE_NAME = "Expo Directory"
EVENT_SCHEDULED = "https://schema.org/EventScheduled"
OFFLINE_ATTENDANCE = "https://schema.org/OfflineEventAttendanceMode"

_builders = {}
_page_builders = {}
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


def register_page(*view_names):
    """Decorator: ``@register_page("expo:home")`` makes ``func(context, request)`` the builder of the
    page-level nodes of the views with these URL names; it returns a list of JSON-LD dicts."""

    def decorator(func):
        for name in view_names:
            _page_builders[name] = func
        return func

    return decorator


def _discover():
    global _discovered
    if not _discovered:
        autodiscover_modules("structured_data")
        _discovered = True


def for_object(obj, request=None):
    """The JSON-LD dict for a model instance, or ``None`` if it has no builder or is not public."""
    _discover()
    builder = _builders.get(type(obj)._meta.concrete_model)
    return builder(obj, request) if builder else None


def for_page(context, request=None):
    """The page-level JSON-LD dicts of the page being rendered with ``context``.

    The builder registered for the view's URL name, if any; else, on a list view (one whose context
    has ``object_list``), an ``ItemList`` of its rows. Other pages have none.
    """
    _discover()
    match = getattr(request, "resolver_match", None)
    builder = _page_builders.get(match.view_name) if match else None
    if builder is not None:
        nodes = builder(context, request)
    elif "object_list" in context:
        nodes = [page_item_list(context, request)]
    else:
        nodes = []
    return [data for data in nodes if data]


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


def share_card_path(kind, slug):
    """Path of the generated 1200x630 share card (``og:image``) of the page of a ``kind`` record.

    The cards themselves are drawn by ``core/templatetags/share_cards.py``; this names their URL for
    the JSON-LD ``image`` of events, so both agree on one place. The card is in the active
    language (``/ru/share-cards/...`` on a Russian page).
    """
    return reverse("share_card", args=[kind, slug])


def share_card_url(kind, slug, request=None):
    return absolute_url(share_card_path(kind, slug), request)


def fetched(rows):
    """``rows`` as a list if they are already in memory (a list, or a QuerySet that has run, such as a
    prefetched relation's ``.all()``), else ``None``: page-level JSON-LD never runs a query."""
    if rows is None:
        return None
    if isinstance(rows, list | tuple):
        return list(rows)
    if getattr(rows, "_result_cache", None) is not None:  # a QuerySet already evaluated
        return list(rows)
    return None


def cached_related(obj, name):
    """``obj.<name>`` (a foreign key) if it was fetched with ``obj``, else ``None`` (no query)."""
    field = obj._meta.get_field(name)
    return getattr(obj, name) if field.is_cached(obj) else None


def list_item(position, obj, request=None):
    """One entry of an ``ItemList``: position, absolute URL and name of a record with a page."""
    return compact(
        {
            "@type": "ListItem",
            "position": position,
            "url": absolute_url(obj.get_absolute_url(), request),
            "name": str(obj),
        }
    )


def item_list(rows, request=None, *, start=1, total=None, name=None, item=None):
    """``rows`` (already fetched) as an ``ItemList`` whose first entry is at position ``start``.

    ``total`` is ``numberOfItems``, the length of the whole list (all pages), when known; ``item``,
    if given, builds an entry's ``item`` node for rows that have no page of their own. ``None`` for
    no rows.
    """
    if not rows:
        return None
    elements = []
    for position, row in enumerate(rows, start=start):
        if item is None or hasattr(row, "get_absolute_url"):
            elements.append(list_item(position, row, request))
        else:
            elements.append({"@type": "ListItem", "position": position, "item": item(row)})
    return compact(
        {"@type": "ItemList", "name": name, "numberOfItems": total, "itemListElement": elements}
    )


def page_item_list(context, request=None, name=None):
    """The rows of a list page as an ``ItemList``: the current page's rows at their absolute positions
    (page 2 of 25 a page starts at 26), with the count of the whole list; ``None`` if the rows have not
    been fetched or there are none."""
    page = context.get("page_obj")
    if page is not None:
        rows = fetched(page.object_list)
        start, total = page.start_index(), page.paginator.count
    else:
        rows = fetched(context.get("object_list"))
        start, total = 1, len(rows) if rows is not None else None
    return item_list(rows, request, start=start, total=total, name=name)


def breadcrumb_list(crumbs, request=None):
    """``BreadcrumbList`` of a page: Home, then ``crumbs`` (``(name, path)`` pairs), in order.

    ``None`` without crumbs: a page that shows no breadcrumbs (the home page, an error page) gets none.
    """
    if not crumbs:
        return None
    trail = [(_("Home"), reverse("expo:home")), *crumbs]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute_url(path, request),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def website_data(request=None):
    """The directory itself as ``WebSite``, with its search box as a ``SearchAction``."""
    home = absolute_url(reverse("expo:home"), request)
    search = absolute_url(reverse("expo:search"), request)
    return {
        "@type": "WebSite",
        "@id": home + "#website",
        "name": SITE_NAME,
        "url": home,
        "inLanguage": LANGUAGE_TAGS.get(get_language(), settings.LANGUAGE_CODE),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }
