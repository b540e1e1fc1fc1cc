"""FilterSets for the exhibitor directory and the showcase list.

Unknown filter values (``?country=zz``, ``?sector=nope``) make the form invalid; the views then show an
empty list with the form's message, never an error page.
"""

import django_filters
from django import forms

from exhibitors.models import Exhibitor, Showcase
from expo.models import Country, Exhibition, Sector
from pavilions.models import Pavilion

SEARCH_MAX_LENGTH = 200


class CountryCodeField(forms.ModelChoiceField):
    """Countries by lower-case ISO code in the URL (``?country=by``), stored upper-case."""

    def prepare_value(self, value):
        if isinstance(value, Country):
            return value.code.lower()
        return value.lower() if isinstance(value, str) else value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        return super().to_python(value)


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField


def clean_search(value):
    return " ".join(value.replace("\x00", "").split())[:SEARCH_MAX_LENGTH]


class DirectoryFilterSet(django_filters.FilterSet):
    """Shared pieces: text search, country and sector (a parent sector covers its children)."""

    q = django_filters.CharFilter(label="Search", method="filter_search")
    country = CountryFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        label="Country",
        method="filter_country",
        empty_label="Any country",
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.select_related("parent").order_by("name"),
        to_field_name="slug",
        label="Sector",
        method="filter_sector",
        empty_label="Any sector",
    )
    exhibition = django_filters.ModelChoiceFilter(
        queryset=Exhibition.objects.order_by("-year"),
        to_field_name="slug",
        label="Exhibition",
        method="filter_exhibition",
        empty_label="Any exhibition",
    )

    def filter_search(self, queryset, name, value):
        value = clean_search(value)
        return queryset.search(value) if value else queryset

    def filter_country(self, queryset, name, value):
        return queryset.in_country(value.code)

    def filter_sector(self, queryset, name, value):
        return queryset.in_sector(value)


class ExhibitorFilterSet(DirectoryFilterSet):
    pavilion = django_filters.ModelChoiceFilter(
        queryset=Pavilion.objects.published().order_by("name"),
        to_field_name="slug",
        label="Pavilion",
        method="filter_pavilion",
        empty_label="Any pavilion",
    )
    kind = django_filters.ChoiceFilter(
        choices=Exhibitor.Kind.choices, label="Kind", empty_label="Any kind"
    )
    sort = django_filters.OrderingFilter(
        label="Sort by",
        empty_label="Name (A–Z)",
        fields=(("name", "name"), ("created_at", "created")),
        field_labels={"name": "Name", "-created": "Newest first"},
    )

    class Meta:
        model = Exhibitor
        fields = ["q", "country", "sector", "pavilion", "exhibition", "kind"]

    def filter_pavilion(self, queryset, name, value):
        return queryset.filter(pk__in=value.stands.values("exhibitor_id"))

    def filter_exhibition(self, queryset, name, value):
        return queryset.filter(pk__in=value.stands.values("exhibitor_id"))


class ShowcaseFilterSet(DirectoryFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Showcase.Kind.choices, label="Kind", empty_label="Any kind"
    )
    exhibitor = django_filters.ModelChoiceFilter(
        queryset=Exhibitor.objects.published().order_by("name"),
        to_field_name="slug",
        label="Exhibitor",
        empty_label="Any exhibitor",
    )

    class Meta:
        model = Showcase
        fields = ["q", "kind", "sector", "country", "exhibition", "exhibitor"]

    def filter_exhibition(self, queryset, name, value):
        return queryset.filter(exhibition=value)
