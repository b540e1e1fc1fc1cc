"""My visit in a real browser: saving in place with JavaScript, the plain forms without it, sharing,
copying and the calendar; axe and the phone width on the visit's pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.checks import serious_violations, sideways_overflow
from tests.visits import fair as fair_data

pytestmark = pytest.mark.browser


@pytest.fixture
def fair_site(served):
    fair_data.build()
    return served


def share_link(page):
    return page.input_value("#share-link")


def test_save_in_place_with_javascript_then_remove_share_copy_and_calendar(fair_site, browser):
    owner = browser.new_context(viewport={"width": 1280, "height": 900})
    friend = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = owner.new_page()
        page.goto(f"{fair_site}/exhibitors/alpha/")
        button = page.locator(".profile-actions .save-button")
        page.wait_for_selector(".profile-actions .save-button[aria-pressed='false']")
        button.click()
        page.wait_for_selector(".profile-actions .save-button[aria-pressed='true']")
        assert page.url == f"{fair_site}/exhibitors/alpha/"  # saved without leaving the page
        assert button.locator(".save-button__label").inner_text() == "Saved"
        assert page.locator(".site-nav--wide .visit-count").inner_text() == "1"
        page.goto(f"{fair_site}/sessions/forum/")
        page.click(".profile-actions .save-button[aria-pressed='false']")
        page.wait_for_selector(".site-nav--wide .visit-count:text-is('2')")
        # A card on a list shows the saved state too, and a second click removes in place.
        page.goto(f"{fair_site}/exhibitors/")
        card = page.locator("form[data-visit-item='exhibitor:alpha'] button")
        page.wait_for_selector(
            "form[data-visit-item='exhibitor:alpha'] button[aria-pressed='true']"
        )
        card.click()
        page.wait_for_selector(
            "form[data-visit-item='exhibitor:alpha'] button[aria-pressed='false']"
        )
        card.click()
        page.wait_for_selector(
            "form[data-visit-item='exhibitor:alpha'] button[aria-pressed='true']"
        )

        page.goto(f"{fair_site}/my-visit/")
        assert page.locator(".stop", has_text="Alpha").count() == 1
        assert page.locator(".stop", has_text="Forum").count() == 1
        link = share_link(page)
        with page.expect_download() as download:
            page.click("text=Add the sessions to a calendar (.ics)")
        calendar = open(download.value.path(), encoding="utf-8").read()
        assert "SUMMARY:Forum" in calendar
        page.click("button:has-text('Remove Alpha')")
        page.wait_for_selector("text=Removed from your visit.")
        assert page.locator(".stop", has_text="Alpha").count() == 0

        other = friend.new_page()
        other.goto(link)
        assert other.locator(".stop", has_text="Forum").count() == 1
        assert other.locator("button:has-text('Remove')").count() == 0
        other.click("button:has-text('Copy to my visit')")
        other.wait_for_selector("text=1 item copied into your visit.")
        assert other.url.startswith(f"{fair_site}/my-visit/")
        assert share_link(other) != link  # the friend's own plan, with its own link
        assert other.locator(".stop", has_text="Forum").count() == 1
    finally:
        owner.close()
        friend.close()


def test_save_remove_share_and_copy_with_javascript_off(fair_site, browser):
    owner = browser.new_context(java_script_enabled=False)
    friend = browser.new_context(java_script_enabled=False)
    try:
        page = owner.new_page()
        page.goto(f"{fair_site}/exhibitors/alpha/")
        page.click(".profile-actions .save-button")
        assert "/my-visit/save/" in page.url
        page.click("button:has-text('Save to my visit')")
        page.wait_for_selector("text=Saved to your visit.")
        page.click("text=Back to the page you were on")
        assert page.url == f"{fair_site}/exhibitors/alpha/"
        page.goto(f"{fair_site}/programme/")
        page.goto(f"{fair_site}/exhibitions/fair-2030/programme/")
        page.click("form[data-visit-item='session:closing'] button")
        page.click("button:has-text('Save to my visit')")
        page.wait_for_selector(".stop:has-text('Closing')")
        link = share_link(page)
        page.click("button:has-text('Remove Alpha')")
        page.wait_for_selector("text=Removed from your visit.")
        assert page.locator(".stop", has_text="Alpha").count() == 0

        other = friend.new_page()
        other.goto(link)
        other.click("button:has-text('Copy to my visit')")
        other.wait_for_selector("text=1 item copied into your visit.")
        calendar = other.request.get(link.rstrip("/") + ".ics")
        assert calendar.status == 200
        assert "SUMMARY:Closing" in calendar.text()
    finally:
        owner.close()
        friend.close()


def saved_visit(browser, fair_site, **options):
    """A context whose visit holds two exhibitors, a showcase and three sessions."""
    context = browser.new_context(**options)
    page = context.new_page()
    for kind, slug in (
        ("exhibitor", "alpha"),
        ("exhibitor", "zeta"),
        ("exhibitor", "omega"),
        ("showcase", "gamma-robot"),
        ("session", "opening"),
        ("session", "forum"),
        ("session", "tasting"),
    ):
        page.goto(f"{fair_site}/my-visit/save/?kind={kind}&slug={slug}")
        page.click("button:has-text('Save to my visit')")
    return context, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_visit_pages_have_no_serious_accessibility_violations(fair_site, browser, scheme):
    axe = Axe()
    context, page = saved_visit(
        browser, fair_site, color_scheme=scheme, viewport={"width": 1280, "height": 900}
    )
    problems = []
    try:
        page.goto(f"{fair_site}/my-visit/")
        link = share_link(page)
        for url in (
            f"{fair_site}/my-visit/",
            link,
            link + "print/",
            f"{fair_site}/my-visit/save/?kind=exhibitor&slug=beta",
            f"{fair_site}/my-visit/save/?kind=spaceship&slug=beta",
            f"{fair_site}/exhibitors/",
        ):
            page.goto(url)
            problems += serious_violations(axe, page, url)
    finally:
        context.close()
    assert problems == []


def test_visit_pages_have_no_sideways_scroll_at_phone_width(fair_site, browser):
    context, page = saved_visit(
        browser, fair_site, viewport={"width": 375, "height": 800}, is_mobile=True
    )
    try:
        page.goto(f"{fair_site}/my-visit/")
        link = share_link(page)
        for url in (f"{fair_site}/my-visit/", link, link + "print/", f"{fair_site}/exhibitors/"):
            page.goto(url)
            overflow = sideways_overflow(page)
            assert overflow == 0, url
    finally:
        context.close()
