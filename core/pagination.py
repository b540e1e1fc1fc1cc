"""Pagination that never fails on a bad ``?page=``: it shows the nearest real page instead."""

from urllib.parse import urlencode


class ForgivingPaginationMixin:
    """For ``ListView``: ``?page=-1``, ``?page=abc`` or ``?page=999999`` show the first or last page.

    A view that already knows the number of results sets ``self.known_count`` to save the
    paginator its ``COUNT`` query.
    """

    known_count = None

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        if self.known_count is not None:
            paginator.count = self.known_count
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


def query_without_page(request, **changes):
    """The current query string minus ``page``, for links that keep the filters.

    ``changes`` set parameters, or remove them when the value is ``None``.
    """
    # A plain dict of lists: a directory page builds one of these per facet option, and copying
    # the QueryDict each time (a deep copy) cost more than the rest of the link.
    params = {name: values for name, values in request.GET.lists() if name != "page"}
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = [value]
    return urlencode(params, doseq=True)
