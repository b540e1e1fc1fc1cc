"""The admin's paginator for large tables: a large list is not counted, and a far page is not
reached by skipping every row before it.

Django's paginator counts the rows of every list it pages (``SELECT COUNT(*)``), and PostgreSQL
counts by reading every row: seconds for millions. On PostgreSQL, in a table of over
:attr:`~EstimatedCountPaginator.estimate_from` rows, :class:`EstimatedCountPaginator` counts a list
of the whole table (neither filtered nor searched) by PostgreSQL's own estimate of the table's rows
(``pg_class.reltuples``, which autovacuum and ``ANALYZE`` keep current), and a filtered list by the
planner's estimate of its rows when that too is over ``estimate_from``: a filter that keeps a
large part of the table. A list the planner expects to be smaller is counted, as is every list on
SQLite and in a table that has never been analysed (no estimate yet). The paginator says when its
count is an estimate (``count_is_estimate``); the changelist then shows "about N"
(``templates/admin/pagination.html`` and ``actions.html``).

A page is an ``OFFSET``: the database walks past every row before it, so the last page of three
million rows walks three million. A page in the second half of the list is read from the other
end instead, in the reverse order, and turned round.
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property


def table_rows(queryset):
    """PostgreSQL's estimate of the rows of ``queryset``'s table; None on another database and
    before the table's first ANALYZE."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [connection.ops.quote_name(queryset.model._meta.db_table)],
        )
        row = cursor.fetchone()
    if row is None or row[0] < 0:  # -1: never vacuumed nor analysed
        return None
    return int(row[0])


def is_whole_table(queryset):
    """Whether ``queryset`` holds every row of its table: no condition, no DISTINCT, no slice."""
    query = queryset.query
    return not (query.where or query.distinct or query.combinator or query.is_sliced)


def planned_rows(queryset):
    """The planner's estimate of the rows ``queryset`` holds (PostgreSQL's EXPLAIN: no row read)."""
    explained = queryset.order_by().explain(format="json")
    if not explained:  # a condition that holds for no row (``pk__in=[]``): nothing to plan
        return 0
    return int(json.loads(explained)[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(Paginator):
    """A paginator whose count of a whole large table is PostgreSQL's estimate, and which reads a
    page of the second half from the end of the list (see the module)."""

    #: Below this many rows (by the estimate) the table is counted: an exact count is cheap there.
    estimate_from = 100_000

    count_is_estimate = False

    @cached_property
    def count(self):
        queryset = self.object_list
        table = table_rows(queryset)
        if table is None or table < self.estimate_from:
            return super().count
        estimate = table if is_whole_table(queryset) else planned_rows(queryset)
        if estimate < self.estimate_from:
            return super().count
        self.count_is_estimate = True
        return estimate

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ordered = getattr(self.object_list, "ordered", False)
        if not ordered or bottom <= self.count // 2:
            return super().page(number)
        # From the end: the rows of this page are the (count - top)th to (count - bottom)th in the
        # reverse order. With an estimated count the last page holds the last rows all the same.
        rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
        rows.reverse()
        return self._get_page(rows, number, self)
