import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_home_shows_current_exhibition_and_key_figures(client):
    old = factories.exhibition(name="Expo 2021", year=2021)
    current = factories.exhibition(name="Expo 2022", year=2022)
    current.key_figures.create(position=1, value=58, label="new products")
    current.key_figures.create(position=2, value=50, qualifier="more_than", label="big companies")
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["exhibition"] == current
    body = response.content.decode()
    assert "<h1>Expo 2022</h1>" in body
    assert "50+" in body
    assert old.name not in body.split("<main")[1].split("</main>")[0]


def test_home_links_to_country_and_sector_pages(client):
    world = factories.directory(2)
    body = client.get("/").content.decode()
    assert 'href="/countries/by/"' in body
    assert f'href="/sectors/{world["sector"].slug}/"' in body


def test_home_without_any_exhibition_explains_how_to_load(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "load_shipped_data" in response.content.decode()


def test_exhibition_detail_lists_pavilions_and_showcases(client):
    world = factories.directory(2)
    response = client.get(world["exhibition"].get_absolute_url())
    assert response.status_code == 200
    assert list(response.context["pavilions"]) == [world["pavilion"]]
    assert response.context["showcase_count"] == 2


def test_exhibition_detail_unknown_slug_is_404(client):
    assert client.get("/exhibitions/nope/").status_code == 404


def test_country_detail_lists_joint_venture_under_both_countries(client):
    ex = factories.exhibition()
    jv = factories.exhibitor(countries=("BY", "CN"), name="Joint Venture")
    only_by = factories.exhibitor(countries=("BY",), name="Belarusian Co")
    factories.showcase(ex, jv, name="Harvester")
    by = client.get("/countries/by/")
    cn = client.get("/countries/cn/")
    assert [e.name for e in by.context["exhibitors"]] == ["Belarusian Co", "Joint Venture"]
    assert [e.name for e in cn.context["exhibitors"]] == ["Joint Venture"]
    assert [s.name for s in cn.context["showcases"]] == ["Harvester"]
    assert only_by not in cn.context["exhibitors"]


def test_country_detail_accepts_upper_case_code(client):
    factories.country("BY")
    assert client.get("/countries/BY/").status_code == 200


@pytest.mark.parametrize("code", ["zz", "b", "belarus", "%00", "12"])
def test_country_detail_unknown_code_is_404(client, code):
    factories.country("BY")
    assert client.get(f"/countries/{code}/").status_code == 404


def test_country_list_counts_published_exhibitors(client):
    factories.exhibitor(countries=("BY",))
    factories.exhibitor(countries=("BY",), published=False)
    response = client.get("/countries/")
    by = next(c for c in response.context["object_list"] if c.code == "BY")
    assert by.exhibitor_count == 1


def test_sector_detail_includes_children(client):
    parent = factories.sector(slug="agriculture")
    child = factories.sector(slug="agricultural-machinery", parent=parent)
    other = factories.sector(slug="robotics")
    in_child = factories.exhibitor(sectors=[child], name="Harvester Maker")
    factories.exhibitor(sectors=[other], name="Robot Maker")
    response = client.get(reverse("expo:sector_detail", args=["agriculture"]))
    assert list(response.context["exhibitors"]) == [in_child]
    assert response.context["exhibitor_count"] == 1


def test_sector_detail_child_excludes_parent_only_exhibitors(client):
    parent = factories.sector(slug="agriculture")
    child = factories.sector(slug="agricultural-machinery", parent=parent)
    factories.exhibitor(sectors=[parent], name="Farm Co")
    response = client.get(child.get_absolute_url())
    assert list(response.context["exhibitors"]) == []


def test_sector_list_nests_children(client):
    parent = factories.sector(slug="agriculture", name="Agriculture")
    factories.sector(slug="agricultural-machinery", name="Agricultural machinery", parent=parent)
    response = client.get("/sectors/")
    assert [s.name for s in response.context["object_list"]] == ["Agriculture"]
    assert "Agricultural machinery" in response.content.decode()


def test_search_finds_across_types(client):
    ex = factories.exhibition()
    maker = factories.exhibitor(name="Gomselmash")
    factories.showcase(ex, maker, name="Gomselmash forage harvester")
    factories.person(name="Yuri Sivakov", role="Gomselmash spokesman")
    response = client.get("/search/?q=gomselmash")
    groups = {g["title"]: [r.name for r in g["results"]] for g in response.context["groups"]}
    assert groups["Exhibitors"] == ["Gomselmash"]
    assert groups["Showcases"] == ["Gomselmash forage harvester"]
    assert groups["People"] == ["Yuri Sivakov"]


def test_search_empty_query_shows_form_only(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["groups"] == []


@pytest.mark.parametrize("q", ["x" * 10_000, "\x00", "<script>alert(1)</script>", "%%%", "'; drop"])
def test_search_bad_input_answers_normally(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_escapes_query(client):
    body = client.get("/search/", {"q": "<b>bold</b>"}).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt;" in body
    assert "<b>bold</b>" not in body


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "local"}


def test_every_page_has_one_h1_and_lang(client):
    world = factories.directory(2)
    urls = [
        "/",
        world["exhibition"].get_absolute_url(),
        "/pavilions/",
        world["pavilion"].get_absolute_url(),
        "/exhibitors/",
        world["exhibitor"].get_absolute_url(),
        "/showcases/",
        world["showcase"].get_absolute_url(),
        "/countries/",
        "/countries/by/",
        "/sectors/",
        world["sector"].get_absolute_url(),
        "/search/?q=a",
    ]
    for url in urls:
        body = client.get(url).content.decode()
        assert body.count("<h1") == 1, url
        assert '<html lang="en">' in body, url


def test_liveness_answers_without_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_search_count_says_more_with_one_plus_whatever_the_groups(client):
    from tests import factories as f

    expo = f.exhibition()
    for i in range(21):
        maker = f.exhibitor(name=f"Robot maker {i}", slug=f"robot-maker-{i}")
        f.showcase(expo, maker, name=f"Robot arm {i}", slug=f"robot-arm-{i}")
    html = client.get("/search/?q=robot").content.decode()
    assert "40+ results for “robot”" in html
    assert "++" not in html
