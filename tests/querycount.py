"""Query counting for the guards that a page costs the same whatever the data size."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import DerivedValue


def queries_for(client, url):
    """The number of queries ``url`` runs, its streamed body included; the page must answer 200."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def queries_per_page(client, world, pages, first=False):
    """``{name: queries}`` of every uncached page in ``pages`` (``name -> url_for(world)``), as
    visitors get it: with the counts kept for the content version (``core.derived``) read back.
    With ``first``, the first request after a change instead, which works the counts out and keeps
    them."""
    counts = {}
    for name, url_for in pages.items():
        url = url_for(world)
        cache.clear()  # count the uncached page
        if first:
            DerivedValue.objects.all().delete()
        else:
            queries_for(client, url)
            cache.clear()
        counts[name] = queries_for(client, url)
    return counts
