"""``{% load facet_tags %}``: ``{% facet_options options %}`` writes a facet's options, each a link
with its label and count (``<li class="facet__option">``), in one pass.

A directory page shows a couple of hundred options; written by a template include each, they cost
more than the rest of the page. The markup is the same: the selected option is marked with
``aria-current`` and reads "Remove filter: <label>" to a screen reader, a sub-sector is indented,
and an estimated count (a search past its candidates, ``exhibitors.facets.Estimated``) is marked ≈.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

SELECTED = mark_safe(' aria-current="true" class="is-selected"')


@register.simple_tag
def facet_options(options, estimated=False):
    """The options' list items; with ``estimated``, each count reads "≈ 1200"."""
    about = "≈\u00a0" if estimated else ""
    remove = format_html('<span class="visually-hidden">{} </span>', gettext("Remove filter:"))
    return format_html_join(
        "\n",
        '<li class="facet__option{}"><a href="?{}"{} rel="nofollow">'
        '<span class="facet__label">{}{}</span> <span class="facet__count">{}{}</span></a></li>',
        (
            (
                " facet__option--child" if option.depth else "",
                option.query,
                SELECTED if option.selected else "",
                remove if option.selected else "",
                option.label,
                about,
                option.count,
            )
            for option in options
        ),
    )
