"""My visit without JavaScript: plain GETs and POSTs, as a browser with scripts off sends them."""

import re

import pytest
from django.conf import settings
from django.test import Client
from icalendar import Calendar

from tests import factories
from visits.models import Item, Plan, key_digest

SAVE = "/my-visit/save/"
REMOVE = "/my-visit/remove/"
STATE = "/my-visit/state.json"


def save(client, kind, slug, **extra):
    return client.post(SAVE, {"kind": kind, "slug": slug, **extra})


def saved_keys(client):
    return client.get(STATE).json()["items"]


def plan_of(client):
    return Plan.objects.for_key(client.cookies[settings.VISIT_COOKIE].value).get()


def test_save_page_without_javascript_names_the_item_and_posts_with_csrf(client, fair):
    response = client.get(SAVE, {"kind": "exhibitor", "slug": "alpha", "next": "/exhibitors/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alpha" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert re.search(r'<form method="post" action="/my-visit/save/">', html)
    assert response["Cache-Control"].startswith("max-age=0")
    assert "private" in response["Cache-Control"]
    assert Plan.objects.count() == 0  # looking is not saving


def test_save_post_starts_a_plan_sets_a_safe_cookie_and_lists_the_item(client, fair):
    response = save(client, "exhibitor", "alpha", next="/exhibitors/")
    assert response.status_code == 303
    assert response["Location"] == "/my-visit/?saved=1&next=%2Fexhibitors%2F"
    cookie = response.cookies[settings.VISIT_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["secure"] is True  # DEBUG is off in the tests, as in production
    assert cookie["max-age"] == settings.VISIT_KEEP_DAYS * 24 * 3600
    key = cookie.value
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", key)  # 256 random bits
    plan = Plan.objects.get()
    assert plan.key_digest == key_digest(key) != key  # the key itself is not stored
    assert plan.share_token != key
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Saved to your visit." in html
    assert 'href="/exhibitors/"' in html
    assert 'href="/exhibitors/alpha/">Alpha</a>' in html


def test_two_visitors_get_two_plans_with_different_keys(fair):
    first, second = Client(), Client()
    save(first, "exhibitor", "alpha")
    save(second, "exhibitor", "beta")
    assert first.cookies[settings.VISIT_COOKIE].value != second.cookies[settings.VISIT_COOKIE].value
    assert saved_keys(first) == ["exhibitor:alpha"]
    assert saved_keys(second) == ["exhibitor:beta"]


def test_saving_twice_keeps_one_item(client, fair):
    save(client, "exhibitor", "alpha")
    save(client, "exhibitor", "alpha")
    assert Item.objects.count() == 1


def test_remove_post_takes_the_item_out(client, fair):
    save(client, "exhibitor", "alpha")
    save(client, "session", "forum")
    response = client.post(REMOVE, {"kind": "exhibitor", "slug": "alpha"})
    assert response.status_code == 303
    assert response["Location"] == "/my-visit/?removed=1"
    assert saved_keys(client) == ["session:forum"]


def test_json_save_and_remove_answer_the_count(client, fair):
    accept = {"HTTP_ACCEPT": "application/json"}
    response = client.post(SAVE, {"kind": "showcase", "slug": "gamma-robot"}, **accept)
    assert response.json() == {"item": "showcase:gamma-robot", "saved": True, "count": 1}
    response = client.post(REMOVE, {"kind": "showcase", "slug": "gamma-robot"}, **accept)
    assert response.json() == {"item": "showcase:gamma-robot", "saved": False, "count": 0}


def test_state_gives_a_visitor_without_a_plan_a_token_and_nothing_saved(client, fair):
    response = client.get(STATE)
    data = response.json()
    assert data["items"] == []
    assert data["count"] == 0
    assert data["limit"] == 500
    assert len(data["csrfToken"]) == 64
    assert "no-store" in response["Cache-Control"]
    assert Plan.objects.count() == 0  # reading the state starts no plan


def test_a_post_without_the_csrf_token_is_refused_and_starts_no_plan(fair):
    client = Client(enforce_csrf_checks=True)
    response = save(client, "exhibitor", "alpha")
    assert response.status_code == 403
    assert Plan.objects.count() == 0


def test_the_token_from_state_lets_a_script_save(fair):
    client = Client(enforce_csrf_checks=True)
    token = client.get(STATE).json()["csrfToken"]
    response = client.post(
        SAVE,
        {"kind": "exhibitor", "slug": "alpha"},
        HTTP_ACCEPT="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    assert saved_keys(client) == ["exhibitor:alpha"]


def test_a_form_of_another_plan_is_refused_with_403_and_changes_nothing(fair):
    owner, other = Client(), Client()
    save(owner, "exhibitor", "alpha")
    save(other, "exhibitor", "beta")
    foreign = plan_of(owner).share_token
    response = other.post(REMOVE, {"kind": "exhibitor", "slug": "beta", "plan": foreign})
    assert response.status_code == 403
    assert "another visit plan" in response.content.decode()
    response = other.post(SAVE, {"kind": "exhibitor", "slug": "gamma", "plan": foreign})
    assert response.status_code == 403
    assert saved_keys(other) == ["exhibitor:beta"]
    assert saved_keys(owner) == ["exhibitor:alpha"]


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"kind": "spaceship", "slug": "alpha"}, 400),
        ({"kind": "exhibitor", "slug": "al\x00pha"}, 400),
        ({"kind": "exhibitor", "slug": "a" * 5000}, 400),
        ({"kind": "exhibitor", "slug": "../../etc"}, 400),
        ({"kind": "exhibitor"}, 400),
        ({"kind": "exhibitor", "slug": "alpha", "plan": "short"}, 400),
        ({"kind": "exhibitor", "slug": "alpha", "plan": "x" * 10_000}, 400),
        ({"kind": "exhibitor", "slug": "no-such-exhibitor"}, 404),
        ({"kind": "session", "slug": "alpha"}, 404),
        ({"kind": "exhibitor", "slug": "alpha", "next": "x" * 5000}, 400),
    ],
)
def test_bad_input_is_answered_with_a_message_and_changes_no_plan(client, fair, data, status):
    save(client, "exhibitor", "beta")
    for url in (SAVE, REMOVE):
        response = client.post(url, data)
        assert response.status_code == status
        assert "Nothing changed" in response.content.decode()
        json = client.post(url, data, HTTP_ACCEPT="application/json")
        assert json.status_code == status
        assert json.json()["error"]
    assert client.get(SAVE, data).status_code == status
    assert saved_keys(client) == ["exhibitor:beta"]
    assert Plan.objects.count() == 1


def test_an_unpublished_item_cannot_be_saved_and_leaves_the_plan_when_hidden(client, fair):
    save(client, "exhibitor", "alpha")
    save(client, "exhibitor", "beta")
    beta = fair["exhibitors"]["beta"]
    beta.published = False
    beta.save()
    assert save(client, "exhibitor", "beta").status_code == 404
    html = client.get("/my-visit/").content.decode()
    assert "Alpha" in html
    assert "Beta" not in html


def test_methods_other_than_post_are_refused_on_the_writing_urls(client, fair):
    assert client.get(REMOVE).status_code == 405
    assert client.put(SAVE).status_code == 405
    assert client.post(STATE).status_code == 405
    assert client.post("/my-visit/").status_code == 405


def test_the_501st_item_is_refused_with_a_message(client, fair):
    save(client, "exhibitor", "alpha")
    plan = plan_of(client)
    ex = fair["exhibition"]
    showcases = [factories.showcase(ex, slug=f"bulk-{i}") for i in range(500)]
    Item.objects.bulk_create(
        Item(plan=plan, kind="showcase", showcase=showcase) for showcase in showcases[:499]
    )
    assert plan.items.count() == 500
    response = save(client, "showcase", showcases[499].slug)
    assert response.status_code == 400
    assert "the most it can hold (500)" in response.content.decode()
    assert plan.items.count() == 500
    json = client.post(
        SAVE, {"kind": "showcase", "slug": showcases[499].slug}, HTTP_ACCEPT="application/json"
    )
    assert json.status_code == 400
    assert "the most it can hold (500)" in json.json()["error"]
    # Removing one makes room again.
    client.post(REMOVE, {"kind": "exhibitor", "slug": "alpha"})
    assert save(client, "showcase", showcases[499].slug).status_code == 303
    assert plan.items.count() == 500


def test_shared_link_shows_a_read_only_copy_with_a_copy_button(fair):
    owner, friend = Client(), Client()
    save(owner, "exhibitor", "alpha")
    save(owner, "session", "forum")
    token = plan_of(owner).share_token
    response = friend.get(f"/my-visit/{token}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alpha" in html and "Forum" in html
    assert "Copy to my visit" in html
    assert "remove-form" not in html
    assert '<meta name="robots" content="noindex">' in html
    own = owner.get(f"/my-visit/{token}/").content.decode()
    assert "This is your own visit" in own


@pytest.mark.parametrize(
    "path",
    [
        "/my-visit/" + "A" * 43 + "/",
        "/my-visit/" + "A" * 43 + ".ics",
        "/my-visit/" + "A" * 43 + "/print/",
        "/my-visit/short/",
        "/my-visit/" + "A" * 44 + "/",
        "/my-visit/%00" + "A" * 42 + "/",
    ],
)
def test_unknown_or_malformed_share_tokens_are_404(client, fair, path):
    assert client.get(path).status_code == 404


def test_copy_adds_the_shared_items_to_ones_own_plan_and_leaves_the_source(fair):
    owner, friend = Client(), Client()
    save(owner, "exhibitor", "alpha")
    save(owner, "session", "forum")
    save(friend, "exhibitor", "alpha")
    save(friend, "exhibitor", "zeta")
    token = plan_of(owner).share_token
    response = friend.post(f"/my-visit/{token}/copy/")
    assert response.status_code == 303
    assert response["Location"] == "/my-visit/?copied=1"
    assert sorted(saved_keys(friend)) == ["exhibitor:alpha", "exhibitor:zeta", "session:forum"]
    assert sorted(saved_keys(owner)) == ["exhibitor:alpha", "session:forum"]
    assert "1 item copied into your visit." in friend.get(response["Location"]).content.decode()


def test_copy_into_a_browser_without_a_plan_starts_one(fair):
    owner, friend = Client(), Client()
    save(owner, "exhibitor", "alpha")
    friend.post(f"/my-visit/{plan_of(owner).share_token}/copy/")
    assert saved_keys(friend) == ["exhibitor:alpha"]
    assert Plan.objects.count() == 2


def test_copy_past_the_limit_copies_nothing(fair, settings):
    settings.VISIT_MAX_ITEMS = 3
    owner, friend = Client(), Client()
    for slug in ("alpha", "beta"):
        save(owner, "exhibitor", slug)
    for slug in ("gamma", "zeta"):
        save(friend, "exhibitor", slug)
    response = friend.post(f"/my-visit/{plan_of(owner).share_token}/copy/")
    assert response.status_code == 400
    assert "nothing was copied" in response.content.decode()
    assert sorted(saved_keys(friend)) == ["exhibitor:gamma", "exhibitor:zeta"]


def test_copy_of_an_unknown_plan_is_404_and_get_is_405(client, fair):
    assert client.post("/my-visit/" + "B" * 43 + "/copy/").status_code == 404
    assert Plan.objects.count() == 0
    save(client, "exhibitor", "alpha")
    assert client.get(f"/my-visit/{plan_of(client).share_token}/copy/").status_code == 405


def test_calendar_holds_the_saved_sessions_in_local_time(client, fair):
    save(client, "session", "forum")
    save(client, "session", "tasting")
    save(client, "exhibitor", "alpha")
    response = client.get(f"/my-visit/{plan_of(client).share_token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Forum", "Tasting"]
    forum = next(e for e in events if str(e["SUMMARY"]) == "Forum")
    assert forum["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert forum.decoded("DTSTART").hour == 9


def test_route_runs_by_hall_then_natural_stand_code(client, fair):
    for slug in ("zeta", "alpha", "beta", "gamma", "omega"):
        save(client, "exhibitor", slug)
    save(client, "showcase", "gamma-robot")
    save(client, "showcase", "nameless")
    html = client.get("/my-visit/").content.decode()
    order = [html.index(f'href="/exhibitors/{slug}/"') for slug in ("beta", "gamma", "alpha")]
    assert order == sorted(order)  # N-2, N-3, N-12 in hall N
    assert html.index("/exhibitors/alpha/") < html.index("/exhibitors/zeta/")  # hall N, then S
    assert html.index("/exhibitors/zeta/") < html.index("/exhibitors/omega/")  # placed first
    assert "Stand position not published" in html
    # The showcase sits at its maker's stand; the one without a maker is listed apart.
    assert html.index("/exhibitors/gamma/") < html.index("/showcases/gamma-robot/")
    assert html.index("/showcases/gamma-robot/") < html.index("/exhibitors/alpha/")
    assert "Showcases whose maker has no stand listed" in html


def test_sessions_by_day_with_clashes_flagged(client, fair):
    for slug in ("closing", "lunch", "forum", "opening", "tasting"):
        save(client, "session", slug)
    html = client.get("/my-visit/").content.decode()
    titles = ["Opening", "Forum", "Lunch talk", "Closing", "Tasting"]
    positions = [html.index(f">{title}</a>") for title in titles]
    assert positions == sorted(positions)
    assert html.count("Clashes with") == 2  # the opening and the forum overlap
    assert "Clashes with Forum" in html and "Clashes with Opening" in html
    assert "Day not published" in html


def test_my_visit_draws_the_halls_of_the_saved_stands_highlighted(client, fair):
    save(client, "exhibitor", "alpha")
    save(client, "exhibitor", "beta")
    html = client.get("/my-visit/").content.decode()
    assert html.count('<svg class="plan plan--filtered"') == 1  # hall N only
    assert 'class="m" aria-label="Alpha, stand N-12"' in html
    assert 'class="m" aria-label="Beta, stand N-2"' in html
    assert 'aria-label="Gamma, stand N-3"' in html
    assert 'class="m" aria-label="Gamma, stand N-3"' not in html


def test_print_version_has_a_page_per_day(client, fair):
    save(client, "session", "forum")
    save(client, "session", "closing")
    save(client, "exhibitor", "alpha")
    response = client.get(f"/my-visit/{plan_of(client).share_token}/print/")
    html = response.content.decode()
    assert html.count('<section class="print-page"') == 2  # the fair's two days
    first, second = html.index("Monday 20 May 2030"), html.index("Tuesday 21 May 2030")
    assert first < html.index("Forum") < second < html.index("Closing")
    assert html.count("N-12") == 2  # the route on each day's page


def test_empty_my_visit_says_how_to_save(client, fair):
    response = client.get("/my-visit/")
    assert response.status_code == 200
    assert "Nothing saved yet." in response.content.decode()
    assert settings.VISIT_COOKIE not in response.cookies


def test_share_section_has_the_link_and_an_inline_qr_code(client, fair):
    save(client, "exhibitor", "alpha")
    html = client.get("/my-visit/").content.decode()
    token = plan_of(client).share_token
    assert f'value="http://testserver/my-visit/{token}/"' in html
    assert '<svg role="img" aria-label="QR code of the share link"' in html
    assert "https://" not in html.split("<main", 1)[1].split("</main>")[0]  # nothing elsewhere


def test_an_exhibitor_at_several_editions_is_on_the_route_of_its_latest(client, fair):
    older = factories.exhibition(slug="fair-2028", name="Fair 2028", year=2028)
    hall = factories.hall(older, width=30, depth=30, slug="old-hall", name="Old Hall")
    factories.stand(
        fair["exhibitors"]["alpha"], older, booth="OLD-1", **factories.grid_position(hall, 0)
    )
    save(client, "exhibitor", "alpha")
    html = client.get("/my-visit/").content.decode()
    assert "N-12" in html
    assert "OLD-1" not in html
    assert "Fair 2028" not in html


def test_a_stand_in_an_unpublished_hall_is_on_the_route_without_its_position(client, fair):
    south = fair["halls"][1]
    south.published = False
    south.save()
    save(client, "exhibitor", "zeta")
    html = client.get("/my-visit/").content.decode()
    assert "Stand position not published" in html
    assert "Hall S" not in html
    assert "?stand=S-1" not in html
    assert '<svg class="plan' not in html
