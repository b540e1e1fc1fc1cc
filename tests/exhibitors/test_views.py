import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ex = factories.exhibition(slug="sce-2022")
    agri = factories.sector(slug="agriculture", name="Agriculture")
    machines = factories.sector(slug="agricultural-machinery", parent=agri)
    robots = factories.sector(slug="robotics")
    pav = factories.pavilion(ex, slug="belarus", country=factories.country("BY"))
    jv = factories.exhibitor(
        name="Zongshen-Gomselmash", countries=("BY", "CN"), sectors=[machines], kind="joint_venture"
    )
    volat = factories.exhibitor(name="Sanjiang-Volat", countries=("BY", "CN"), sectors=[robots])
    baidu = factories.exhibitor(name="Baidu", countries=("CN",), sectors=[robots])
    gomselmash = factories.exhibitor(name="Gomselmash", countries=("BY",), sectors=[machines])
    jv.partners.add(gomselmash)
    factories.stand(jv, ex, pav)
    factories.stand(volat, ex, pav)
    factories.stand(baidu, ex)
    factories.showcase(ex, jv, name="Forage harvester", sectors=[machines])
    factories.showcase(ex, baidu, name="Robotaxi", kind="application", sectors=[robots])
    factories.showcase(ex, None, name="8K decoder")
    return {"jv": jv, "volat": volat, "baidu": baidu, "gomselmash": gomselmash, "pavilion": pav}


def names(response):
    return [obj.name for obj in response.context["object_list"]]


def test_exhibitor_list_shows_all_published_by_name(client, world):
    factories.exhibitor(name="Hidden Co", published=False)
    response = client.get("/exhibitors/")
    assert names(response) == ["Baidu", "Gomselmash", "Sanjiang-Volat", "Zongshen-Gomselmash"]


def test_exhibitor_list_filters_by_country(client, world):
    assert names(client.get("/exhibitors/?country=cn")) == [
        "Baidu",
        "Sanjiang-Volat",
        "Zongshen-Gomselmash",
    ]


def test_exhibitor_list_filters_by_parent_sector_including_children(client, world):
    assert names(client.get("/exhibitors/?sector=agriculture")) == [
        "Gomselmash",
        "Zongshen-Gomselmash",
    ]


def test_exhibitor_list_filters_combine(client, world):
    response = client.get("/exhibitors/?country=cn&sector=agricultural-machinery")
    assert names(response) == ["Zongshen-Gomselmash"]


def test_exhibitor_list_filters_by_pavilion_and_exhibition(client, world):
    assert names(client.get("/exhibitors/?pavilion=belarus")) == [
        "Sanjiang-Volat",
        "Zongshen-Gomselmash",
    ]
    assert names(client.get("/exhibitors/?exhibition=sce-2022")) == [
        "Baidu",
        "Sanjiang-Volat",
        "Zongshen-Gomselmash",
    ]


def test_exhibitor_list_filters_by_kind_and_search(client, world):
    assert names(client.get("/exhibitors/?kind=joint_venture")) == ["Zongshen-Gomselmash"]
    assert names(client.get("/exhibitors/?q=gomsel")) == ["Gomselmash", "Zongshen-Gomselmash"]


def test_exhibitor_list_sorts_by_name_descending(client, world):
    assert names(client.get("/exhibitors/?sort=-name"))[0] == "Zongshen-Gomselmash"


@pytest.mark.parametrize(
    "query",
    [
        "country=zz",
        "country=%00",
        "sector=no-such-sector",
        "sector=%00",
        "pavilion=nowhere",
        "exhibition=1999",
        "kind=spaceship",
        "sort=password",
    ],
)
def test_exhibitor_list_unknown_filter_value_gives_empty_list_with_message(client, world, query):
    response = client.get(f"/exhibitors/?{query}")
    assert response.status_code == 200
    assert names(response) == []
    assert "not in the directory" in response.content.decode()


@pytest.mark.parametrize("page", ["-1", "0", "abc", "999999", "%00"])
def test_exhibitor_list_bad_page_shows_a_page(client, world, page):
    response = client.get(f"/exhibitors/?page={page}")
    assert response.status_code == 200
    assert len(names(response)) == 4


def test_exhibitor_list_long_query_answers_normally(client, world):
    response = client.get("/exhibitors/", {"q": "x" * 10_000})
    assert response.status_code == 200
    assert names(response) == []


def test_exhibitor_list_pagination_keeps_filters(client, world, settings):
    for i in range(30):
        factories.exhibitor(name=f"Chinese Co {i:02d}", countries=("CN",))
    response = client.get("/exhibitors/?country=cn")
    assert response.context["paginator"].count == 33
    body = response.content.decode()
    assert 'href="?country=cn&amp;page=2"' in body
    page2 = client.get("/exhibitors/?country=cn&page=2")
    assert len(names(page2)) == 33 - 24


def test_exhibitor_detail_links_pavilion_countries_sectors_and_partners(client, world):
    response = client.get(world["jv"].get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="/pavilions/belarus/"' in body
    assert 'href="/countries/by/"' in body
    assert 'href="/countries/cn/"' in body
    assert 'href="/sectors/agricultural-machinery/"' in body
    assert f'href="{world["gomselmash"].get_absolute_url()}"' in body
    assert "Forage harvester" in body


def test_exhibitor_detail_partner_links_back(client, world):
    body = client.get(world["gomselmash"].get_absolute_url()).content.decode()
    assert f'href="{world["jv"].get_absolute_url()}"' in body


def test_exhibitor_detail_unpublished_is_404(client, world):
    hidden = factories.exhibitor(published=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_showcase_list_filters_by_kind_sector_and_exhibitor(client, world):
    assert names(client.get("/showcases/?kind=application")) == ["Robotaxi"]
    assert names(client.get("/showcases/?sector=agriculture")) == ["Forage harvester"]
    response = client.get(f"/showcases/?exhibitor={world['baidu'].slug}")
    assert names(response) == ["Robotaxi"]


def test_showcase_list_filters_by_country(client, world):
    assert names(client.get("/showcases/?country=by")) == ["Forage harvester"]


def test_showcase_list_hides_showcases_of_unpublished_exhibitors(client, world):
    world["baidu"].published = False
    world["baidu"].save()
    assert names(client.get("/showcases/")) == ["8K decoder", "Forage harvester"]


def test_showcase_detail_without_maker_says_so(client, world):
    decoder = world["jv"].showcases.model.objects.get(name="8K decoder")
    body = client.get(decoder.get_absolute_url()).content.decode()
    assert "Not named in the source" in body


def test_showcase_detail_links_exhibitor(client, world):
    harvester = world["jv"].showcases.get()
    body = client.get(harvester.get_absolute_url()).content.decode()
    assert f'href="{world["jv"].get_absolute_url()}"' in body
