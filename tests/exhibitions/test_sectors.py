"""A sector's family: what filtering by a sector covers."""

import pytest

from exhibitions.models import Sector
from tests import factories

pytestmark = pytest.mark.django_db


def test_family_is_the_sector_and_its_sub_sectors():
    agri = factories.sector(slug="agriculture")
    machinery = factories.sector(slug="machinery", parent=agri)
    seeds = factories.sector(slug="seeds", parent=agri)
    other = factories.sector(slug="robotics")
    factories.sector(slug="arms", parent=other)

    assert set(Sector.objects.family("agriculture")) == {agri, machinery, seeds}
    assert set(Sector.objects.family("machinery")) == {machinery}
    assert set(Sector.objects.family("unknown")) == set()


def test_sector_filter_covers_the_family_and_nothing_else(client):
    agri = factories.sector(slug="agriculture")
    machinery = factories.sector(slug="machinery", parent=agri)
    other = factories.sector(slug="robotics")
    expo = factories.exhibition()
    factories.showcase(expo, None, sectors=[agri], name="Plough")
    factories.showcase(expo, None, sectors=[machinery], name="Harvester")
    factories.showcase(expo, None, sectors=[other], name="Arm")
    factories.showcase(expo, None, sectors=[machinery, other], name="Picker")

    def listed(query):
        response = client.get(f"/showcases/?{query}")
        assert response.status_code == 200
        return sorted(showcase.name for showcase in response.context["object_list"])

    assert listed("sector=agriculture") == ["Harvester", "Picker", "Plough"]
    assert listed("sector=machinery") == ["Harvester", "Picker"]
    assert listed("sector=robotics") == ["Arm", "Picker"]
    assert listed("sector=machinery&q=picker") == ["Picker"]
