"""The programme pages are valid HTML by the Nu Html Checker, in each state whose markup differs
(see ``tests/test_html_validity.py``, whose checker this uses: it skips without Java and vnu)."""

import datetime

from exhibitions.models import Exhibition
from tests import factories
from tests.test_html_validity import html_errors

from .conftest import local

PAGES = [
    "/programme/",
    "/programme/?kind=talk&day=2022-08-22",
    "/programme/?sector=robotics",  # empty, with the filters to remove
    "/programme/?day=tomorrow",  # invalid value
    "/exhibitions/smart-china-expo-2021/programme/",
    "/sessions/sce-2022-forum/",
    "/sessions/belarusian-pavilion-tasting-2022/",
    "/sessions/timed-talk/",
]


def test_programme_pages_are_valid_html(client, shipped_data, tmp_path):
    expo = Exhibition.objects.get(slug="smart-china-expo-2022")
    talk = factories.session(
        expo,
        slug="timed-talk",
        kind="talk",
        date=datetime.date(2022, 8, 22),
        starts_at=local(9, 30),
        ends_at=local(11),
        place="Hall S1",
    )
    factories.session_person(talk, factories.person(name="Li Wei", role="CEO"))
    factories.session_person(talk, factories.person(name="Иван Петров"), role="participant")
    talk.showcases.add(expo.showcases.first())
    pages = {path: client.get(path) for path in PAGES}
    assert {path: r.status_code for path, r in pages.items()} == dict.fromkeys(PAGES, 200)
    assert html_errors(pages, tmp_path) == []
