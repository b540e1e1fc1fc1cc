"""Values kept per content version (core/derived.py): worked out once, read back, never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.content import content_changed
from core.derived import remembered
from core.models import DerivedValue
from tests import factories

pytestmark = pytest.mark.django_db


class Counting:
    """A value to keep that says how many times it was worked out."""

    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_kept_value_is_read_back_in_one_query_without_working_it_out_again():
    compute = Counting({"cn": 3})
    assert remembered("counts", compute) == {"cn": 3}

    with CaptureQueriesContext(connection) as ctx:
        again = remembered("counts", compute)

    assert again == {"cn": 3}
    assert compute.calls == 1
    assert len(ctx.captured_queries) == 1


def test_a_content_change_makes_the_value_worked_out_again_and_drops_the_old_one():
    remembered("counts", Counting(1))
    content_changed()

    assert remembered("counts", Counting(2)) == 2
    assert remembered("counts", Counting(3)) == 2
    assert DerivedValue.objects.count() == 1


def test_keys_are_kept_apart():
    remembered("exhibitors?country=cn", Counting(1))

    assert remembered("exhibitors?country=by", Counting(2)) == 2
    assert remembered("exhibitors?country=cn", Counting(3)) == 1


def test_past_the_limit_per_version_values_are_worked_out_each_time(settings):
    settings.DERIVED_VALUES_PER_VERSION = 2
    for key in ("a", "b"):
        remembered(key, Counting(key))
    third = Counting("c")

    remembered("c", third)
    remembered("c", third)

    assert third.calls == 2
    assert DerivedValue.objects.count() == 2


def test_a_key_of_any_length_or_character_is_kept():
    key = "showcases?country=" + "\x00\ud800é" * 400

    remembered(key, Counting(1))

    assert remembered(key, Counting(2)) == 1


def test_a_value_survives_its_json_round_trip_as_lists():
    remembered("pairs", Counting([[1, [2, 3]], ["kind", 4]]))

    assert remembered("pairs", Counting(None)) == [[1, [2, 3]], ["kind", 4]]


@pytest.fixture
def uncached(settings):
    settings.PAGE_CACHE_ENABLED = False


def facet_count(client, url, facet, value):
    response = client.get(url)
    assert response.status_code == 200
    options = {f.name: f.options for f in response.context["facets"]}[facet]
    return next((o.count for o in options if o.value == value), 0), response.context["result_count"]


@pytest.mark.usefixtures("uncached")
def test_directory_counts_follow_an_organisers_change_at_once(client):
    """The kept facet counts and totals are the content's: a new exhibitor counts on the next page,
    an unpublished one stops counting, both in the directory and on the country's page."""
    factories.exhibitor(countries=("CN",))
    factories.exhibitor(countries=("CN", "BY"))
    url = "/exhibitors/?kind=company"
    assert facet_count(client, url, "country", "cn") == (2, 2)
    assert facet_count(client, url, "country", "cn") == (2, 2)  # read back

    added = factories.exhibitor(countries=("CN",))
    assert facet_count(client, url, "country", "cn") == (3, 3)
    assert client.get("/countries/cn/").context["exhibitor_count"] == 3

    added.published = False
    added.save()
    assert facet_count(client, url, "country", "cn") == (2, 2)
    assert client.get("/countries/cn/").context["exhibitor_count"] == 2
    countries = {c.code: c.exhibitor_count for c in client.get("/").context["countries"]}
    assert countries == {"CN": 2, "BY": 1}
