"""A directory's facet options as a visitor and a screen reader get them (core/templatetags/facet_tags.py)."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def options(html):
    """``(classes, link attributes, label text, count)`` of each facet option on the page."""
    found = re.findall(
        r'<li class="(facet__option[^"]*)"><a href="([^"]*)"([^>]*)>'
        r'<span class="facet__label">(.*?)</span> <span class="facet__count">(\d+)</span></a></li>',
        html,
    )
    return [
        (cls, href, attrs.strip(), label, int(count)) for cls, href, attrs, label, count in found
    ]


def test_options_link_their_filter_count_and_mark_the_chosen_one(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    parent = factories.sector(slug="agri", name="Agriculture")
    child = factories.sector(slug="machines", name="Machines & <tools>", parent=parent)
    factories.exhibitor(countries=("CN",), sectors=[child])
    factories.exhibitor(countries=("CN", "BY"), sectors=[parent])

    html = client.get("/exhibitors/?country=cn").content.decode()

    shown = options(html)
    china = next(o for o in shown if "China" in o[3])
    assert china == (
        "facet__option",
        "?",
        'aria-current="true" class="is-selected" rel="nofollow"',
        '<span class="visually-hidden">Remove filter: </span>China',
        2,
    )
    belarus = next(o for o in shown if o[3] == "Belarus")
    assert belarus[:3] == ("facet__option", "?country=by", 'rel="nofollow"')
    machines = next(o for o in shown if "Machines" in o[3])
    assert machines == (
        "facet__option facet__option--child",
        "?country=cn&amp;sector=machines",
        'rel="nofollow"',
        "Machines &amp; &lt;tools&gt;",
        1,
    )
    assert next(o for o in shown if o[3] == "Agriculture")[4] == 2
