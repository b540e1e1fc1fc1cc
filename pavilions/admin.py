"""Admin for pavilions and their ordered sections. Must not import ``exhibitors``."""

from django.contrib import admin

from core.admin import PUBLISH_ACTIONS, HasImageFilter, image_preview, thumbnail
from pavilions.models import Hall, Pavilion, Section


class SectionInline(admin.StackedInline):
    model = Section
    fields = ["position", "title", "text"]
    ordering = ["position"]
    extra = 0


@admin.register(Pavilion)
class PavilionAdmin(admin.ModelAdmin):
    list_display = ["thumb", "name", "exhibition", "country", "location", "published"]
    list_display_links = ["thumb", "name"]
    list_select_related = ["exhibition", "country"]
    list_filter = [
        "published",
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        ("country", admin.RelatedOnlyFieldListFilter),
        HasImageFilter,
    ]
    search_fields = [
        "name",
        "slug",
        "organiser",
        "location",
        "summary",
        "=country__code",
        "country__name",
        "exhibition__name",
    ]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["exhibition", "country", "hall", "people", "sources"]
    readonly_fields = ["image_preview"]
    actions = PUBLISH_ACTIONS
    inlines = [SectionInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["name", "slug", "exhibition", "country", "published"]}),
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
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "pavilion", "position"]
    list_select_related = ["pavilion"]
    list_filter = [("pavilion__exhibition", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title", "text", "pavilion__name"]
    autocomplete_fields = ["pavilion"]
    ordering = ["pavilion__name", "position"]


@admin.register(Hall)
class HallAdmin(admin.ModelAdmin):
    list_display = ["name", "exhibition", "width", "depth", "entrance", "published"]
    list_select_related = ["exhibition"]
    list_filter = ["published", ("exhibition", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "exhibition__name"]
    prepopulated_fields = {"slug": ("name",)}
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
