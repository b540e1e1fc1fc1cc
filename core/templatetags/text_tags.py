"""``{% load text_tags %}``: ``<span{{ name|lang_attr }}>`` adds ``lang="ru"``, ``lang="zh-Hans"``...
to an element holding text in another script (see :mod:`core.text`), nothing for English."""

from django import template
from django.utils.html import format_html

from core.dates import format_day, format_range
from core.text import script_language

register = template.Library()


@register.filter
def lang_attr(value):
    language = script_language(value)
    return format_html(' lang="{}"', language) if language else ""


@register.filter
def day(value):
    """``{{ session.date|day }}``: "Monday 22 August 2022" in the page's language."""
    return format_day(value) if value else ""


@register.filter
def date_range(start, end):
    """``{{ exhibition.starts_on|date_range:exhibition.ends_on }}``: "22–24 August 2022"."""
    return format_range(start, end) if start else ""
