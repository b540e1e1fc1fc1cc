"""Template helpers for search results."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from expo.search import clean_query, terms

register = template.Library()

MIN_TERM_LENGTH = 2


@register.filter
def highlight(text, query):
    """Escape ``text``, then wrap each word of ``query`` found in it in ``<mark>``.

    The text is escaped first and the pattern is built from escaped words, so neither the text nor
    the query can inject markup.
    """
    escaped = str(conditional_escape(text or ""))
    words = sorted(
        {
            str(conditional_escape(w))
            for w in terms(clean_query(query or ""))
            if len(w) >= MIN_TERM_LENGTH
        },
        key=len,
        reverse=True,
    )
    if not words:
        return mark_safe(escaped)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))
