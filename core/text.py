"""The language of a short text in another script, told from its letters.

Pages are in English; a name or a title in another script needs its own ``lang`` attribute so that
screen readers pronounce it and browsers pick the right glyphs (a Chinese name drawn with Japanese
forms of the same characters looks wrong to a Chinese reader). The records do not say in which
language a local name is written, but the script tells enough for the data this directory holds:

- Han characters: Simplified Chinese (``zh-Hans``); with kana among them, Japanese (``ja``).
- Cyrillic: Russian (``ru``), unless a letter only Belarusian (``ў``) or Ukrainian (``ї``, ``є``,
  ``ґ``) uses says otherwise.
- Latin or anything else: no tag of its own (the page's English applies).
"""

import unicodedata

CYRILLIC_LANGUAGES = (("ў", "be"), ("ї", "uk"), ("є", "uk"), ("ґ", "uk"))


def script_language(text):
    """The BCP 47 tag of ``text`` when its script is not Latin, else ``None``."""
    text = str(text or "")
    if text.isascii():  # most names: no need to look letter by letter
        return None
    han = kana = cyrillic = False
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("CJK"):
            han = True
        elif name.startswith(("HIRAGANA", "KATAKANA")):
            kana = True
        elif name.startswith("CYRILLIC"):
            cyrillic = True
    if kana:
        return "ja"
    if han:
        return "zh-Hans"
    if cyrillic:
        lowered = str(text).lower()
        for letter, language in CYRILLIC_LANGUAGES:
            if letter in lowered:
                return language
        return "ru"
    return None
