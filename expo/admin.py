"""Admin for expo-wide records, the admin site's titles, and the shared publish actions.

This module must not import ``pavilions`` or ``exhibitors``: they import from it, not the other way.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models, transaction
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from expo.images import no_image
from expo.models import (
    Country,
    Exhibition,
    KeyFigure,
    Person,
    Quote,
    Sector,
    Source,
    country_code,
)

admin.site.site_header = "Expo Directory admin"
admin.site.site_title = "Expo Directory admin"
admin.site.index_title = "Directory content"


# Publish / unpublish actions, for any model with a ``published`` boolean field. Each record that
# changes is saved on its own, so its save signals run as for an edit through the form (the content
# version among them), and gets an entry in its history in the same transaction.


def _set_published(modeladmin, request, queryset, published):
    opts = modeladmin.model._meta
    verb = "published" if published else "unpublished"
    selected = queryset.count()
    changing = list(queryset.exclude(published=published))
    count = len(changing)
    if changing:
        with transaction.atomic():
            for obj in changing:
                obj.published = published
                obj.save(update_fields=["published"])
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=changing,
                action_flag=CHANGE,
                change_message=f"{verb.capitalize()} with the list action.",
            )
    name = opts.verbose_name if count == 1 else opts.verbose_name_plural
    message = ngettext(
        "%(count)d %(name)s was %(verb)s.", "%(count)d %(name)s were %(verb)s.", count
    ) % {"count": count, "name": name, "verb": verb}
    if selected > count:
        message += " " + ngettext(
            "%(count)d was %(verb)s already.", "%(count)d were %(verb)s already.", selected - count
        ) % {"count": selected - count, "verb": verb}
    modeladmin.message_user(request, message, messages.SUCCESS)


@admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["change"])
def publish_selected(modeladmin, request, queryset):
    _set_published(modeladmin, request, queryset, True)


@admin.action(description="Unpublish selected %(verbose_name_plural)s", permissions=["change"])
def unpublish_selected(modeladmin, request, queryset):
    _set_published(modeladmin, request, queryset, False)


PUBLISH_ACTIONS = (publish_selected, unpublish_selected)


class HasImageFilter(admin.SimpleListFilter):
    """Filter a changelist on whether its ``image`` field is filled. For a field of another name,
    subclass and set ``image_field``, ``title`` and ``parameter_name``."""

    image_field = "image"
    title = "image"
    parameter_name = "has_image"

    def lookups(self, request, model_admin):
        return [("yes", f"With {self.title}"), ("no", f"Without {self.title}")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(no_image(self.image_field))
        if self.value() == "no":
            return queryset.filter(no_image(self.image_field))
        return queryset


def thumbnail(field_file, placeholder):
    """A changelist thumbnail: the image's card rendition, or ``placeholder`` letters without one."""
    if field_file:
        return format_html(
            '<img class="expo-thumb" src="{}" width="40" height="40" alt="">',
            field_file.card.url,
        )
    return format_html(
        '<span class="expo-thumb expo-thumb--empty" aria-hidden="true">{}</span>', placeholder
    )


def image_preview(field_file):
    """The current image on a change form: its card rendition, linked to the stored file."""
    if not field_file:
        return "No image yet."
    card = field_file.card
    display = field_file.display
    size = f"{display.width} × {display.height} on pages, " if display.width else ""
    return format_html(
        '<a href="{}"><img class="expo-preview" src="{}" width="{}" height="{}" alt=""></a>'
        '<div class="help">{}card {} × {}. The link opens the stored file.</div>',
        field_file.url,
        card.url,
        card.width,
        card.height,
        size,
        card.width,
        card.height,
    )


# Form fields for URLs assume https, as Django 6.0 will (and without its deprecation warning).
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


# Sources, countries, sectors.


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
    search_fields = ["name", "local_name", "slug", "city", "venue", "theme", "organisers"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["country", "sources"]
    date_hierarchy = "starts_on"
    formfield_overrides = URL_FIELD_OVERRIDES
    inlines = [KeyFigureInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "local_name", "edition", "year"]}),
        ("Where and when", {"fields": ["city", "country", "venue", "starts_on", "ends_on"]}),
        (
            "About",
            {"fields": ["theme", "organisers", "summary", "description", "website", "sources"]},
        ),
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
