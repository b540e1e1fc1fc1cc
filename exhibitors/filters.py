"""FilterSets for the exhibitor directory and the showcase list.

Filters take the values that appear in URLs (country code, sector/pavilion/exhibition/exhibitor
slug) and never look them up one by one: an unknown value simply matches nothing, so a bad query
string gives an empty list, never an error page. Values are compared exactly: a slug or a kind must
be spelt as stored, and a country code is upper-cased only when it is two ASCII letters
(``exhibitions.models.country_code``), so that "ﬁ" or "ß" never stand for FI or SS. The facet counts next
to the list come from :mod:`exhibitors.facets`, which re-applies these same filters.
"""

import django_filters
from django.db.models import Min, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.search import candidates, clean_query, is_postgresql
from core.sorting import by_name
from exhibitors.models import Exhibitor, Showcase


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose filters have facets (``facets``, in order) and removable chips: what
    ``exhibitors.facets`` and the lists' chips ask of it. The directories and the programme use it."""

    facets = ()

    def filter_queryset_except(self, *skip):
        """The list as it would be with every active filter but ``skip``: what a facet counts."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name in skip or value in (None, ""):
                continue
            queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def value(self, name):
        """The value in use for filter ``name`` ("" when unused)."""
        return str(self.form.cleaned_data.get(name) or "")

    def chip_names(self):
        """The filters a chip can show, in order."""
        return self.facets

    def active_filters(self):
        """``(name, value)`` of the filters in use, in facet order, for the removable chips."""
        if not self.is_bound or not self.form.is_valid():
            return []
        return [(name, self.value(name)) for name in self.chip_names() if self.value(name)]


class DirectoryFilterSet(FacetedFilterSet):
    """Shared filters: text search, country and sector (a parent sector covers its children)."""

    # Names of the filters shown as facets, in display order; subclasses set them.
    facets = ()
    sort_orders = {}

    q = django_filters.CharFilter(
        label=pgettext_lazy("label of a search box", "Search"), method="filter_search"
    )
    country = django_filters.CharFilter(label=_("Country"), method="filter_country")
    sector = django_filters.CharFilter(label=_("Sector"), method="filter_where")
    exhibition = django_filters.CharFilter(label=_("Exhibition"), method="filter_where")

    # Pages set it (core.search.SEARCH_CANDIDATES) to bound what a search reads; downloads don't.
    search_limit = None
    _candidates = None

    def filter_search(self, queryset, name, value):
        value = clean_query(value)
        if not value:
            return queryset
        found = self.candidates()
        if found is None:
            return queryset.matching(value)
        return queryset.filter(pk__in=found.pks)

    def candidates(self):
        """The bounded search's candidates (``core.search.candidates``), read once; ``None`` when
        the search is not bounded (no limit, or SQLite)."""
        query = clean_query(self.value("q"))
        if not query or self.search_limit is None or not is_postgresql():
            return None
        if self._candidates is None:
            queryset = self.queryset
            self._candidates = candidates(
                queryset, query, queryset.search_fields, self.search_limit
            )
        return self._candidates

    def estimated_matches(self):
        """``None`` when the list's search (if any) missed nothing, else an estimate of how many
        rows the search matches."""
        found = self.candidates()
        return found.estimate() if found else None

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value.strip())

    def filter_where(self, queryset, name, value):
        return queryset.filter(self.condition(name, value))

    def condition(self, name, value=None):
        """Filter ``name`` as a condition on one row, for ``value`` or the value in use.

        The QuerySet's ``where_<name>`` when it has one (see ``DirectoryQuerySet``), else the
        field itself. No joins, so it can be tested as a column too.
        """
        value = self.form.cleaned_data[name] if value is None else value
        where = getattr(self.queryset, f"where_{name}", None)
        if where is None:
            return Q(**{name: value})
        return where(value.strip())

    def filter_sort(self, queryset, name, value):
        return queryset  # order() sorts, once every filter is applied

    def sort_key(self, value):
        """Sorting by country within one country is sorting by name."""
        return "name" if value == "country" and self.value("country") else value

    @classmethod
    def apply_sort(cls, queryset, value):
        """Order by the chosen key; ties are broken by name and id so paging is stable. "name" is
        the name in the page's language, in its alphabetical order (``core.sorting.by_name``)."""
        keys = cls.sort_orders[value]
        return queryset.order_by(*[by_name() if key == "name" else key for key in keys])

    def filter_queryset(self, queryset):
        return self.order(super().filter_queryset(queryset))

    def order(self, queryset):
        """``queryset`` in the list's order: the chosen sort, else relevance to ``q``, else name."""
        sort, query = self.form.cleaned_data.get("sort"), self.form.cleaned_data.get("q")
        if sort:
            return self.apply_sort(queryset, self.sort_key(sort))
        if query:
            return queryset.ranked(query)
        return self.apply_sort(queryset, "name")

    def value(self, name):
        """The value in use for filter ``name`` as the facets spell it ("" when unused)."""
        value = super().value(name)
        return value.lower() if name == "country" else value

    def chip_names(self):
        return ("q", *self.facets)


class ExhibitorFilterSet(DirectoryFilterSet):
    facets = ("country", "sector", "pavilion", "exhibition", "kind")
    sort_orders = {
        "name": ("name", "pk"),
        "country": ("first_country", "name", "pk"),
        "newest": ("-created_at", "name", "pk"),
    }

    pavilion = django_filters.CharFilter(label=_("Pavilion"), method="filter_where")
    kind = django_filters.ChoiceFilter(
        choices=Exhibitor.Kind.choices,
        label=pgettext_lazy("kind of exhibitor", "Kind"),
        empty_label=_("Any kind"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        # Translators: the orders of the "Sort by" menu (by name, by country, newest first).
        choices=[("name", _("Name")), ("country", _("Country")), ("newest", _("Newest"))],
        empty_label=_("Relevance or name"),
        method="filter_sort",
    )

    class Meta:
        model = Exhibitor
        fields = ["q", "country", "sector", "pavilion", "exhibition", "kind", "sort"]

    @classmethod
    def apply_sort(cls, queryset, value):
        if value == "country":
            queryset = queryset.annotate(first_country=Min(by_name("countries__name")))
        return super().apply_sort(queryset, value)


class ShowcaseFilterSet(DirectoryFilterSet):
    facets = ("kind", "sector", "country", "exhibition", "exhibitor")
    sort_orders = {
        "name": ("name", "pk"),
        "newest": ("-created_at", "name", "pk"),
    }

    kind = django_filters.ChoiceFilter(
        choices=Showcase.Kind.choices,
        label=pgettext_lazy("kind of showcase", "Kind"),
        empty_label=_("Any kind"),
    )
    exhibitor = django_filters.CharFilter(label=_("Exhibitor"), method="filter_where")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        # Translators: the orders of the "Sort by" menu (by name, newest first).
        choices=[("name", _("Name")), ("newest", _("Newest"))],
        empty_label=_("Relevance or name"),
        method="filter_sort",
    )

    class Meta:
        model = Showcase
        fields = ["q", "kind", "sector", "country", "exhibition", "exhibitor", "sort"]
