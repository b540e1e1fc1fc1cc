"""The floor plan: /exhibitions/<slug>/plan/ and exhibitors.plan.hall_plans()."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitors.models import Exhibitor, Stand
from exhibitors.plan import hall_plans, stand_anchor
from tests import factories
from tests.querycount import queries_for, queries_per_page
from tests.sitemaps import sitemap_entries

pytestmark = pytest.mark.django_db

BIG_HALL = 1500


@pytest.fixture
def world():
    ex = factories.exhibition(slug="sce-2030", name="Smart Expo 2030")
    hall = factories.hall(
        ex, width=60, depth=40, slug="n3", name="Hall N3", north=30, entrance="south"
    )
    robots = factories.sector(slug="robotics", name="Robotics")
    farming = factories.sector(slug="farming", name="Farming")
    pav = factories.pavilion(
        ex,
        slug="belarus",
        name="Belarus pavilion",
        country=factories.country("BY"),
        hall=hall,
        area_x=0,
        area_y=0,
        area_width=20,
        area_depth=10,
    )
    jv = factories.exhibitor(name="Zongshen-Gomselmash", countries=("BY", "CN"), sectors=[farming])
    volat = factories.exhibitor(name="Sanjiang-Volat", countries=("BY",), sectors=[robots])
    baidu = factories.exhibitor(name="Baidu", countries=("CN",), sectors=[robots])
    hidden = factories.exhibitor(name="Hidden Co", published=False)
    unplaced = factories.exhibitor(name="Unplaced Co")
    stands = {
        "jv": factories.stand(jv, ex, pav, booth="N3-12", hall=hall, x=1, y=1, width=6, depth=4),
        "volat": factories.stand(
            volat, ex, pav, booth="N3-13", hall=hall, x=8, y=1, width=6, depth=4
        ),
        "baidu": factories.stand(
            baidu, ex, booth="N3 40/A", hall=hall, x=30, y=20, width=9, depth=6
        ),
        "hidden": factories.stand(
            hidden, ex, booth="N3-50", hall=hall, x=40, y=30, width=3, depth=3
        ),
        "unplaced": factories.stand(unplaced, ex, booth="Z-1"),
    }
    return {
        "exhibition": ex,
        "hall": hall,
        "pavilion": pav,
        "stands": stands,
        "url": "/exhibitions/sce-2030/plan/",
    }


def svg_links(html):
    """``(anchor, class)`` of every stand link in the page's SVGs, the anchor made from the stand
    code its label names (only the chosen stand carries it as its id)."""
    svgs = "".join(re.findall(r"<svg class=\"plan.*?</svg>", html, re.S))
    found = re.findall(
        r'<a href="/exhibitors/[^"]+/"(?: id="[^"]+")?(?: class="([^"]*)")?'
        r' aria-label="[^"]*?, stand ([^"]*)">',
        svgs,
    )
    return [(stand_anchor(unescape(code)), css) for css, code in found]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_plan_links_each_positioned_stand_of_a_published_exhibitor_once(client, world):
    html = get(client, world["url"])
    ids = sorted(anchor for anchor, _ in svg_links(html))
    assert ids == ["stand-N3-12", "stand-N3-13", "stand-N3-40-A"]
    assert 'id="hall-n3"' in html
    slug = world["stands"]["baidu"].exhibitor.slug
    assert f'href="/exhibitors/{slug}/" aria-label="Baidu, stand N3 40/A"' in html
    assert 'id="stand-' not in html  # no stand chosen: no stand ids


def test_plan_does_not_draw_an_unpublished_exhibitors_stand(client, world):
    html = get(client, world["url"])
    assert "Hidden Co" not in html
    assert "N3-50" not in html


def test_plan_draws_the_pavilion_area_with_its_name(client, world):
    html = get(client, world["url"])
    assert (
        '<a class="pa" href="/pavilions/belarus/" aria-label="Belarus pavilion (pavilion area)">'
        in html
    )
    assert '<rect x="0" y="0" width="20" height="10"/>' in html


def test_plan_draws_scale_north_and_entrance_when_known(client, world):
    html = get(client, world["url"])
    assert ">10 m</text>" in html
    assert 'aria-label="North is 30° clockwise from the top"' in html
    assert 'aria-label="Entrance on the south side"' in html
    world["hall"].north = None
    world["hall"].entrance = ""
    world["hall"].save()
    cache.clear()
    html = get(client, world["url"])
    assert "North is" not in html and "Entrance on" not in html


def test_plan_viewbox_is_in_metres(world):
    (plan,) = hall_plans(world["exhibition"])
    # 60 × 40 m with a margin of 3.6 m (6 % of the longer side) around, 1.4 times that below.
    assert 'viewBox="-3.6 -3.6 67.2 48.6"' in plan.svg


def test_plan_without_filters_fades_nothing_and_lists_every_stand(client, world):
    html = get(client, world["url"])
    assert [css for _, css in svg_links(html)] == ["", "", ""]
    assert "plan--filtered" not in html
    assert 'All stands <span class="count">3</span>' in html


def test_plan_filter_highlights_exactly_the_matching_stands_with_a_count(client, world):
    html = get(client, world["url"] + "?sector=robotics")
    assert dict(svg_links(html)) == {"stand-N3-12": "", "stand-N3-13": "m", "stand-N3-40-A": "m"}
    assert "2 stands match" in html
    assert 'Matching stands <span class="count">2</span>' in html
    listed = re.findall(r'<td><a href="(\?[^"]+)">', html)
    assert listed == [  # by stand code, each choosing its stand with the same filters
        "?sector=robotics&amp;stand=N3+40%2FA#stand-N3-40-A",
        "?sector=robotics&amp;stand=N3-13#stand-N3-13",
    ]


def test_plan_filters_combine_like_the_directory(client, world):
    html = get(client, world["url"] + "?sector=robotics&country=by")
    assert dict(svg_links(html)) == {"stand-N3-12": "", "stand-N3-13": "m", "stand-N3-40-A": ""}
    assert "1 stand matches" in html
    html = get(client, world["url"] + "?pavilion=belarus&q=Zongshen")
    assert [a for a, css in svg_links(html) if css == "m"] == ["stand-N3-12"]


def test_plan_filter_matching_nothing_says_so(client, world):
    html = get(client, world["url"] + "?country=zz")
    assert "0 stands match" in html
    assert "No stand on the plan matches." in html


@pytest.mark.parametrize(
    "query",
    ["?kind=spaceship", "?q=a%00b", "?sector=%00", "?country=" + "x" * 5000, "?pavilion=%FF"],
)
def test_plan_bad_filter_values_highlight_nothing_without_error(client, world, query):
    html = get(client, world["url"] + query)
    assert [css for _, css in svg_links(html)] == ["", "", ""]
    assert "0 stands match" in html


def test_plan_invalid_filter_says_why(client, world):
    html = get(client, world["url"] + "?kind=spaceship")
    assert "Some of the filters in the address are not valid" in html


def test_plan_stand_parameter_highlights_that_stand(client, world):
    html = get(client, world["url"] + "?stand=N3-13")
    assert dict(svg_links(html)) == {"stand-N3-12": "", "stand-N3-13": "s", "stand-N3-40-A": ""}
    assert 'data-selected="stand-N3-13"' in html
    assert "Sanjiang-Volat</a>, Hall N3." in html


def test_plan_stand_parameter_ignores_case(client, world):
    html = get(client, world["url"] + "?stand=n3-13")
    assert 'data-selected="stand-N3-13"' in html


def test_plan_unknown_stand_code_says_so(client, world):
    html = get(client, world["url"] + "?stand=N3-99")
    assert "There is no stand N3-99 on this plan." in html
    assert "data-selected" not in html


def test_plan_stand_code_is_escaped_in_the_message(client, world):
    html = get(client, world["url"] + "?stand=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)" not in html
    assert "no stand &lt;script&gt;alert(1)&lt;/script&gt; on this plan" in html


def test_plan_escapes_names_and_codes_from_the_data(client, world):
    jv = world["stands"]["jv"]
    Exhibitor.objects.filter(pk=jv.exhibitor_id).update(name='<script>alert("x")</script>')
    Stand.objects.filter(pk=jv.pk).update(booth="N3<b>12")
    world["pavilion"].name = "<i>Pav</i>"
    world["pavilion"].save()
    cache.clear()
    html = get(client, world["url"])
    assert "<script>alert" not in html
    assert "<i>Pav</i>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;, stand N3&lt;b&gt;12" in html
    assert 'href="?stand=N3%3Cb%3E12#stand-N3-b-12"' in html


def test_plan_of_an_edition_without_positions_says_so(client):
    ex = factories.exhibition(slug="sce-1999")
    factories.stand(factories.exhibitor(), ex, booth="A1")
    html = get(client, "/exhibitions/sce-1999/plan/")
    assert "The organisers have not published stand positions for this edition." in html
    assert '<svg class="plan' not in html


def test_plan_unpublished_hall_is_not_drawn(client, world):
    world["hall"].published = False
    world["hall"].save()
    html = get(client, world["url"])
    assert "The organisers have not published stand positions for this edition." in html


def test_plan_of_an_unknown_exhibition_is_404(client):
    assert client.get("/exhibitions/no-such-expo/plan/").status_code == 404


def test_plan_declares_its_query_parameters_for_the_page_cache(client, world):
    from django.urls import resolve

    from expo.cache import known_parameters

    view = resolve(world["url"]).func
    assert known_parameters(view) == {"q", "country", "sector", "pavilion", "kind", "stand"}
    # An undeclared parameter is dropped before the view: same page as without it.
    html = get(client, world["url"] + "?exhibition=other&sector=robotics")
    assert "2 stands match" in html


def test_hall_plans_highlights_the_given_stands(world):
    saved = {world["stands"]["baidu"].pk}
    (plan,) = hall_plans(world["exhibition"], highlight=saved)
    assert plan.matches == 1
    assert [stand.booth for stand in plan.stands] == ["N3 40/A", "N3-12", "N3-13"]
    assert plan.svg.count(' class="m"') == 1
    assert 'class="plan plan--filtered"' in plan.svg
    (plain,) = hall_plans(world["exhibition"])
    assert plain.matches == 0 and "plan--filtered" not in plain.svg


def test_hall_plan_include_renders_one_plan(world):
    from django.template.loader import render_to_string

    (plan,) = hall_plans(world["exhibition"])
    html = render_to_string("exhibitors/includes/hall_plan.html", {"plan": plan})
    assert 'id="hall-n3"' in html and html.count("<svg") == 1


def test_stand_anchor_keeps_ids_safe():
    assert stand_anchor("N3-12") == "stand-N3-12"
    assert stand_anchor('N3 "12"/<a>') == "stand-N3-12-a"
    assert stand_anchor("展位") == "stand-x"


def test_profile_links_a_positioned_stand_to_the_plan(client, world):
    slug = world["stands"]["jv"].exhibitor.slug
    html = get(client, f"/exhibitors/{slug}/")
    assert (
        'Hall N3, stand N3-12 — <a href="/exhibitions/sce-2030/plan/?stand=N3-12#stand-N3-12">'
        "on the plan</a>"
    ) in html


def test_profile_of_an_unplaced_stand_has_no_plan_link(client, world):
    slug = world["stands"]["unplaced"].exhibitor.slug
    html = get(client, f"/exhibitors/{slug}/")
    assert "on the plan" not in html


def test_pavilion_and_exhibition_pages_link_to_the_plan(client, world):
    html = get(client, "/pavilions/belarus/")
    assert 'href="/exhibitions/sce-2030/plan/?pavilion=belarus"' in html
    html = get(client, "/exhibitions/sce-2030/")
    assert 'href="/exhibitions/sce-2030/plan/"' in html


def test_pavilion_without_area_or_positions_has_no_plan_link(client, world):
    factories.pavilion(world["exhibition"], slug="plain")
    html = get(client, "/pavilions/plain/")
    assert "/plan/" not in html


def test_exhibition_without_halls_has_no_plan_link(client):
    factories.exhibition(slug="sce-1998")
    html = get(client, "/exhibitions/sce-1998/")
    assert "/plan/" not in html


def test_sitemap_lists_plans_of_exhibitions_with_halls(client, world):
    factories.exhibition(slug="sce-1997")
    locations = sitemap_entries(client)
    assert "http://testserver/exhibitions/sce-2030/plan/" in locations
    assert "http://testserver/ru/exhibitions/sce-2030/plan/" in locations
    assert not [url for url in locations if "/sce-1997/plan/" in url]


def test_shipped_data_has_no_plan(client, shipped_data):
    html = get(client, "/exhibitions/smart-china-expo-2022/plan/")
    assert "The organisers have not published stand positions for this edition." in html


def build_big_hall(size):
    """An exhibition with one hall of ``size`` positioned stands, made with bulk_create."""
    ex = factories.exhibition(slug="big-expo")
    hall = factories.hall(ex, width=400, depth=400, slug="big-hall", name="Big hall")
    robots = factories.sector(slug="big-robots")
    exhibitors = Exhibitor.objects.bulk_create(
        Exhibitor(slug=f"big-exhibitor-{i}", name=f"Big Exhibitor Company {i}") for i in range(size)
    )
    Exhibitor.sectors.through.objects.bulk_create(
        Exhibitor.sectors.through(exhibitor=e, sector=robots) for e in exhibitors[::2]
    )
    Stand.objects.bulk_create(
        Stand(
            exhibitor=e,
            exhibition=ex,
            booth=f"B{i}",
            **factories.grid_position(hall, i),
        )
        for i, e in enumerate(exhibitors)
    )
    return ex


def test_plan_of_1500_stands_is_one_lean_svg_in_constant_queries(client, capsys):
    ex = build_big_hall(BIG_HALL)
    with CaptureQueriesContext(connection) as ctx:
        (plan,) = hall_plans(ex)
    helper_queries = len(ctx.captured_queries)
    size = len(plan.svg.encode())
    assert len(plan.stands) == BIG_HALL
    assert plan.svg.count("<a href=") == BIG_HALL
    assert size < 300_000
    assert helper_queries == 3
    cache.clear()
    page_queries = queries_for(client, "/exhibitions/big-expo/plan/?sector=big-robots")
    with capsys.disabled():
        print(
            f"\n1,500-stand SVG: {size} bytes, hall_plans {helper_queries} queries, "
            f"filtered page {page_queries} queries"
        )


def test_plan_page_query_count_is_the_same_with_few_and_many_stands(client):
    """Counted as visitors get the page (the filter form's choices kept for the content version)
    and on the first request after a change, which works them out and keeps them (the limits of
    tests/test_query_counts.py)."""
    world = factories.directory(3)
    slug = world["exhibition"].slug
    pages = {
        "filtered": lambda w: f"/exhibitions/{slug}/plan/?sector={w['sector'].slug}",
        "chosen": lambda w: f"/exhibitions/{slug}/plan/?stand=A1",
    }
    few = queries_per_page(client, world, pages)
    few_first = queries_per_page(client, world, pages, first=True)
    factories.directory(60, world)
    many = queries_per_page(client, world, pages)
    many_first = queries_per_page(client, world, pages, first=True)
    assert few == many
    assert few_first == many_first
    assert max(many.values()) <= 12
    assert max(many_first.values()) <= 24


def test_drawn_plan_is_valid_html(client, world, tmp_path):
    """The states the shipped data cannot show (it has no halls), through the Nu Html Checker."""
    import json
    import subprocess

    from tests.test_html_validity import checker

    command = checker()
    urls = [
        world["url"],
        world["url"] + "?sector=robotics&stand=N3-13",
        world["url"] + "?kind=spaceship",
        world["url"] + "?stand=N3-99",
    ]
    for i, url in enumerate(urls):
        (tmp_path / f"plan-{i}.html").write_text(get(client, url))
    shown = subprocess.run(
        [*command, "--format", "json", "--errors-only", *sorted(map(str, tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(shown.stderr or shown.stdout)["messages"]
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert errors == []


def test_plan_has_a_share_card_of_its_own(client, world):
    html = get(client, world["url"])
    assert "/share-cards/floor-plan.png" in html
    response = client.get("/share-cards/floor-plan.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
