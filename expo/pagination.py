"""Pagination that never fails on a bad ``?page=``: it shows the nearest real page instead."""

from django.core.paginator import Paginator


class ForgivingPaginationMixin:
    """For ``ListView``: ``?page=-1``, ``?page=abc`` or ``?page=999999`` show the first or last page."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


def query_without_page(request):
    """The current query string minus ``page``, for links that keep the filters."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


__all__ = ["ForgivingPaginationMixin", "Paginator", "query_without_page"]
