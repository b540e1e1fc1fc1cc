"""Admin for the expo-wide records: sources, countries, sectors, exhibitions, key figures, people
and quotes."""

from django import forms
from django.contrib import admin
from django.utils.text import Truncator

from core.admin import (
    URL_FIELD_OVERRIDES,
)
from exhibitions.models import (
    Country,
    Exhibition,
    KeyFigure,
    Person,
    Quote,
    Sector,
    Source,
    country_code,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "author", "published_on", "url"]
    list_filter = ["published_on", "publisher"]
    search_fields = ["title", "publisher", "author", "url", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    date_hierarchy = "published_on"
    formfield_overrides = URL_FIELD_OVERRIDES


class CountryAdminForm(forms.ModelForm):
    class Meta:
        model = Country
        fields = ["code", "name"]

    def clean_code(self):
        """Accept ``by`` as well as ``BY``: codes are stored upper-case."""
        return country_code((self.cleaned_data.get("code") or "").strip())


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    form = CountryAdminForm
    list_display = ["code", "name"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name"]
    ordering = ["name"]


class SectorLevelFilter(admin.SimpleListFilter):
    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return [("top", "Top-level sectors"), ("sub", "Sub-sectors")]

    def queryset(self, request, queryset):
        if self.value() == "top":
            return queryset.filter(parent__isnull=True)
        if self.value() == "sub":
            return queryset.filter(parent__isnull=False)
        return queryset


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug"]
    list_select_related = ["parent"]
    list_filter = [SectorLevelFilter, ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["parent"]


# Exhibitions and their key figures.


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    fields = ["position", "value", "qualifier", "label", "source"]
    autocomplete_fields = ["source"]
    ordering = ["position"]
    extra = 0


@admin.register(Exhibition)
class ExhibitionAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "year", "city", "country", "starts_on", "ends_on"]
    list_select_related = ["country"]
    list_filter = ["year", ("country", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "local_name", "slug", "city", "venue", "theme"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["country", "sources"]
    date_hierarchy = "starts_on"
    formfield_overrides = URL_FIELD_OVERRIDES
    inlines = [KeyFigureInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "local_name", "edition", "year"]}),
        ("Where and when", {"fields": ["city", "country", "venue", "starts_on", "ends_on"]}),
        ("About", {"fields": ["theme", "time_zone", "summary", "description", "website"]}),
        ("Sources", {"fields": ["sources", "source_notes"]}),
    ]


@admin.register(KeyFigure)
class KeyFigureAdmin(admin.ModelAdmin):
    list_display = ["label", "display_value", "exhibition", "position", "source"]
    list_select_related = ["exhibition", "source"]
    list_filter = [("exhibition", admin.RelatedOnlyFieldListFilter), "qualifier"]
    search_fields = ["label", "exhibition__name"]
    autocomplete_fields = ["exhibition", "source"]
    ordering = ["exhibition", "position"]

    @admin.display(description="value")
    def display_value(self, obj):
        return obj.display_value


# People and what they said.


class QuoteInline(admin.StackedInline):
    model = Quote
    fields = ["slug", "text", "said_on", "occasion", "exhibition", "source"]
    autocomplete_fields = ["exhibition", "source"]
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "country"]
    list_select_related = ["country"]
    list_filter = [
        ("country", admin.RelatedOnlyFieldListFilter),
        ("exhibitions", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "other_names", "role", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["country", "exhibitions", "sources"]
    inlines = [QuoteInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "other_names", "role", "country"]}),
        ("About", {"fields": ["bio", "exhibitions"]}),
        ("Sources", {"fields": ["sources", "source_notes"]}),
    ]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["short_text", "person", "said_on", "exhibition", "source"]
    list_select_related = ["person", "exhibition", "source"]
    list_filter = [("exhibition", admin.RelatedOnlyFieldListFilter), "said_on"]
    search_fields = ["text", "slug", "occasion", "person__name", "person__other_names"]
    autocomplete_fields = ["person", "exhibition", "source"]
    date_hierarchy = "said_on"

    @admin.display(description="quote", ordering="text")
    def short_text(self, obj):
        return Truncator(obj.text).chars(80)
