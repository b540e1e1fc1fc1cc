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
"""

import html
import json
from urllib.parse import urlencode

from django import template
from django.db.models import Model
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from core import structured_data

register = template.Library()

# Filters that never make a page of their own: free text and ordering. ``page`` is not a filter.
NON_CANONICAL_FILTERS = frozenset({"q", "sort"})

# Inside <script>, "</script>" or "<!--" would end or bend the element; JSON allows \u escapes.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return structured_data.absolute_url(str(path), context.get("request"))


def canonical_path(context):
    """Path and query string of the canonical version of the page being rendered."""
    obj = context.get("object")
    if isinstance(obj, Model) and hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    request = context.get("request")
    if request is None:
        return "/"
    filterset = context.get("filter")
    page = context.get("page_obj")
    if filterset is None or not filterset.is_valid():
        return request.path
    if page is not None and page.paginator.count == 0:
        # An empty result is no page of its own: point at the whole list.
        return request.path
    params = []
    for name in filterset.filters:
        if name in NON_CANONICAL_FILTERS:
            continue
        value = " ".join(request.GET.get(name, "").split())
        if value:
            params.append((name, value.lower() if name == "country" else value))
    return f"{request.path}?{urlencode(params)}" if params else request.path


@register.simple_tag(takes_context=True)
def canonical_url(context):
    return structured_data.absolute_url(canonical_path(context), context.get("request"))


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
