"""Template helpers for search results."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.search import clean_query, terms

register = template.Library()

MIN_TERM_LENGTH = 2


@register.filter
def highlight(text, query):
    """Escape ``text`` and wrap each word of ``query`` found in it in ``<mark>``.

    Words are found in the text as written and each piece is escaped on its own, so a word can
    never match inside an entity the escaping made (``lt`` in ``&lt;``), and neither the text nor
    the query can inject markup. The text is plain text: markup in it is shown, not kept.
    """
    text = str(text or "")
    words = sorted(
        {w for w in terms(clean_query(query or "")) if len(w) >= MIN_TERM_LENGTH},
        key=len,
        reverse=True,
    )
    if not words:
        return escape(text)
    pattern = re.compile(f"({'|'.join(re.escape(w) for w in words)})", re.IGNORECASE)
    # With one group, split() alternates text between matches and the matches themselves.
    pieces = pattern.split(text)
    return mark_safe(
        "".join(
            f"<mark>{escape(piece)}</mark>" if i % 2 else escape(piece)
            for i, piece in enumerate(pieces)
        )
    )
