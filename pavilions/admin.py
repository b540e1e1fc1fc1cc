"""Admin for pavilions and their ordered sections. Must not import ``exhibitors``."""

from django.contrib import admin

from expo.admin import PUBLISH_ACTIONS
from pavilions.models import Pavilion, Section


class SectionInline(admin.StackedInline):
    model = Section
    fields = ["position", "title", "text"]
    ordering = ["position"]
    extra = 0


@admin.register(Pavilion)
class PavilionAdmin(admin.ModelAdmin):
    list_display = ["name", "exhibition", "country", "location", "published"]
    list_select_related = ["exhibition", "country"]
    list_filter = [
        "published",
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        ("country", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "slug", "organiser", "location", "summary"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["exhibition", "country", "people", "sources"]
    actions = PUBLISH_ACTIONS
    inlines = [SectionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "exhibition", "country", "published"]}),
        ("Details", {"fields": ["organiser", "location", "summary", "description"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        ("Related", {"fields": ["people", "sources"]}),
    ]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "pavilion", "position"]
    list_select_related = ["pavilion"]
    list_filter = [("pavilion__exhibition", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "text", "pavilion__name"]
    autocomplete_fields = ["pavilion"]
    ordering = ["pavilion__name", "position"]
