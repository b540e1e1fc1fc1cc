"""Admin for the expo-wide records: sources, countries, sectors, exhibitions, key figures, people
and quotes."""

from django import forms
from django.contrib import admin
from django.utils.text import Truncator
from modeltranslation.admin import TranslationStackedInline, TranslationTabularInline

from core.admin import (
    URL_FIELD_OVERRIDES,
    LacksTranslationFilter,
    TranslatedAdmin,
    in_every_language,
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
        fields = ["code", "name"]  # the name's inputs in every language (core.admin)

    def clean_code(self):
        """Accept ``by`` as well as ``BY``: codes are stored upper-case."""
        return country_code((self.cleaned_data.get("code") or "").strip())


@admin.register(Country)
class CountryAdmin(TranslatedAdmin):
    form = CountryAdminForm
    list_display = ["code", "name", "translations"]
    list_display_links = ["code", "name"]
    list_filter = [LacksTranslationFilter]
    search_fields = ["code", *in_every_language("name")]
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
class SectorAdmin(TranslatedAdmin):
    list_display = ["name", "parent", "slug", "translations"]
    list_select_related = ["parent"]
    list_filter = [
        SectorLevelFilter,
        ("parent", admin.RelatedOnlyFieldListFilter),
        LacksTranslationFilter,
    ]
    search_fields = [*in_every_language("name"), "slug", *in_every_language("description")]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "original_language", "description", "parent"]


# Exhibitions and their key figures.


class KeyFigureInline(TranslationTabularInline):
    model = KeyFigure
    fields = ["position", "value", "qualifier", "label", "source"]
    autocomplete_fields = ["source"]
    ordering = ["position"]
    extra = 0


@admin.register(Exhibition)
class ExhibitionAdmin(TranslatedAdmin):
    list_display = [
        "name",
        "edition",
        "year",
        "city",
        "country",
        "starts_on",
        "ends_on",
        "translations",
    ]
    list_select_related = ["country"]
    list_filter = ["year", ("country", admin.RelatedOnlyFieldListFilter), LacksTranslationFilter]
    search_fields = [
        *in_every_language("name"),
        "local_name",
        "slug",
        *in_every_language("city", "venue", "theme"),
    ]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["country", "sources"]
    date_hierarchy = "starts_on"
    formfield_overrides = URL_FIELD_OVERRIDES
    inlines = [KeyFigureInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "original_language", "local_name", "edition", "year"]},
        ),
        ("Where and when", {"fields": ["city", "country", "venue", "starts_on", "ends_on"]}),
        ("About", {"fields": ["theme", "time_zone", "summary", "description", "website"]}),
        ("Sources", {"fields": ["sources", "source_notes"]}),
    ]


@admin.register(KeyFigure)
class KeyFigureAdmin(TranslatedAdmin):
    list_display = ["label", "display_value", "exhibition", "position", "source", "translations"]
    list_select_related = ["exhibition", "source"]
    list_filter = [
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        "qualifier",
        LacksTranslationFilter,
    ]
    search_fields = in_every_language("label", "exhibition__name")
    autocomplete_fields = ["exhibition", "source"]
    ordering = ["exhibition", "position"]

    @admin.display(description="value")
    def display_value(self, obj):
        return obj.display_value


# People and what they said.


class QuoteInline(TranslationStackedInline):
    model = Quote
    fields = ["slug", "text", "said_on", "occasion", "exhibition", "source"]
    autocomplete_fields = ["exhibition", "source"]
    extra = 0


@admin.register(Person)
class PersonAdmin(TranslatedAdmin):
    list_display = ["name", "role", "country", "translations"]
    list_select_related = ["country"]
    list_filter = [
        ("country", admin.RelatedOnlyFieldListFilter),
        ("exhibitions", admin.RelatedOnlyFieldListFilter),
        LacksTranslationFilter,
    ]
    search_fields = [*in_every_language("name"), "other_names", *in_every_language("role"), "slug"]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["country", "exhibitions", "sources"]
    inlines = [QuoteInline]
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "original_language", "other_names", "role", "country"]},
        ),
        ("About", {"fields": ["bio", "exhibitions"]}),
        ("Sources", {"fields": ["sources", "source_notes"]}),
    ]


@admin.register(Quote)
class QuoteAdmin(TranslatedAdmin):
    list_display = ["short_text", "person", "said_on", "exhibition", "source", "translations"]
    list_select_related = ["person", "exhibition", "source"]
    list_filter = [
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        "said_on",
        LacksTranslationFilter,
    ]
    search_fields = [
        "text",
        "slug",
        *in_every_language("occasion", "person__name"),
        "person__other_names",
    ]
    autocomplete_fields = ["person", "exhibition", "source"]
    date_hierarchy = "said_on"

    @admin.display(description="quote", ordering="text")
    def short_text(self, obj):
        return Truncator(obj.text).chars(80)
