import datetime

import pytest

from core.dates import format_day, format_range

D = datetime.date


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("en", D(2022, 8, 22), D(2022, 8, 24), "22–24 August 2022"),
        ("en", D(2022, 8, 28), D(2022, 9, 2), "28 August – 2 September 2022"),
        ("en", D(2022, 12, 28), D(2023, 1, 2), "28 December 2022 – 2 January 2023"),
        ("en", D(2022, 8, 22), D(2022, 8, 22), "22 August 2022"),
        ("en", D(2022, 8, 22), None, "22 August 2022"),
        ("ru", D(2022, 8, 22), D(2022, 8, 24), "22–24 августа 2022 г."),
        ("ru", D(2022, 8, 28), D(2022, 9, 2), "28 августа – 2 сентября 2022 г."),
        ("zh-hans", D(2022, 8, 22), D(2022, 8, 24), "2022年8月22日至24日"),
        ("zh-hans", D(2022, 8, 28), D(2022, 9, 2), "2022年8月28日至9月2日"),
        ("zh-hans", D(2022, 12, 28), D(2023, 1, 2), "2022年12月28日至2023年1月2日"),
    ],
)
def test_date_range_writes_the_shared_parts_once(settings, language, start, end, expected):
    from django.utils import translation

    with translation.override(language):
        assert format_range(start, end) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Monday 22 August 2022"),
        ("ru", "Понедельник, 22 августа 2022 г."),
        ("zh-hans", "2022年8月22日 星期一"),
        ("ru-ru", "Понедельник, 22 августа 2022 г."),
    ],
)
def test_day_is_written_in_the_page_language(language, expected):
    from django.utils import translation

    with translation.override(language):
        assert format_day(D(2022, 8, 22)) == expected
