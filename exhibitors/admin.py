"""Admin for exhibitors, their stands and their showcases."""

from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from core.admin import (
    PUBLISH_ACTIONS,
    URL_FIELD_OVERRIDES,
    HasImageFilter,
    LacksTranslationFilter,
    TranslatedAdmin,
    image_preview,
    in_every_language,
    thumbnail,
)
from exhibitors.models import Exhibitor, Showcase, Stand


class StandInline(admin.TabularInline):
    model = Stand
    fk_name = "exhibitor"
    fields = [
        "exhibition",
        "kind",
        "pavilion",
        "booth",
        "hall",
        "x",
        "y",
        "width",
        "depth",
        "sources",
    ]
    autocomplete_fields = ["exhibition", "pavilion", "hall", "sources"]
    extra = 0


class ShowcaseInline(TranslationTabularInline):
    model = Showcase
    fk_name = "exhibitor"
    fields = ["name", "slug", "exhibition", "kind", "premiere", "published"]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["exhibition"]
    show_change_link = True
    extra = 0


class LogoFilter(HasImageFilter):
    image_field = "logo"
    title = "logo"
    parameter_name = "has_logo"


@admin.register(Exhibitor)
class ExhibitorAdmin(TranslatedAdmin):
    list_display = [
        "thumb",
        "name",
        "kind",
        "country_codes",
        "headquarters",
        "published",
        "created_at",
        "translations",
    ]
    list_display_links = ["thumb", "name"]
    list_filter = [
        "published",
        "kind",
        ("stands__exhibition", admin.RelatedOnlyFieldListFilter),
        ("stands__pavilion", admin.RelatedOnlyFieldListFilter),
        ("countries", admin.RelatedOnlyFieldListFilter),
        ("sectors", admin.RelatedOnlyFieldListFilter),
        LogoFilter,
        LacksTranslationFilter,
    ]
    search_fields = [
        *in_every_language("name"),
        "local_name",
        "slug",
        *in_every_language("summary", "headquarters"),
        "=countries__code",
        *in_every_language("countries__name"),
        "=stands__booth",
    ]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["countries", "sectors", "partners", "people", "sources"]
    readonly_fields = ["logo_preview", "created_at"]
    formfield_overrides = URL_FIELD_OVERRIDES
    actions = PUBLISH_ACTIONS
    inlines = [StandInline, ShowcaseInline]
    save_on_top = True
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "original_language", "local_name", "kind", "published"]},
        ),
        ("Where from, what in", {"fields": ["countries", "sectors", "headquarters", "founded"]}),
        ("About", {"fields": ["summary", "description", "website"]}),
        ("Logo", {"fields": ["logo_preview", "logo"]}),
        ("Related", {"fields": ["partners", "people"]}),
        ("Sources", {"fields": ["sources", "source_notes"]}),
        ("Record", {"fields": ["created_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description="logo")
    def thumb(self, obj):
        return thumbnail(obj.logo, obj.monogram)

    @admin.display(description="current logo")
    def logo_preview(self, obj):
        return image_preview(obj.logo)

    @admin.display(description="countries")
    def country_codes(self, obj):
        return ", ".join(country.code for country in obj.countries.all())


@admin.register(Stand)
class StandAdmin(admin.ModelAdmin):
    list_display = [
        "exhibitor",
        "exhibition",
        "kind",
        "pavilion",
        "booth",
        "hall",
        "x",
        "y",
        "width",
        "depth",
    ]
    list_select_related = ["exhibitor", "exhibition", "pavilion", "hall"]
    list_filter = [
        "kind",
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        ("pavilion", admin.RelatedOnlyFieldListFilter),
        ("hall", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        *in_every_language("exhibitor__name", "exhibition__name", "pavilion__name"),
        "booth",
        *in_every_language("hall__name"),
    ]
    autocomplete_fields = ["exhibitor", "exhibition", "pavilion", "hall", "sources"]
    fieldsets = [
        (None, {"fields": ["exhibitor", "exhibition", "kind", "pavilion", "sources"]}),
        (
            "On the floor plan",
            {
                "description": "In metres from the hall's north-west corner; leave all empty "
                "while the position is not published.",
                "fields": ["booth", "hall", ("x", "y"), ("width", "depth")],
            },
        ),
    ]


@admin.register(Showcase)
class ShowcaseAdmin(TranslatedAdmin):
    list_display = [
        "thumb",
        "name",
        "kind",
        "exhibitor",
        "exhibition",
        "premiere",
        "published",
        "created_at",
        "translations",
    ]
    list_display_links = ["thumb", "name"]
    list_select_related = ["exhibitor", "exhibition"]
    list_filter = [
        "published",
        "premiere",
        "kind",
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        ("exhibitor__countries", admin.RelatedOnlyFieldListFilter),
        ("sectors", admin.RelatedOnlyFieldListFilter),
        HasImageFilter,
        LacksTranslationFilter,
    ]
    search_fields = [
        *in_every_language("name"),
        "slug",
        *in_every_language("summary", "exhibitor__name"),
        "exhibitor__local_name",
        *in_every_language("exhibition__name"),
    ]
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ["exhibition", "exhibitor", "sectors", "sources"]
    readonly_fields = ["image_preview", "created_at"]
    actions = PUBLISH_ACTIONS
    save_on_top = True
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "original_language",
                    "kind",
                    "exhibition",
                    "exhibitor",
                    "published",
                ]
            },
        ),
        ("About", {"fields": ["summary", "description", "premiere", "sectors"]}),
        ("Image", {"fields": ["image_preview", "image", "image_alt"]}),
        ("Sources", {"fields": ["sources", "source_notes"]}),
        ("Record", {"fields": ["created_at"]}),
    ]

    @admin.display(description="image")
    def thumb(self, obj):
        return thumbnail(obj.image, obj.monogram)

    @admin.display(description="current image")
    def image_preview(self, obj):
        return image_preview(obj.image)
