"""A pavilion's page shows the programme's sessions held in it and the organisations that
organised it, each organiser with its sources."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pavilion():
    expo = factories.exhibition()
    return factories.pavilion(expo, name="Belarusian pavilion", organiser="Free-text organiser")


def session_titles(body):
    return re.findall(r'<a href="/sessions/[^"]+/">([^<]+)</a>', body)


def test_pavilion_shows_its_published_sessions_only(client, pavilion):
    factories.session(pavilion.exhibition, pavilion=pavilion, title="Tasting")
    factories.session(pavilion.exhibition, pavilion=pavilion, title="Hidden", published=False)
    factories.session(pavilion.exhibition, title="Elsewhere")
    body = client.get(pavilion.get_absolute_url()).content.decode()
    assert session_titles(body) == ["Tasting"]


def test_pavilion_with_many_sessions_links_to_the_full_programme(client, pavilion):
    for n in range(25):
        factories.session(pavilion.exhibition, pavilion=pavilion, title=f"Talk {n:02d}")
    body = client.get(pavilion.get_absolute_url()).content.decode()
    assert len(session_titles(body)) == 24
    programme = f"/exhibitions/{pavilion.exhibition.slug}/programme/"
    assert f'<a href="{programme}">Full programme of {pavilion.exhibition.name}</a>' in body


def test_pavilion_names_its_organisers_with_sources_instead_of_the_free_text(client, pavilion):
    consulate = factories.exhibitor(name="Consulate", kind="public_body")
    article = factories.source(title="The article", url="https://news.example/a")
    factories.organiser(consulate, pavilion.exhibition, pavilion, sources=[article])
    factories.organiser(factories.exhibitor(name="Edition organiser"), pavilion.exhibition)
    factories.organiser(
        factories.exhibitor(name="Hidden Co", published=False), pavilion.exhibition, pavilion
    )
    body = client.get(pavilion.get_absolute_url()).content.decode()
    assert f'<a href="{consulate.get_absolute_url()}">Consulate</a>' in body
    assert '<a href="https://news.example/a" rel="noopener">The article</a>' in body
    assert "Edition organiser" not in body
    assert "Hidden Co" not in body
    assert "Free-text organiser" not in body


def test_pavilion_without_organiser_records_keeps_its_free_text(client, pavilion):
    body = client.get(pavilion.get_absolute_url()).content.decode()
    assert "Free-text organiser" in body
