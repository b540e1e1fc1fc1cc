"""Every page type has a title and a meta description of its own, and the site's chrome is right."""

import html
import re

import pytest

from tests.browser.pages import PAGE_TYPES

# A few more states that must not share a title with the plain list.
MORE_PAGES = ["/exhibitors/?country=by", "/search/"]


def meta(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    text = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"', text).group(1)
    return html.unescape(title), html.unescape(description)


@pytest.fixture
def pages(client, shipped):
    return {path: meta(client, path) for path in [*PAGE_TYPES, *MORE_PAGES]}


def test_every_page_has_a_title_of_its_own(pages):
    titles = [title for title, _ in pages.values()]
    assert len(set(titles)) == len(titles), titles


def test_every_page_has_a_description_of_its_own(pages):
    descriptions = [description for _, description in pages.values()]
    assert all(len(d) >= 40 for d in descriptions), descriptions
    assert len(set(descriptions)) == len(descriptions), descriptions


def test_a_filtered_list_says_its_filters_in_title_and_description(client, shipped):
    title, description = meta(client, "/exhibitors/?country=by")
    assert title.startswith("Exhibitors · Country: Belarus")
    assert "country Belarus" in description


def test_header_has_a_menu_button_that_holds_the_links_and_the_search(client, shipped):
    text = client.get("/").content.decode()
    menu = text[text.index('<details class="site-menu">') : text.index("</details>")]
    assert "<summary" in menu and "Menu</summary>" in menu
    assert 'href="/showcases/"' in menu and 'name="q"' in menu
    # The wide navigation is there too; CSS shows one or the other.
    assert text.count('href="/showcases/"') >= 2
