"""Days and date ranges as each interface language writes them.

``format_day``: "Monday 22 August 2022", "Понедельник, 22 августа 2022 г.", "2022年8月22日 星期一".
``format_range``: an exhibition's dates, with what the two days share written once:
"22–24 August 2022", "28 August – 2 September 2022", "28 December 2022 – 2 January 2023";
"22–24 августа 2022 г."; "2022年8月22日至24日", "2022年8月28日至9月2日". Weekday and month names
come from Django's catalogues of the active language.
"""

from django.utils import dateformat
from django.utils.translation import get_language

DAY_FORMATS = {"en": "l j F Y", "ru": "l, j E Y г.", "zh-hans": "Y年n月j日 l"}
# (same month, same year, different years): format of the start and of the end, and the joiner.
RANGE_FORMATS = {
    "en": (("j", "j F Y", "–"), ("j F", "j F Y", " – "), ("j F Y", "j F Y", " – ")),
    "ru": (("j", "j E Y г.", "–"), ("j E", "j E Y г.", " – "), ("j E Y г.", "j E Y г.", " – ")),
    "zh-hans": (
        ("Y年n月j日", "j日", "至"),
        ("Y年n月j日", "n月j日", "至"),
        ("Y年n月j日", "Y年n月j日", "至"),
    ),
}


def _for_language(formats, language=None):
    language = (language or get_language() or "en").lower()
    return formats.get(language) or formats.get(language.split("-")[0], formats["en"])


def day_format(language=None):
    """The ``dateformat`` pattern of a day in ``language`` (the active one by default): its own,
    else its general language's (``ru`` for ``ru-ru``), else English's."""
    return _for_language(DAY_FORMATS, language)


def format_day(day, language=None):
    return dateformat.format(day, day_format(language))


def format_range(start, end, language=None):
    """``start`` to ``end`` (dates) in the active language; one day when they are the same or
    ``end`` is missing."""
    same_month, same_year, apart = _for_language(RANGE_FORMATS, language)
    if end is None or end == start:
        return dateformat.format(start, apart[1])
    if (start.year, start.month) == (end.year, end.month):
        first, last, joiner = same_month
    elif start.year == end.year:
        first, last, joiner = same_year
    else:
        first, last, joiner = apart
    return f"{dateformat.format(start, first)}{joiner}{dateformat.format(end, last)}"
