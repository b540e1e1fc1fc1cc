"""Admin for pavilions and their ordered sections. Must not import ``exhibitors``."""

from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline

from core.admin import (
    PUBLISH_ACTIONS,
    HasImageFilter,
    LacksTranslationFilter,
    TranslatedAdmin,
    image_preview,
    in_every_language,
    thumbnail,
)
from pavilions.models import Hall, Pavilion, Section


class SectionInline(TranslationStackedInline):
    model = Section
    fields = ["position", "title", "text"]
    ordering = ["position"]
    extra = 0


@admin.register(Pavilion)
class PavilionAdmin(TranslatedAdmin):
    list_display = [
        "thumb",
        "name",
        "exhibition",
        "country",
        "location",
        "published",
        "translations",
    ]
    list_display_links = ["thumb", "name"]
    list_select_related = ["exhibition", "country"]
    list_filter = [
        "published",
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        ("country", admin.RelatedOnlyFieldListFilter),
        HasImageFilter,
        LacksTranslationFilter,
    ]
    search_fields = [
        *in_every_language("name"),
        "slug",
        *in_every_language("organiser", "location", "summary"),
        "=country__code",
        *in_every_language("country__name", "exhibition__name"),
    ]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["exhibition", "country", "hall", "people", "sources"]
    readonly_fields = ["image_preview"]
    actions = PUBLISH_ACTIONS
    inlines = [SectionInline]
    save_on_top = True
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "original_language", "exhibition", "country", "published"]},
        ),
        ("Details", {"fields": ["organiser", "location", "summary", "description"]}),
        ("Image", {"fields": ["image_preview", "image", "image_alt"]}),
        (
            "Area on the floor plan",
            {
                "description": "In metres from the hall's north-west corner; leave all empty "
                "while it is not published.",
                "fields": ["hall", ("area_x", "area_y"), ("area_width", "area_depth")],
            },
        ),
        ("Related", {"fields": ["people"]}),
        ("Sources", {"fields": ["sources", "source_notes"]}),
    ]

    @admin.display(description="image")
    def thumb(self, obj):
        return thumbnail(obj.image, obj.country.code if obj.country_id else obj.name[:1].upper())

    @admin.display(description="current image")
    def image_preview(self, obj):
        return image_preview(obj.image)


@admin.register(Section)
class SectionAdmin(TranslatedAdmin):
    list_display = ["title", "pavilion", "position", "translations"]
    list_select_related = ["pavilion"]
    list_filter = [
        ("pavilion__exhibition", admin.RelatedOnlyFieldListFilter),
        LacksTranslationFilter,
    ]
    search_fields = in_every_language("title", "text", "pavilion__name")
    autocomplete_fields = ["pavilion"]
    ordering = ["pavilion__name", "position"]


@admin.register(Hall)
class HallAdmin(TranslatedAdmin):
    list_display = ["name", "exhibition", "width", "depth", "entrance", "published", "translations"]
    list_select_related = ["exhibition"]
    list_filter = [
        "published",
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        LacksTranslationFilter,
    ]
    search_fields = [*in_every_language("name"), "slug", *in_every_language("exhibition__name")]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["exhibition", "sources"]
    actions = PUBLISH_ACTIONS
    fields = [
        "name",
        "slug",
        "exhibition",
        "position",
        ("width", "depth"),
        ("entrance", "north"),
        "sources",
        "published",
    ]
