import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_pavilion_list_shows_published_only(client):
    ex = factories.exhibition()
    shown = factories.pavilion(ex, name="Belarusian pavilion")
    factories.pavilion(ex, name="Hidden pavilion", published=False)
    response = client.get("/pavilions/")
    assert list(response.context["object_list"]) == [shown]


def test_pavilion_detail_lists_sections_in_order_and_exhibitors(client):
    ex = factories.exhibition()
    pav = factories.pavilion(ex, country=factories.country("BY"))
    factories.section(pav, 2, "Great Stone park")
    factories.section(pav, 1, "The country")
    jv = factories.exhibitor(name="Zongshen-Gomselmash")
    factories.stand(jv, ex, pav, booth="B12")
    hidden = factories.exhibitor(name="Hidden", published=False)
    factories.stand(hidden, ex, pav)
    response = client.get(pav.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert [s.title for s in response.context["pavilion"].sections.all()] == [
        "The country",
        "Great Stone park",
    ]
    assert response.context["exhibitors"] == [jv]
    assert "booth B12" in body
    assert 'href="/countries/by/"' in body
    assert f'href="{ex.get_absolute_url()}"' in body


def test_pavilion_detail_unpublished_is_404(client):
    pav = factories.pavilion(published=False)
    assert client.get(pav.get_absolute_url()).status_code == 404


def test_pavilion_list_bad_page_shows_a_page(client):
    pavilion = factories.pavilion()
    for page in ["-1", "0", "abc", "99999", "1e9"]:
        response = client.get("/pavilions/", {"page": page})
        assert response.status_code == 200
        assert list(response.context["object_list"]) == [pavilion], page


def test_pavilion_detail_caps_lists_and_links_to_directory(client):
    ex = factories.exhibition()
    pav = factories.pavilion(ex)
    for i in range(26):
        factories.stand(factories.exhibitor(name=f"Maker {i:02d}"), ex, pav)
    response = client.get(pav.get_absolute_url())
    assert len(response.context["exhibitors"]) == 24
    assert response.context["exhibitors"][0].name == "Maker 00"
    assert f'href="/exhibitors/?pavilion={pav.slug}"' in response.content.decode()


def test_pavilion_detail_small_pavilion_has_no_directory_link(client):
    ex = factories.exhibition()
    pav = factories.pavilion(ex)
    factories.stand(factories.exhibitor(name="Only Maker"), ex, pav)
    response = client.get(pav.get_absolute_url())
    assert [e.name for e in response.context["exhibitors"]] == ["Only Maker"]
    assert f"?pavilion={pav.slug}" not in response.content.decode()
