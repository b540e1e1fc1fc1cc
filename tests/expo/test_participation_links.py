"""Profiles, pavilion, showcase, country and exhibition pages link to the sessions and
participations of the programme, each with its sources; search finds sessions and people."""

import html
import re

import pytest

from tests import factories
from tests.json_ld import get_page, one, problems
from tests.querycount import queries_per_page

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
ARTICLE = "In the global technological stream"
FEW, MANY, MAXIMUM = 2, 30, 12


def text(body):
    """The page's main content as visible text, tags removed and white space collapsed."""
    main = body[body.index("<main") : body.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return text(response.content.decode())


def taking_part(client, slug):
    """The "Taking part" section of an exhibitor's profile, as text."""
    page = page_text(client, f"/exhibitors/{slug}/")
    return page[page.index("Taking part") : page.index("Details")]


@pytest.mark.parametrize("slug", ["huawei", "alibaba", "changan"])
def test_forum_company_shows_its_forum_participation_with_source_and_no_stand(
    client, shipped_data, slug
):
    section = taking_part(client, slug)
    assert section.startswith(
        "Taking part Smart China Expo 2022 Took part in a session: The forum of Smart China Expo "
        "2022 — Its leaders were among those the forum brought together. "
        f"Source: {ARTICLE} , SB. Belarus Segodnya"
    )
    assert "Stand" not in section
    body = client.get(f"/exhibitors/{slug}/").content.decode()
    assert '<a href="/sessions/sce-2022-forum/">The forum of Smart China Expo 2022</a>' in body


def test_baidu_profile_shows_its_launch_with_both_sources(client, shipped_data):
    section = taking_part(client, "baidu")
    assert section.startswith(
        "Taking part Smart China Expo 2022 Launch: Baidu's fully driverless robotaxis on public "
        "roads — Timed the launch"
    )
    assert f"Sources: {ARTICLE} , SB. Belarus Segodnya; China" in section


def test_part_of_a_pavilion_and_a_stand_in_it_read_differently(client, shipped_data):
    assert "Part of the Belarusian pavilion Source:" in taking_part(
        client, "great-stone-industrial-park"
    )
    assert "Stand in the Belarusian pavilion (stand number not published) Source:" in taking_part(
        client, "zongshen-gomselmash"
    )


def test_pavilion_organiser_shows_organising_and_its_session(client, shipped_data):
    section = taking_part(client, "consulate-general-of-belarus-in-chongqing")
    assert "Organiser of the Belarusian pavilion — Organised the Belarusian pavilion" in section
    assert "Took part in a session: A taste of Belarus: meat and confectionery" in section


def test_exhibitor_with_nothing_recorded_says_so(client):
    maker = factories.exhibitor(name="Quiet Co")
    assert "No stand or other participation is recorded." in taking_part(client, maker.slug)


def test_exhibitor_json_ld_events_stay_the_stands_only(client, shipped_data):
    """A company whose leaders spoke at the forum did not thereby have a stand."""
    huawei = one(get_page(client, "/exhibitors/huawei/"), "Organization")
    assert "event" not in huawei
    venture = one(get_page(client, "/exhibitors/zongshen-gomselmash/"), "Organization")
    assert [event["name"] for event in venture["event"]] == ["Smart China Expo 2022"]


def test_pavilion_shows_its_tasting_and_its_organiser_with_source(client, shipped_data):
    body = client.get("/pavilions/belarus-pavilion-sce-2022/").content.decode()
    assert (
        '<a href="/sessions/belarusian-pavilion-tasting-2022/">'
        "A taste of Belarus: meat and confectionery</a>"
    ) in body
    page = text(body)
    assert (
        "Organiser Consulate General of Belarus in Chongqing Organised the Belarusian pavilion "
        f"together with partner companies. Source: {ARTICLE} , SB. Belarus Segodnya"
    ) in page
    # Exhibitors come from the stands of both kinds, as before.
    assert "China-Belarus Great Stone Industrial Park" in page
    assert "Zongshen-Gomselmash" in page


def test_country_page_shows_sessions_in_its_pavilions(client, shipped_data):
    page = page_text(client, "/countries/by/")
    assert (
        "In the programme Sessions held in the pavilions of Belarus. "
        "A taste of Belarus: meat and confectionery Tasting · Smart China Expo 2022 · "
        "day not published · in the Belarusian pavilion"
    ) in page
    assert "Tasting" not in page_text(client, "/countries/cn/")


def test_exhibition_names_its_organisers_with_sources(client, shipped_data):
    body = client.get("/exhibitions/smart-china-expo-2018/").content.decode()
    for slug in (
        "state-council-of-china",
        "national-development-and-reform-commission",
        "ministry-of-science-and-technology-of-china",
    ):
        assert f'<a href="/exhibitors/{slug}/">' in body
    page = text(body)
    assert (
        "State Council of China The expo's appearance in 2018 became possible on its initiative, "
        f"the article says. Source: {ARTICLE} , SB. Belarus Segodnya"
    ) in page


def test_exhibition_json_ld_names_organisers_as_their_profiles(client, shipped_data):
    page = get_page(client, "/exhibitions/smart-china-expo-2018/")
    event = one(page, "ExhibitionEvent")
    assert problems(event) == []
    assert [(org["@type"], org["@id"]) for org in event["organizer"]] == [
        (
            "GovernmentOrganization",
            f"{ORIGIN}/exhibitors/ministry-of-science-and-technology-of-china/#organization",
        ),
        (
            "GovernmentOrganization",
            f"{ORIGIN}/exhibitors/national-development-and-reform-commission/#organization",
        ),
        ("GovernmentOrganization", f"{ORIGIN}/exhibitors/state-council-of-china/#organization"),
    ]


def test_exhibition_without_organisers_says_so_and_names_none(client, shipped_data):
    page = page_text(client, "/exhibitions/smart-china-expo-2022/")
    assert "Organisers The organisers of this edition are not given in our sources." in page
    event = one(get_page(client, "/exhibitions/smart-china-expo-2022/"), "ExhibitionEvent")
    assert "organizer" not in event


def test_exhibition_shows_programme_highlights_and_links_to_the_full_programme(
    client, shipped_data
):
    body = client.get("/exhibitions/smart-china-expo-2022/").content.decode()
    assert '<a href="/sessions/sce-2022-forum/">The forum of Smart China Expo 2022</a>' in body
    assert '<a href="/exhibitions/smart-china-expo-2022/programme/">Full programme</a>' in body


def test_exhibition_highlights_at_most_four_published_sessions_in_order(client):
    expo = factories.exhibition()
    for n in range(6):
        factories.session(expo, title=f"Talk {n}")
    factories.session(expo, title="Hidden talk", published=False)
    body = client.get(expo.get_absolute_url()).content.decode()
    assert re.findall(r'<a href="/sessions/[^"]+/">([^<]+)</a>', body) == [
        "Talk 0",
        "Talk 1",
        "Talk 2",
        "Talk 3",
    ]


def test_search_finds_sessions_as_their_own_group(client, shipped_data):
    body = client.get("/search/?q=forum").content.decode()
    assert "Sessions (2)" in body
    assert '<a class="result-list__name" href="/sessions/sce-2022-forum/">' in body
    assert (
        '<a class="result-list__name" href="/sessions/china-sco-digital-economy-forum-2021/">'
        in (body)
    )


def test_search_finds_a_person_and_links_to_their_page(client, shipped_data):
    body = client.get("/search/?q=snopkov").content.decode()
    assert "People (1)" in body
    assert '<a class="result-list__name" href="/people/nikolai-snopkov/">' in body


def test_search_leaves_out_unpublished_sessions(client):
    expo = factories.exhibition()
    factories.session(expo, title="Hidden harvest talk", published=False)
    assert "Hidden harvest talk" not in client.get("/search/?q=harvest").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/exhibitors/huawei/",
        "/exhibitors/consulate-general-of-belarus-in-chongqing/",
        "/pavilions/belarus-pavilion-sce-2022/",
        "/countries/by/",
        "/exhibitions/smart-china-expo-2018/",
        "/exhibitions/smart-china-expo-2022/",
        "/search/?q=forum",
    ],
)
def test_changed_pages_carry_valid_json_ld(client, shipped_data, url):
    blocks = get_page(client, url).json_ld
    assert [problems(block) for block in blocks] == [[] for _ in blocks]


# Query-count guards: the changed pages cost the same with few and many sessions and
# participations.


def grow(world, size):
    """``size`` more sessions in the pavilion, about the showcase, with the exhibitor taking part
    (a session and a launch), and organisers of the pavilion and the edition."""
    expo, pavilion = world["exhibition"], world["pavilion"]
    for _ in range(size):
        src = factories.source()
        session = factories.session(expo, pavilion=pavilion)
        session.showcases.add(world["showcase"])
        session.sources.add(src)
        factories.participation(session, world["exhibitor"], sources=[src])
        factories.participation(session, world["exhibitor"], kind="launch", sources=[src])
        factories.organiser(factories.exhibitor(), expo, pavilion, sources=[src])
        factories.organiser(factories.exhibitor(), expo, sources=[src])
        other = factories.exhibition()
        factories.stand(world["exhibitor"], other).sources.add(src)
        factories.organiser(world["exhibitor"], other, sources=[src])


PAGES = {
    "exhibitor": lambda w: w["exhibitor"].get_absolute_url(),
    "pavilion": lambda w: w["pavilion"].get_absolute_url(),
    "showcase": lambda w: w["showcase"].get_absolute_url(),
    "country": lambda w: "/countries/by/",
    "exhibition": lambda w: w["exhibition"].get_absolute_url(),
    "search": lambda w: "/search/?q=Session",
}


def count_pages(client, world):
    return queries_per_page(client, world, PAGES)


def test_changed_pages_query_count_constant_with_few_and_many_rows(client):
    world = factories.directory(FEW)
    grow(world, FEW)
    few = count_pages(client, world)
    grow(world, MANY - FEW)
    many = count_pages(client, world)
    assert few == many
    assert {name: count for name, count in many.items() if count > MAXIMUM} == {}
