"""The people pages: the list of everyone named, and one person's sessions, quotes and sources."""

import re

import pytest
from django.core.cache import cache

from tests import factories
from tests.json_ld import get_page, one, problems
from tests.querycount import queries_for

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
FEW, MANY, MAXIMUM = 3, 40, 12

SHIPPED_PEOPLE = [
    "Aleksandr Lukashenko",
    "Dmitry Yemelyanov",
    "Jack Dongarra",
    "Konstantin Novoselov",
    "Nikolai Snopkov",
    "Xi Jinping",
    "Yuri Sivakov",
]


def text(html):
    """The page's visible text, tags removed and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def listed_names(body):
    return re.findall(r'<li><strong><a href="/people/[^"]+/"[^>]*>([^<]+)</a>', body)


def test_person_list_shows_the_shipped_people_by_name(client, shipped_data):
    body = client.get("/people/").content.decode()
    assert listed_names(body) == SHIPPED_PEOPLE
    assert '<a href="/people/nikolai-snopkov/">Nikolai Snopkov</a>' in body
    assert '<a href="/exhibitors/gomselmash/">Gomselmash</a>' in body


def test_person_list_counts_sessions_and_quotes(client, shipped_data):
    page = text(client.get("/people/").content.decode())
    assert "Nikolai Snopkov , First Deputy Prime Minister of Belarus · Belarus 1 session" in page
    assert "Zongshen-Gomselmash 3 quotes" in page


def test_person_list_search_narrows_and_keeps_order_by_name(client, shipped_data):
    body = client.get("/people/?q=president").content.decode()
    assert listed_names(body) == ["Aleksandr Lukashenko", "Xi Jinping"]
    assert listed_names(client.get("/people/?q=snopkov").content.decode()) == ["Nikolai Snopkov"]


def test_person_list_search_without_match_says_so(client, shipped_data):
    body = client.get("/people/?q=zzzz").content.decode()
    assert listed_names(body) == []
    assert "Nobody matches “zzzz”." in body


def test_person_list_paginates(client, settings):
    for n in range(settings.DIRECTORY_PAGE_SIZE + 1):
        factories.person(name=f"Person {n:02d}")
    first = client.get("/people/").content.decode()
    second = client.get("/people/?page=2").content.decode()
    assert len(listed_names(first)) == settings.DIRECTORY_PAGE_SIZE
    assert listed_names(second) == [f"Person {settings.DIRECTORY_PAGE_SIZE:02d}"]
    assert "Page 2 of 2" in second


def test_person_detail_shows_the_session_and_links_to_it(client, shipped_data):
    body = client.get("/people/nikolai-snopkov/").content.decode()
    assert '<a href="/sessions/china-sco-digital-economy-forum-2021/">' in body
    page = text(body)
    assert (
        "China-SCO Forum on the Digital Economy Industry Speaker · Forum · Smart China Expo 2021 "
        "Spoke at the opening, according to the consul general."
    ) in page
    assert "First Deputy Prime Minister of Belarus" in page
    assert "Notes on sources" in page


def test_session_page_links_its_speaker_back_to_the_person_page(client, shipped_data):
    body = client.get("/sessions/china-sco-digital-economy-forum-2021/").content.decode()
    assert 'href="/people/nikolai-snopkov/"' in body


def test_person_detail_shows_quotes_whole_and_links_organisations(client, shipped_data):
    body = client.get("/people/yuri-sivakov/").content.decode()
    assert '<a href="/exhibitors/gomselmash/">Gomselmash</a>' in body
    assert '<a href="/exhibitors/zongshen-gomselmash/">Zongshen-Gomselmash</a>' in body
    assert body.count('<figure class="quote" id="quote-sivakov-') == 3
    assert 'id="quote-sivakov-about-300-combines"' in body
    page = text(body)
    assert (
        "Over the past period, we have supplied about 300 units of Belarusian-Chinese combines to "
        "the Chinese market. This is mainly forage harvesting and corn harvesting equipment. "
        "Speaking to SB. Belarus Segodnya about the Zongshen-Gomselmash joint venture. "
        "In the global technological stream"
    ) in page
    assert "Named with Smart China Expo 2022" in page
    assert "No session of the programme names Yuri Sivakov." in page


def test_person_detail_quote_with_a_day_gives_it(client, shipped_data):
    page = text(client.get("/people/aleksandr-lukashenko/").content.decode())
    assert "Meeting on improving advertising and exhibition activities, 13 June 2022." in page


def test_person_detail_unknown_slug_is_not_found(client, shipped_data):
    assert client.get("/people/no-such-person/").status_code == 404


def test_person_detail_leaves_out_unpublished_sessions_and_organisations(client):
    expo = factories.exhibition()
    speaker = factories.person(name="Speaker")
    shown = factories.session(expo, slug="shown", title="Shown talk")
    hidden = factories.session(expo, slug="hidden", title="Hidden talk", published=False)
    factories.session_person(shown, speaker)
    factories.session_person(hidden, speaker)
    factories.exhibitor(name="Public Co").people.add(speaker)
    factories.exhibitor(name="Secret Co", published=False).people.add(speaker)
    body = client.get(speaker.get_absolute_url()).content.decode()
    assert "Shown talk" in body
    assert "Hidden talk" not in body
    assert "Public Co" in body
    assert "Secret Co" not in body
    listed = text(client.get("/people/").content.decode())
    assert "Speaker With Public Co 1 session" in listed


def test_person_json_ld_is_valid_and_names_role_country_and_employer(client, shipped_data):
    page = get_page(client, "/people/yuri-sivakov/")
    assert [problems(block) for block in page.json_ld] == [[] for _ in page.json_ld]
    person = one(page, "Person")
    assert person["@id"] == f"{ORIGIN}/people/yuri-sivakov/#person"
    assert person["url"] == f"{ORIGIN}/people/yuri-sivakov/"
    assert person["jobTitle"].endswith(", Gomselmash")
    assert person["nationality"] == {"@type": "Country", "name": "Belarus", "identifier": "BY"}
    # His role names Gomselmash; he speaks for the joint venture but is not said to work for it.
    assert [org["@id"] for org in person["worksFor"]] == [
        f"{ORIGIN}/exhibitors/gomselmash/#organization"
    ]
    quotations = page.of_type("Quotation")
    assert len(quotations) == 3
    assert {q["creator"]["@id"] for q in quotations} == {person["@id"]}


def test_person_json_ld_lists_sessions_as_performer_in(client, shipped_data):
    page = get_page(client, "/people/nikolai-snopkov/")
    person = one(page, "Person")
    assert person["performerIn"] == [
        {
            "@type": "Event",
            "@id": f"{ORIGIN}/sessions/china-sco-digital-economy-forum-2021/#event",
            "name": "China-SCO Forum on the Digital Economy Industry",
            "url": f"{ORIGIN}/sessions/china-sco-digital-economy-forum-2021/",
        }
    ]
    assert "worksFor" not in person


def test_person_list_json_ld_lists_people_pages(client, shipped_data):
    page = get_page(client, "/people/")
    (people,) = page.of_type("ItemList")
    assert people["numberOfItems"] == len(SHIPPED_PEOPLE)
    assert people["itemListElement"][0]["url"] == f"{ORIGIN}/people/aleksandr-lukashenko/"


def test_people_named_on_other_pages_link_to_their_pages(client, shipped_data):
    pavilion = client.get("/pavilions/belarus-pavilion-sce-2022/").content.decode()
    assert '<a href="/people/dmitry-yemelyanov/">Dmitry Yemelyanov</a>' in pavilion
    exhibition = client.get("/exhibitions/smart-china-expo-2022/").content.decode()
    assert '<a href="/people/konstantin-novoselov/">Konstantin Novoselov</a>' in exhibition
    # A quote's caption names who said it, with a link.
    assert '<figcaption><a href="/people/yuri-sivakov/">Yuri Sivakov</a>' in exhibition


def grow(world, size):
    """``size`` more people, each with a country, an organisation, a session, a quote, an
    exhibition, a pavilion and a source; and as much again for ``world["star"]``."""
    expo, pavilion = world["exhibition"], world["pavilion"]
    star = world["star"]
    for _ in range(size):
        src = factories.source()
        organisation = factories.exhibitor()
        session = factories.session(expo)
        for who in (factories.person(country=factories.country("BY")), star):
            who.sources.add(src)
            who.exhibitions.add(expo, factories.exhibition())
            pavilion.people.add(who)
            organisation.people.add(who)
            factories.session_person(session, who, note="Spoke.")
            factories.quote(who, src, exhibition=expo)


def count_pages(client, world):
    counts = {}
    for url in (
        "/people/",
        "/people/?q=Person",
        "/people/?page=2",
        world["star"].get_absolute_url(),
    ):
        cache.clear()  # count the uncached page
        counts[url] = queries_for(client, url)
    return counts


def test_people_pages_query_count_constant_with_few_and_many_rows(client):
    expo = factories.exhibition()
    world = {
        "exhibition": expo,
        "pavilion": factories.pavilion(expo),
        "star": factories.person(name="Star", country=factories.country("CN")),
    }
    grow(world, FEW)
    few = count_pages(client, world)
    grow(world, MANY - FEW)
    many = count_pages(client, world)
    assert few == many
    assert {url: count for url, count in many.items() if count > MAXIMUM} == {}
