"""``{% load text_tags %}``: ``<span{{ name|lang_attr }}>`` adds ``lang="ru"``, ``lang="zh-Hans"``,
``lang="en"``... to an element whose text is in another language than the page's, told from its
script (see :mod:`core.text`); ``{{ date|day }}`` and ``{{ start|date_range:end }}`` write dates
in the page's language (:mod:`core.dates`)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.dates import format_day, format_range
from core.languages import LANGUAGE_TAGS
from core.text import script_language
from core.translations import DEFAULT_LANGUAGE, missing_translations

register = template.Library()


@register.filter
def lang_attr(value):
    """`` lang="…"`` when the text's language (told from its script; Latin is English, the language
    of every record not yet translated) is not the page's, else nothing."""
    language = script_language(value) or "en"
    page = LANGUAGE_TAGS.get(get_language(), "en")
    return format_html(' lang="{}"', language) if language != page else ""


@register.filter
def day(value):
    """``{{ session.date|day }}``: "Monday 22 August 2022" in the page's language."""
    return format_day(value) if value else ""


@register.filter
def date_range(start, end):
    """``{{ exhibition.starts_on|date_range:exhibition.ends_on }}``: "22–24 August 2022"."""
    return format_range(start, end) if start else ""


# One sentence per original language, so that each translation can say "from English" in its own
# grammar (Russian declines the language's name: «Перевод с английского»).
TRANSLATED_FROM = {
    "en": _("Translated from English."),
    "zh-hans": _("Translated from Chinese."),
    "ru": _("Translated from Russian."),
}


@register.inclusion_tag("includes/translation_note.html")
def translation_note(record):
    """Under a record's texts: whether the page shows them as written or translated, and which
    parts fall back to English for want of a translation."""
    language = get_language()
    original = getattr(record, "original_language", DEFAULT_LANGUAGE)
    missing = missing_translations(record, language)
    return {
        "translated_from": TRANSLATED_FROM.get(original) if original != language else None,
        "untranslated": bool(missing),
    }
