"""axe-core scans every page type, in light and dark mode: no serious or critical violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.checks import serious_violations
from tests.browser.pages import PAGE_TYPES

PAGES = [*PAGE_TYPES, "/search/?q=nothing-matches-this", "/does-not-exist/"]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_no_serious_violations_on_any_page(live, browser, axe, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = []
    try:
        for path in PAGES:
            page.goto(live + path)
            problems += serious_violations(axe, page, path)
    finally:
        context.close()
    assert problems == []
