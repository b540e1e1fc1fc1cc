"""``{% load share_cards %}`` then ``{% share_card_url as share_card %}``: the absolute URL of the
page's share card (its ``og:image``, see :mod:`core.share_cards`).

The card is the context's ``object`` one when its model has a card (a detail page), else the
named card of the view that resolved the request (a list, the home page, search), else the site's.
It runs no query, so error pages can use it too. The URL is reversed under the active language,
so a Chinese or Russian page names the card of its own language (``/zh-hans/share-cards/…``,
``/ru/share-cards/…``) and an English page the unprefixed one.
"""

from django import template

from core import share_cards
from core.structured_data import absolute_url

register = template.Library()


def share_card_path(context):
    path = None
    obj = context.get("object")
    if obj is not None:
        path = share_cards.url_for_object(obj)
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if path is None and match is not None:
        path = share_cards.url_for_view(match.view_name)
    return path or share_cards.site_url()


@register.simple_tag(takes_context=True)
def share_card_url(context):
    return absolute_url(share_card_path(context), context.get("request"))
