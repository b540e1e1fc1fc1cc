"""A showcase's page links to the programme's sessions about it."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_showcase_page_lists_its_published_sessions(client):
    expo = factories.exhibition()
    showcase = factories.showcase(expo, factories.exhibitor())
    shown = factories.session(expo, title="Launch of the harvester", kind="launch")
    hidden = factories.session(expo, title="Hidden launch", published=False)
    for session in (shown, hidden):
        session.showcases.add(showcase)
    factories.session(expo, title="Unrelated talk")
    body = client.get(showcase.get_absolute_url()).content.decode()
    assert re.findall(r'<a href="/sessions/[^"]+/">([^<]+)</a>', body) == [
        "Launch of the harvester"
    ]
    assert "In the programme" in body


def test_showcase_page_without_sessions_has_no_programme_section(client):
    expo = factories.exhibition()
    showcase = factories.showcase(expo)
    assert "In the programme" not in client.get(showcase.get_absolute_url()).content.decode()
