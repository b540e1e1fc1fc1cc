"""The programme pages: grouping by day and time, filters and facets, bad input, one session."""

import datetime
import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def listed(response):
    """Session slugs in the order the page lists them."""
    return re.findall(
        r'class="result-list__name" href="/sessions/([^/]+)/"', response.content.decode()
    )


def groups(response):
    """``{day heading: [session slugs]}`` as the page groups them."""
    text = response.content.decode()
    found = {}
    for section in text.split('<section class="result-group"')[1:]:
        heading = re.search(r"<h3[^>]*>([^<]+)<", section).group(1).strip()
        found[heading] = re.findall(r'class="result-list__name" href="/sessions/([^/]+)/"', section)
    return found


def facet(response, name):
    return {
        o.value: o.count for f in response.context["facets"] if f.name == name for o in f.options
    }


def test_current_programme_lists_shipped_2022_sessions_under_day_not_published(
    client, shipped_data
):
    response = client.get("/programme/")
    assert response.status_code == 200
    assert groups(response) == {
        # By title: "A taste of Belarus", "Baidu's ...", "The forum ..."
        "Day not published": [
            "belarusian-pavilion-tasting-2022",
            "baidu-robotaxi-launch-2022",
            "sce-2022-forum",
        ]
    }
    text = response.content.decode()
    assert "<h4>Time not published</h4>" in text
    assert "<title>Smart China Expo 2022 programme · Expo Directory</title>" in text


def test_exhibition_programme_lists_its_own_sessions(client, shipped_data):
    response = client.get("/exhibitions/smart-china-expo-2021/programme/")
    assert response.status_code == 200
    assert listed(response) == ["china-sco-digital-economy-forum-2021"]
    assert '<a href="/people/nikolai-snopkov/"' in response.content.decode()


def test_exhibition_programme_unknown_exhibition_is_not_found(client, shipped_data):
    assert client.get("/exhibitions/no-such-expo/programme/").status_code == 404


def test_programme_groups_by_day_then_time_with_local_time_and_zone(client, programme):
    response = client.get(programme["exhibition"].get_absolute_url() + "programme/")
    assert groups(response) == {
        "Monday 22 August 2022": ["robot-workshop", "drone-talk"],
        "Tuesday 23 August 2022": ["food-launch"],
        "Day not published": ["big-forum"],
    }
    text = response.content.decode()
    assert "<h4>09:30–11:00 (UTC+08:00, Asia/Shanghai)</h4>" in text
    assert "<h4>14:00 (UTC+08:00, Asia/Shanghai)</h4>" in text
    assert "hidden" not in listed(response)


def test_programme_filters_narrow_the_list(client, programme):
    assert listed(client.get("/programme/?kind=talk")) == ["drone-talk"]
    # A parent sector covers its sub-sectors.
    assert listed(client.get("/programme/?sector=robotics")) == ["robot-workshop", "drone-talk"]
    assert listed(client.get("/programme/?sector=drones")) == ["drone-talk"]
    assert listed(client.get("/programme/?day=2022-08-23")) == ["food-launch"]
    assert listed(client.get("/programme/?day=unpublished")) == ["big-forum"]
    assert listed(client.get("/programme/?day=2022-08-22&kind=workshop")) == ["robot-workshop"]


def test_programme_facet_counts_apply_every_other_filter(client, programme):
    response = client.get("/programme/")
    assert facet(response, "kind") == {"talk": 1, "launch": 1, "forum": 1, "workshop": 1}
    assert facet(response, "sector") == {"robotics": 2, "drones": 1, "food": 1}
    assert facet(response, "day") == {"2022-08-22": 2, "2022-08-23": 1, "unpublished": 1}

    response = client.get("/programme/?day=2022-08-22")
    assert facet(response, "kind") == {"talk": 1, "workshop": 1}
    assert facet(response, "sector") == {"robotics": 2, "drones": 1}
    # The day facet ignores its own filter, so the other days stay on offer.
    assert facet(response, "day") == {"2022-08-22": 2, "2022-08-23": 1, "unpublished": 1}


def test_programme_facet_links_toggle_their_option(client, programme):
    response = client.get("/programme/?kind=talk")
    kind = next(f for f in response.context["facets"] if f.name == "kind")
    options = {o.value: (o.selected, o.query) for o in kind.options}
    assert options["talk"] == (True, "")
    assert options["forum"] == (False, "kind=forum")


@pytest.mark.parametrize(
    "query", ["kind=spaceship", "day=tomorrow", "day=20220822", "day=2022-02-30", "sector=%00"]
)
def test_programme_invalid_value_gives_empty_list_with_message(client, programme, query):
    response = client.get(f"/programme/?{query}")
    assert response.status_code == 200
    assert listed(response) == []
    assert "are not valid" in response.content.decode()


@pytest.mark.parametrize("query", ["sector=nowhere", "day=2022-08-24", "kind=tasting"])
def test_programme_unknown_value_gives_empty_list_with_way_out(client, programme, query):
    response = client.get(f"/programme/?{query}")
    assert response.status_code == 200
    assert listed(response) == []
    text = response.content.decode()
    assert "No session matches this filter" in text
    assert "(4 sessions then)" in text


def test_programme_empty_says_so_plainly(client):
    expo = factories.exhibition(slug="quiet-expo", name="Quiet Expo")
    response = client.get("/exhibitions/quiet-expo/programme/")
    assert response.status_code == 200
    assert "No session of Quiet Expo has been published yet." in response.content.decode()
    assert response.context["exhibition"] == expo


def test_current_programme_without_any_exhibition_says_so(client, db):
    response = client.get("/programme/")
    assert response.status_code == 200
    assert "No exhibition has been published yet" in response.content.decode()
    assert client.get("/programme.ics").status_code == 404


def test_programme_links_to_its_calendar_with_its_filters(client, programme):
    text = client.get("/exhibitions/expo-2022/programme/?kind=talk").content.decode()
    assert 'href="/exhibitions/expo-2022/programme.ics?kind=talk"' in text
    text = client.get("/programme/").content.decode()
    assert 'href="/programme.ics"' in text


def test_site_navigation_links_to_the_programme(client, programme):
    def header(url):
        text = client.get(url).content.decode()
        return text[text.index('<header class="site-header">') : text.index("</header>")]

    # The wide navigation and the phone menu, the current page marked in both.
    assert (
        header("/programme/").count('<a href="/programme/" aria-current="page">Programme</a>') == 2
    )
    assert header("/").count('<a href="/programme/">Programme</a>') == 2


# One session.


def test_session_page_shows_time_place_people_organisations_and_showcases(client, programme):
    talk = programme["talk"]
    speaker = factories.person(slug="li-wei", name="Li Wei", role="Chief engineer")
    factories.session_person(talk, speaker, role="speaker", note="Opened the talk.")
    factories.session_person(talk, factories.person(slug="ann", name="Ann"), role="participant")
    source = factories.source(title="Daily report", url="https://news.example.org/report")
    maker = factories.exhibitor(slug="drone-co", name="Drone Co")
    factories.participation(talk, maker, role="Its engineers spoke.", sources=[source])
    factories.participation(talk, factories.exhibitor(name="Hidden Co", published=False))
    showcase = factories.showcase(programme["exhibition"], maker, name="Crop drone")
    talk.showcases.add(showcase)
    talk.sources.add(source)

    response = client.get("/sessions/drone-talk/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<dt>Time</dt><dd>09:30–11:00 (UTC+08:00, Asia/Shanghai)</dd>" in text
    assert "<dt>Day</dt><dd>Monday 22 August 2022</dd>" in text
    assert '<a href="/pavilions/belarus/">Belarus Pavilion</a>' in text
    assert '<a href="/people/li-wei/"><strong>Li Wei</strong></a>, Chief engineer' in text
    assert "Opened the talk." in text
    assert '<h2 id="participants-heading">Participants' in text
    assert '<a href="/people/ann/">' in text
    assert '<a href="/exhibitors/drone-co/">Drone Co</a>' in text
    assert "Its engineers spoke." in text
    assert "Hidden Co" not in text
    assert f'href="{showcase.get_absolute_url()}"' in text
    assert 'href="https://news.example.org/report"' in text
    assert 'href="/sessions/drone-talk.ics"' in text
    assert 'href="/exhibitions/expo-2022/programme/">← Programme of Expo 2022' in text


def test_session_page_without_day_or_time_says_so(client, shipped_data):
    response = client.get("/sessions/sce-2022-forum/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<dt>Day</dt><dd><span class="muted">Day not published</span></dd>' in text
    assert '<dt>Time</dt><dd><span class="muted">Time not published</span></dd>' in text
    assert '<a href="/exhibitors/huawei/"' in text
    assert "Notes on sources" in text
    assert '<a href="/people/konstantin-novoselov/"' in text


def test_session_page_links_its_pavilion_in_the_shipped_data(client, shipped_data):
    text = client.get("/sessions/belarusian-pavilion-tasting-2022/").content.decode()
    assert 'href="/pavilions/belarus-pavilion-sce-2022/"' in text


def test_unpublished_or_unknown_session_is_not_found(client, programme):
    assert client.get("/sessions/hidden/").status_code == 404
    assert client.get("/sessions/no-such-session/").status_code == 404


def test_sessions_at_the_same_time_are_in_title_order_in_the_pages_language(client):
    """By the title the page shows: the Russian one, else the English one (not by the Russian
    column alone, which puts every untranslated title first)."""
    expo = factories.exhibition(slug="order-expo")
    day = datetime.date(2022, 8, 22)
    factories.session(
        expo, slug="zebra", title="Zebra forum", title_en="Zebra forum", title_ru="Alpha ru",
        date=day,
    )  # fmt: skip
    factories.session(expo, slug="beta", title="Beta talk", title_en="Beta talk", date=day)

    def order(prefix):
        response = client.get(f"{prefix}/exhibitions/order-expo/programme/")
        assert response.status_code == 200
        return re.findall(
            r'result-list__name" href="[^"]*/sessions/([^/]+)/"', response.content.decode()
        )

    assert order("") == ["beta", "zebra"]
    assert order("/ru") == ["zebra", "beta"]
