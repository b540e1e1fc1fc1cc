"""The programme pages are valid HTML by the Nu Html Checker, in each state whose markup differs
(see ``tests/test_html_validity.py``, whose checker this uses: it skips without Java and vnu)."""

import datetime
import json
import subprocess

from exhibitions.models import Exhibition
from tests import factories
from tests.test_html_validity import checker

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
    command = checker()
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
    files = {}
    for n, path in enumerate(PAGES):
        response = client.get(path)
        assert response.status_code == 200, path
        file = tmp_path / f"page-{n}.html"
        file.write_bytes(response.content)
        files[file.name] = path
    shown = subprocess.run(
        [*command, "--format", "json", "--errors-only", *map(str, sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(shown.stderr or shown.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert errors == [], "\n".join(errors)
