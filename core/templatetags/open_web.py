"""Template tags for the open web: canonical and absolute URLs, page text for meta tags, JSON-LD.

``{% load open_web %}`` then:

- ``{% canonical_url %}`` (or ``{% canonical_url as canonical %}``): the page's canonical URL. A detail
  page's is its object's ``get_absolute_url()``; a filtered list's is its path with only the filters that
  choose what is listed (no free-text ``q``, no ``sort``, no ``page``); any other page's is its path.
- ``{% absolute_url path %}``: ``path`` on ``SITE_URL`` or the request's host.
- ``{% plaintext as name %}...{% endplaintext %}``: render the body (blocks included), strip tags,
  collapse white space and keep it as plain text in ``name``, for ``<title>`` and ``<meta>`` attributes.
- ``{% json_ld value %}``: ``<script type="application/ld+json">`` for a dict or a model instance with a
  registered builder (see :mod:`core.structured_data`); nothing if there is no data.
- ``{% website_json_ld %}``: the site itself as a schema.org ``WebSite``.
- ``{% crumb "Label" "app:url_name" %}``, ``{% crumb record %}`` (its ``str()`` and
  ``get_absolute_url()``), with ``current=True`` for the page itself: one breadcrumb,
  ``<li><a href="...">Label</a></li>`` (``aria-current="page"`` when current), used inside
  ``{% block breadcrumbs %}``. It also records the crumb for ``{% page_json_ld %}``.
- ``{% page_json_ld %}``, near the end of ``<body>``: the page-level JSON-LD, after the body has been
  rendered: the ``BreadcrumbList`` of the crumbs drawn (Home first), and the page's lists
  (:func:`core.structured_data.for_page`). Nothing on a page without either.
"""

import html
import json
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import structured_data
from core.languages import LANGUAGE_TAGS, OG_LOCALES, path_in

register = template.Library()

# Filters that never make a page of their own: free text and ordering. ``page`` is not a filter.
NON_CANONICAL_FILTERS = frozenset({"q", "sort"})

# Where {% crumb %} leaves the page's breadcrumbs for {% page_json_ld %}: the bottom layer of the
# render context (``render_context.dicts[0]``). Unlike the top layer, which an {% include %} replaces
# for its own time, it is shared by the page's templates (its parents and includes); a new render
# starts a new render context, so crumbs never outlive one page.
CRUMBS_KEY = "open_web.crumbs"

# Inside <script>, "</script>" or "<!--" would end or bend the element; JSON allows \u escapes.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return structured_data.absolute_url(str(path), context.get("request"))


def canonical_path(context):
    """Path and query string of the canonical version of the page being rendered.

    A list's canonical keeps the filters that choose what is listed and, from page 2 on, the page
    number: each page of a list is a page of its own. The number is kept only when it is the page
    shown (``?page=999`` shows the last page and ``?page=abc`` the first: their canonical has no page)
    and when no free-text query or sort order decides which rows that page holds. An empty result is
    no page of its own: its canonical is the whole list.
    """
    obj = context.get("object")
    if isinstance(obj, Model) and hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    request = context.get("request")
    if request is None:
        return "/"
    filterset = context.get("filter")
    page = context.get("page_obj")
    if filterset is not None and not filterset.is_valid():
        return request.path
    if page is not None and page.paginator.count == 0:
        return request.path
    params = []
    for name in filterset.filters if filterset is not None else ():
        if name in NON_CANONICAL_FILTERS:
            continue
        value = " ".join(request.GET.get(name, "").split())
        if value:
            params.append((name, value.lower() if name == "country" else value))
    number = canonical_page_number(request, page)
    if number is not None and not any(request.GET.get(name) for name in NON_CANONICAL_FILTERS):
        params.append(("page", number))
    return f"{request.path}?{urlencode(params)}" if params else request.path


def canonical_page_number(request, page, page_kwarg="page"):
    """The number of the page shown if it is past the first and is the page asked for, else ``None``."""
    if page is None or page.number == 1:
        return None
    asked = request.GET.get(page_kwarg, "").strip()
    if asked.isascii() and asked.isdigit() and int(asked) == page.number:
        return page.number
    return None


@register.simple_tag(takes_context=True)
def canonical_url(context):
    return structured_data.absolute_url(canonical_path(context), context.get("request"))


@register.simple_tag
def language_tag():
    """The BCP 47 tag of the page's language, for ``<html lang>``: ``en``, ``zh-Hans``, ``ru``."""
    return LANGUAGE_TAGS.get(get_language(), get_language())


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The page in every language, in ``settings.LANGUAGES`` order: ``code``, ``tag`` (BCP 47),
    ``name`` (in its own language), ``url`` (this page there, with its query string: the
    switcher), ``canonical`` (the absolute canonical URL there: ``hreflang``), ``og_locale`` and
    ``current``."""
    request = context.get("request")
    path = request.path if request is not None else "/"
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    canonical = canonical_path(context)
    canonical_path_part, _, canonical_query = canonical.partition("?")
    current = get_language()
    versions = []
    for code, name in settings.LANGUAGES:
        there = path_in(code, canonical_path_part)
        versions.append(
            {
                "code": code,
                "tag": LANGUAGE_TAGS.get(code, code),
                "name": name,
                "url": path_in(code, path) + (f"?{query}" if query else ""),
                "canonical": structured_data.absolute_url(
                    there + (f"?{canonical_query}" if canonical_query else ""), request
                ),
                "og_locale": OG_LOCALES.get(code, code),
                "current": code == current,
            }
        )
    return versions


class PlainTextNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        rendered = self.nodelist.render(context)
        context[self.name] = " ".join(html.unescape(strip_tags(rendered)).split())
        return ""


@register.tag
def plaintext(parser, token):
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% plaintext as name %}...{% endplaintext %}.")
    nodelist = parser.parse(("endplaintext",))
    parser.delete_first_token()
    return PlainTextNode(nodelist, bits[2])


def json_ld_script(data):
    """``data`` as an inert ``<script type="application/ld+json">`` element."""
    if not data:
        return ""
    if isinstance(data, dict) and "@context" not in data:
        data = {"@context": structured_data.SCHEMA_ORG, **data}
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag(takes_context=True)
def json_ld(context, value):
    if isinstance(value, Model):
        value = structured_data.for_object(value, context.get("request"))
    return json_ld_script(value)


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    return json_ld_script(structured_data.website_data(context.get("request")))


@register.simple_tag(takes_context=True)
def crumb(context, target, url_name=None, current=False):
    if url_name is None:
        label, path = str(target), target.get_absolute_url()
    else:
        label, path = target, url_name if url_name.startswith("/") else reverse(url_name)
    context.render_context.dicts[0].setdefault(CRUMBS_KEY, []).append((label, path))
    if current:
        return format_html('<li><a href="{}" aria-current="page">{}</a></li>', path, label)
    return format_html('<li><a href="{}">{}</a></li>', path, label)


@register.simple_tag(takes_context=True)
def page_json_ld(context):
    request = context.get("request")
    crumbs = context.render_context.dicts[0].get(CRUMBS_KEY)
    nodes = [structured_data.breadcrumb_list(crumbs, request)]
    nodes += structured_data.for_page(context, request)
    return mark_safe("".join(json_ld_script(node) for node in nodes if node))
