"""The three languages in a real browser: the switcher keeps a filtered list's filters, and the
Chinese and Russian home, directory and profile pass axe and fit a 375 px phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.checks import serious_violations, sideways_overflow

pytestmark = pytest.mark.browser

PAGES = ["/", "/exhibitors/", "/exhibitors/zongshen-gomselmash/", "/my-visit/", "/programme/"]


def test_switching_language_keeps_the_filters(live, page):
    page.goto(live + "/exhibitors/?country=cn&sector=autonomous-driving")
    english = page.locator(".result-count").first.inner_text()
    page.click(".lang-switch--wide a[hreflang='ru']")
    assert page.url == live + "/ru/exhibitors/?country=cn&sector=autonomous-driving"
    assert page.get_attribute("html", "lang") == "ru"
    russian = page.locator(".result-count").first.inner_text()
    assert russian != english
    assert [c for c in russian if c.isdigit()] == [c for c in english if c.isdigit()]
    page.click(".lang-switch--wide a[hreflang='zh-Hans']")
    assert page.url == live + "/zh-hans/exhibitors/?country=cn&sector=autonomous-driving"
    assert page.get_attribute("html", "lang") == "zh-Hans"
    page.click(".lang-switch--wide a[hreflang='en']")
    assert page.url == live + "/exhibitors/?country=cn&sector=autonomous-driving"
    assert page.locator(".result-count").first.inner_text() == english


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chinese_and_russian_pages_have_no_serious_accessibility_violations(live, browser, scheme):
    axe = Axe()
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    try:
        for prefix in ("/zh-hans", "/ru"):
            for path in PAGES:
                page.goto(live + prefix + path)
                problems += serious_violations(axe, page, f"{prefix}{path}")
    finally:
        context.close()
    assert problems == []


def test_no_sideways_scroll_at_phone_width_in_any_language(live, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    try:
        for prefix in ("", "/zh-hans", "/ru"):
            for path in PAGES:
                page.goto(live + prefix + path)
                overflow = sideways_overflow(page)
                assert overflow == 0, prefix + path
            page.click(".site-menu__button")
            assert page.locator(".site-menu__panel .lang-switch a").count() == 3
    finally:
        context.close()
