"""Canonical links of paginated lists (``canonical_path`` in ``core/templatetags/open_web.py``): each
page of a list is its own canonical page, with the list's canonical filters kept."""

import re

import pytest
from django.conf import settings

from tests import factories

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"
PAGE_SIZE = settings.DIRECTORY_PAGE_SIZE


def canonical(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    links = re.findall(r'<link rel="canonical" href="([^"]*)">', response.content.decode())
    assert len(links) == 1, url
    return links[0].replace("&amp;", "&").removeprefix(ORIGIN)


@pytest.fixture
def two_pages():
    """More exhibitors than one page holds: one full page from Belarus, some more from China."""
    expo = factories.exhibition()
    for _ in range(PAGE_SIZE + 3):
        factories.exhibitor(countries=("BY",))
    for _ in range(PAGE_SIZE + 3):
        factories.exhibitor(countries=("CN",))
    return expo


def test_canonical_of_second_page_is_itself(client, two_pages):
    assert canonical(client, "/exhibitors/?page=2") == "/exhibitors/?page=2"


def test_canonical_of_first_page_has_no_page_number(client, two_pages):
    assert canonical(client, "/exhibitors/?page=1") == "/exhibitors/"
    assert canonical(client, "/exhibitors/") == "/exhibitors/"


def test_canonical_of_filtered_second_page_keeps_filter_then_page(client, two_pages):
    assert canonical(client, "/exhibitors/?page=2&country=CN") == "/exhibitors/?country=cn&page=2"


def test_canonical_of_page_past_the_end_is_the_list(client, two_pages):
    """``?page=999`` shows the last page; it is not that page's address, so it has no page number."""
    assert canonical(client, "/exhibitors/?page=999") == "/exhibitors/"
    assert canonical(client, "/exhibitors/?page=abc") == "/exhibitors/"
    assert canonical(client, "/exhibitors/?page=-2") == "/exhibitors/"


def test_canonical_of_page_number_spelt_with_zeros_is_its_number(client, two_pages):
    assert canonical(client, "/exhibitors/?page=02") == "/exhibitors/?page=2"


def test_canonical_of_empty_result_is_the_whole_list(client, two_pages):
    assert canonical(client, "/exhibitors/?country=zz&page=2") == "/exhibitors/"


def test_canonical_of_searched_or_sorted_page_has_no_page_number(client, two_pages):
    """A query or a sort order decides what page 2 holds; neither is canonical, so neither is the page."""
    assert canonical(client, "/exhibitors/?q=Exhibitor&page=2") == "/exhibitors/"
    assert canonical(client, "/exhibitors/?sort=newest&page=2&country=by") == (
        "/exhibitors/?country=by"
    )


def test_canonical_of_second_page_of_showcases_and_pavilions(client):
    expo = factories.exhibition()
    for _ in range(PAGE_SIZE + 1):
        factories.showcase(expo)
    assert canonical(client, "/showcases/?page=2") == "/showcases/?page=2"
    for _ in range(25):  # the pavilion list shows 24 a page
        factories.pavilion(expo)
    assert canonical(client, "/pavilions/?page=2") == "/pavilions/?page=2"
    assert canonical(client, "/pavilions/?page=1") == "/pavilions/"
