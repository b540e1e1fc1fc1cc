"""``{% load text_tags %}``: ``<span{{ name|lang_attr }}>`` adds ``lang="ru"``, ``lang="zh-Hans"``...
to an element holding text in another script (see :mod:`core.text`), nothing for English."""

from django import template
from django.utils.html import format_html

from core.text import script_language

register = template.Library()


@register.filter
def lang_attr(value):
    language = script_language(value)
    return format_html(' lang="{}"', language) if language else ""
