"""The floor plan in a real browser: pan and zoom, the hover and focus card, the phone width, axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import factories
from tests.browser.checks import serious_violations, sideways_overflow

pytestmark = pytest.mark.browser


@pytest.fixture
def plan_url(served):
    """A live server with one exhibition of two halls, a pavilion area and 60 stands."""
    ex = factories.exhibition(slug="plan-expo", name="Plan Expo 2030")
    north = factories.hall(
        ex, width=120, depth=60, slug="n1", name="Hall N1", north=15, entrance="west"
    )
    south = factories.hall(ex, width=50, depth=30, slug="s1", name="Hall S1", position=1)
    robots = factories.sector(slug="robots", name="Robots")
    pav = factories.pavilion(
        ex,
        slug="by-pav",
        name="Belarus pavilion",
        hall=north,
        area_x=0,
        area_y=0,
        area_width=40,
        area_depth=20,
    )
    for i in range(60):
        hall = north if i < 48 else south
        ex_obj = factories.exhibitor(
            name=f"Plan Exhibitor {i}", sectors=[robots] if i % 3 == 0 else []
        )
        factories.stand(
            ex_obj,
            ex,
            pav if i < 8 else None,
            booth=f"N1-{i}" if hall is north else f"S1-{i}",
            **factories.grid_position(hall, i if hall is north else i - 48, per_row=8),
        )
    return f"{served}/exhibitions/plan-expo/plan/"


def view_box(page, hall="n1"):
    return page.get_attribute(f"#svg-{hall}", "viewBox")


def test_plan_zoom_buttons_wheel_and_reset_change_the_viewbox(plan_url, page):
    page.goto(plan_url)
    start = view_box(page)
    page.click("#hall-n1 button[aria-label='Zoom in']")
    zoomed = view_box(page)
    assert zoomed != start
    assert float(zoomed.split()[2]) < float(start.split()[2])
    page.click("#hall-n1 button[aria-label='Show the whole hall']")
    assert view_box(page) == start
    box = page.locator("#svg-n1").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_function(
        f"document.querySelector('#svg-n1').getAttribute('viewBox') !== '{start}'"
    )
    wheeled = view_box(page)
    # Drag to pan: the box moves, its size stays.
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 80, box["y"] + box["height"] / 2 - 40, steps=5)
    page.mouse.up()
    panned = view_box(page)
    assert panned.split()[2:] == wheeled.split()[2:]
    assert panned.split()[:2] != wheeled.split()[:2]


def test_plan_card_shows_the_stand_on_hover_and_focus(plan_url, page):
    page.goto(plan_url)
    page.hover("[aria-label='Plan Exhibitor 20, stand N1-20']")
    card = page.locator("#hall-n1 .plan-card")
    assert card.is_visible()
    assert card.text_content() == "Plan Exhibitor 20, stand N1-20"
    page.focus("[aria-label='Plan Exhibitor 21, stand N1-21']")
    assert card.text_content() == "Plan Exhibitor 21, stand N1-21"


def test_plan_stand_parameter_scrolls_to_the_stand(plan_url, page):
    page.goto(plan_url + "?stand=S1-50")
    assert page.locator("#stand-S1-50").is_visible()
    assert "s" in page.get_attribute("#stand-S1-50", "class").split()
    in_view = page.evaluate(
        "(() => { const r = document.querySelector('#stand-S1-50').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; })()"
    )
    assert in_view


def test_plan_has_no_sideways_scroll_at_phone_width(plan_url, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        for query in ("", "?sector=robots", "?stand=N1-3"):
            page.goto(plan_url + query)
            overflow = sideways_overflow(page)
            assert overflow == 0, query
    finally:
        context.close()


def test_plan_scales_to_the_width_without_javascript(plan_url, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(plan_url)
        width = page.locator("#svg-n1").bounding_box()["width"]
        assert 300 < width <= 375
        assert page.locator("#hall-n1 .plan-tools").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_plan_has_no_serious_accessibility_violations(plan_url, browser, scheme):
    axe = Axe()
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    try:
        for query in ("", "?sector=robots&stand=N1-3", "?kind=spaceship", "?stand=X-1"):
            page.goto(plan_url + query)
            page.hover("[aria-label='Plan Exhibitor 20, stand N1-20']")
            problems += serious_violations(axe, page, query)
    finally:
        context.close()
    assert problems == []
