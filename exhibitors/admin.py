"""Admin for exhibitors, their stands and their showcases."""

from django.contrib import admin

from exhibitors.models import Exhibitor, Showcase, Stand
from expo.admin import PUBLISH_ACTIONS, URL_FIELD_OVERRIDES


class StandInline(admin.TabularInline):
    model = Stand
    fk_name = "exhibitor"
    fields = ["exhibition", "pavilion", "booth"]
    autocomplete_fields = ["exhibition", "pavilion"]
    extra = 0


class ShowcaseInline(admin.TabularInline):
    model = Showcase
    fk_name = "exhibitor"
    fields = ["name", "slug", "exhibition", "kind", "premiere", "published"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["exhibition"]
    show_change_link = True
    extra = 0


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country_codes", "headquarters", "published", "created_at"]
    list_filter = [
        "published",
        "kind",
        ("countries", admin.RelatedOnlyFieldListFilter),
        ("sectors", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "local_name", "slug", "summary", "headquarters"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["countries", "sectors", "partners", "people", "sources"]
    readonly_fields = ["created_at"]
    formfield_overrides = URL_FIELD_OVERRIDES
    actions = PUBLISH_ACTIONS
    inlines = [StandInline, ShowcaseInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "local_name", "kind", "published"]}),
        ("Where from, what in", {"fields": ["countries", "sectors", "headquarters", "founded"]}),
        ("About", {"fields": ["summary", "description", "website", "logo"]}),
        ("Related", {"fields": ["partners", "people", "sources"]}),
        ("Record", {"fields": ["created_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description="countries")
    def country_codes(self, obj):
        return ", ".join(country.code for country in obj.countries.all())


@admin.register(Stand)
class StandAdmin(admin.ModelAdmin):
    list_display = ["exhibitor", "exhibition", "pavilion", "booth"]
    list_select_related = ["exhibitor", "exhibition", "pavilion"]
    list_filter = [
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        ("pavilion", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["exhibitor__name", "exhibition__name", "pavilion__name", "booth"]
    autocomplete_fields = ["exhibitor", "exhibition", "pavilion"]


@admin.register(Showcase)
class ShowcaseAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "exhibitor",
        "exhibition",
        "premiere",
        "published",
        "created_at",
    ]
    list_select_related = ["exhibitor", "exhibition"]
    list_filter = [
        "published",
        "premiere",
        "kind",
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        ("sectors", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "slug", "summary", "exhibitor__name"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["exhibition", "exhibitor", "sectors", "sources"]
    readonly_fields = ["created_at"]
    actions = PUBLISH_ACTIONS
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "exhibition", "exhibitor", "published"]}),
        ("About", {"fields": ["summary", "description", "premiere", "sectors"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        ("Related", {"fields": ["sources"]}),
        ("Record", {"fields": ["created_at"]}),
    ]
