"""Fewer queries for pages that list linked rows of several kinds of records.

Every public page has a budget of queries that does not grow with the data (at most 12, see
``tests/test_query_counts.py``). A page whose record cites sources, and whose stands and
participations cite theirs, would spend one prefetch query per relation; the helpers here fetch
what several relations (or a preview and its count) need in one query each:

- :func:`attach_linked`: the rows of one model linked to records of several kinds, in one
  ``UNION ALL`` query from the linked model's side (``Source`` rows for an exhibitor, its stands
  and its participations).
- :func:`first_rows_and_total`: the first rows of a list and the length of the whole list, with a
  window count instead of a second ``COUNT`` query.
"""

from collections import defaultdict

from django.db.models import Count, F, IntegerField, Value, Window


def attach_linked(model, attribute, groups, order_by=None):
    """Set ``attribute`` on each record in ``groups`` to the list of ``model`` rows linked to it,
    all fetched in one query.

    ``groups`` is a sequence of ``(records, lookup)``: records already fetched, and the name of
    the relation from ``model`` to their model (for ``Source``: ``"stands"`` for ``Stand`` records,
    ``"exhibitors"`` for ``Exhibitor`` ones). Each list is in ``model``'s own order, or by
    ``order_by`` (field names of ``model``). Every record gets a list, empty when nothing is linked
    to it; no group with records, no query.
    """
    parts = []
    for index, (records, lookup) in enumerate(groups):
        keys = [record.pk for record in records]
        if keys:
            # ``owner`` reuses the join of the filter: one row per link, not per pair of links.
            parts.append(
                model.objects.filter(**{f"{lookup}__in": keys})
                .annotate(
                    linked_owner=F(f"{lookup}__pk"), linked_group=Value(index, IntegerField())
                )
                .order_by()
            )
    linked = defaultdict(list)
    if parts:
        ordering = model._meta.ordering if order_by is None else order_by
        for row in parts[0].union(*parts[1:], all=True).order_by(*ordering):
            linked[row.linked_group, row.linked_owner].append(row)
    for index, (records, _lookup) in enumerate(groups):
        for record in records:
            setattr(record, attribute, linked[index, record.pk])


def first_rows_and_total(queryset, size):
    """The first ``size`` rows of ``queryset`` as a list, and how many rows it has in all.

    One query: the total is a window count over the whole result, which the database computes
    before it applies the limit. An empty first page means an empty list.
    """
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:size])
    return rows, rows[0].total_rows if rows else 0
