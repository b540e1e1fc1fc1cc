"""Admin for the programme: sessions with their people and organisations inline, and participations."""

from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline

from core.admin import PUBLISH_ACTIONS, LacksTranslationFilter, TranslatedAdmin, in_every_language
from programme.models import Participation, Session, SessionPerson


class SessionPersonInline(TranslationTabularInline):
    model = SessionPerson
    fields = ["person", "role", "note", "position"]
    autocomplete_fields = ["person"]
    extra = 0


class ParticipationInline(TranslationTabularInline):
    model = Participation
    fk_name = "session"
    fields = ["organisation", "kind", "role", "slug", "sources"]
    autocomplete_fields = ["organisation", "sources"]
    verbose_name = "organisation taking part"
    verbose_name_plural = "organisations taking part"
    extra = 0


@admin.register(Session)
class SessionAdmin(TranslatedAdmin):
    list_display = [
        "title",
        "kind",
        "exhibition",
        "date",
        "starts_at",
        "place",
        "published",
        "translations",
    ]
    list_select_related = ["exhibition"]
    list_filter = [
        "published",
        "kind",
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        "date",
        LacksTranslationFilter,
    ]
    search_fields = [*in_every_language("title"), "slug", *in_every_language("summary", "place")]
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["exhibition", "pavilion", "sectors", "showcases", "sources"]
    date_hierarchy = "date"
    actions = PUBLISH_ACTIONS
    inlines = [SessionPersonInline, ParticipationInline]
    fieldsets = [
        (
            None,
            {"fields": ["exhibition", "title", "slug", "original_language", "kind", "published"]},
        ),
        ("When and where", {"fields": ["date", "starts_at", "ends_at", "place", "pavilion"]}),
        ("About", {"fields": ["summary", "description", "sectors", "showcases"]}),
        ("Sources", {"fields": ["sources", "source_notes"]}),
    ]


@admin.register(Participation)
class ParticipationAdmin(TranslatedAdmin):
    list_display = [
        "organisation",
        "kind",
        "exhibition",
        "session",
        "pavilion",
        "role",
        "translations",
    ]
    list_select_related = ["organisation", "exhibition", "session", "pavilion"]
    list_filter = ["kind", ("exhibition", admin.RelatedOnlyFieldListFilter), LacksTranslationFilter]
    search_fields = [
        *in_every_language("organisation__name", "role"),
        "slug",
        *in_every_language("session__title"),
    ]
    autocomplete_fields = ["exhibition", "organisation", "session", "pavilion", "sources"]


@admin.register(SessionPerson)
class SessionPersonAdmin(TranslatedAdmin):
    list_display = ["person", "role", "session", "translations"]
    list_select_related = ["person", "session"]
    list_filter = ["role", LacksTranslationFilter]
    search_fields = in_every_language("person__name", "session__title")
    autocomplete_fields = ["session", "person"]
