"""Admin for exhibitors, their stands and their showcases."""

from django.contrib import admin
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from core.admin import (
    PUBLISH_ACTIONS,
    URL_FIELD_OVERRIDES,
    HasImageFilter,
    LacksTranslationFilter,
    LargeTableAdmin,
    TranslatedAdmin,
    image_preview,
    in_every_language,
    thumbnail,
)
from core.translations import columns
from exhibitions.models import Country, Exhibition, Sector, country_code
from exhibitors.models import Exhibitor, Showcase, Stand
from pavilions.models import Hall, Pavilion


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


def named(model, term):
    """The primary keys of ``model``'s records (a small table) whose name holds ``term``."""
    condition = Q.create([(f"{name}__icontains", term) for name in columns("name")], connector=Q.OR)
    return model.objects.filter(condition).values("pk")


# List filters through the querysets' own conditions (``where_country``, ``where_sector``): a
# subquery on a link table, where Django's filter on a many-to-many relation joins it and makes the
# list DISTINCT, a pass over every matching row for each page and each count.


class CountryFilter(admin.SimpleListFilter):
    """By country: an exhibitor's countries, a showcase's maker's."""

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return [(country.code, country.name) for country in Country.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(queryset.where_country(self.value()))
        return queryset


class SectorFilter(admin.SimpleListFilter):
    """By sector, its sub-sectors included, as the public directories filter."""

    title = "sector"
    parameter_name = "sector"

    def lookups(self, request, model_admin):
        sectors = Sector.objects.select_related("parent")
        return sorted(
            (
                (
                    sector.slug,
                    f"{sector.parent.name} › {sector.name}" if sector.parent else sector.name,
                )
                for sector in sectors
            ),
            key=lambda choice: choice[1].casefold(),
        )

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(queryset.where_sector(self.value()))
        return queryset


class LogoFilter(HasImageFilter):
    image_field = "logo"
    title = "logo"
    parameter_name = "has_logo"


@admin.register(Exhibitor)
class ExhibitorAdmin(LargeTableAdmin, TranslatedAdmin):
    """Exhibitors: tens of thousands. On PostgreSQL the search looks through the full-text search
    and, row by row, the slug, local name and city; and finds an exhibitor by the code or name of
    one of its countries, or by its stand code."""

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
        CountryFilter,
        SectorFilter,
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
    readonly_fields = ["logo_preview", "showcase_links", "created_at"]
    formfield_overrides = URL_FIELD_OVERRIDES
    actions = PUBLISH_ACTIONS
    # Its showcases (a hundred or more for some) are a link to their list, not an inline form each.
    inlines = [StandInline]
    save_on_top = True
    fieldsets = [
        (
            None,
            {"fields": ["name", "slug", "original_language", "local_name", "kind", "published"]},
        ),
        ("Where from, what in", {"fields": ["countries", "sectors", "headquarters", "founded"]}),
        ("About", {"fields": ["summary", "description", "website"]}),
        ("Logo", {"fields": ["logo_preview", "logo"]}),
        ("Related", {"fields": ["showcase_links", "partners", "people"]}),
        ("Sources", {"fields": ["sources", "source_notes"]}),
        ("Record", {"fields": ["created_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    def search_matches(self, term):
        in_text = ["slug", "local_name", *columns("headquarters")]
        countries = Country.objects.filter(
            Q(code=country_code(term))
            | Q.create([(f"{name}__icontains", term) for name in columns("name")], connector=Q.OR)
        )
        return [
            *super().search_matches(term),
            Exhibitor.objects.filter(
                Q.create([(f"{name}__icontains", term) for name in in_text], connector=Q.OR)
            ),
            Exhibitor.objects.filter(countries__in=countries),
            Exhibitor.objects.filter(stands__booth__iexact=term),
        ]

    @admin.display(description="logo")
    def thumb(self, obj):
        return thumbnail(obj.logo, obj.monogram)

    @admin.display(description="current logo")
    def logo_preview(self, obj):
        return image_preview(obj.logo)

    @admin.display(description="showcases")
    def showcase_links(self, obj):
        if obj.pk is None:
            return "Its showcases can be added once it is saved."
        count = obj.showcases.count()
        return format_html(
            '<a href="{}?exhibitor__id__exact={}">{}</a> · <a href="{}?exhibitor={}">Add a showcase</a>',
            reverse("admin:exhibitors_showcase_changelist"),
            obj.pk,
            ngettext("%(count)d showcase", "%(count)d showcases", count) % {"count": count},
            reverse("admin:exhibitors_showcase_add"),
            obj.pk,
        )

    @admin.display(description="countries")
    def country_codes(self, obj):
        return ", ".join(country.code for country in obj.countries.all())


@admin.register(Stand)
class StandAdmin(LargeTableAdmin, admin.ModelAdmin):
    """Stands: one per exhibitor and edition, tens of thousands. Newest first, and sortable by their
    own columns only: an order by the exhibition's or the exhibitor's name sorts every stand joined
    with both records, whole. On PostgreSQL the search finds the stand code, and the stands of the
    exhibitors its full-text search finds and of the exhibitions, pavilions and halls so named."""

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
    ordering = ["-pk"]
    sortable_by = ["kind", "booth", "x", "y", "width", "depth"]
    list_filter = [
        "kind",
        "exhibition",
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

    def search_matches(self, term):
        return [
            Stand.objects.filter(booth__iexact=term),
            Stand.objects.filter(exhibitor__in=Exhibitor.objects.matching(term).values("pk")),
            Stand.objects.filter(
                Q(exhibition__in=named(Exhibition, term))
                | Q(pavilion__in=named(Pavilion, term))
                | Q(hall__in=named(Hall, term))
            ),
        ]


@admin.register(Showcase)
class ShowcaseAdmin(LargeTableAdmin, TranslatedAdmin):
    """Showcases: the largest table (millions of rows), hence a :class:`~core.admin.LargeTableAdmin`
    whose filters list only small tables (exhibitions, countries, sectors) and whose search looks
    through indexes, on PostgreSQL: the showcase's full-text search, its slug, and its maker's
    name."""

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
    # By name, which an index serves (migration 0008), and sortable by it only: any other order
    # sorts the whole table.
    ordering = ["name", "pk"]
    sortable_by = ["name"]
    list_filter = [
        "published",
        "premiere",
        "kind",
        "exhibition",
        CountryFilter,
        SectorFilter,
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

    def search_matches(self, term):
        makers = Exhibitor.objects.filter(
            Q(name_en__trigram_word_similar=term) | Q(name_ru__trigram_word_similar=term)
        )
        return [
            *super().search_matches(term),
            Showcase.objects.filter(slug=term),
            Showcase.objects.filter(exhibitor__in=makers.values("pk")),
        ]
