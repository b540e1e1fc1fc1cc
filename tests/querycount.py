"""Query-count guard: a page must cost the same number of queries with few rows and with many."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

FEW, MANY = 3, 30


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def assert_constant_queries(client, url_for, maximum=12):
    """Build a small directory, count the page's queries, grow it tenfold, count again."""
    world = factories.directory(FEW)
    url = url_for(world)
    few = queries_for(client, url)
    factories.directory(MANY - FEW, world)
    many = queries_for(client, url)
    assert few == many, f"{url}: {few} queries with {FEW} exhibitors, {many} with {MANY}"
    assert many <= maximum, f"{url}: {many} queries"
    return many
