"""Admin for the programme: sessions with their people and organisations inline, and participations."""

from django.contrib import admin

from core.admin import PUBLISH_ACTIONS
from programme.models import Participation, Session, SessionPerson


class SessionPersonInline(admin.TabularInline):
    model = SessionPerson
    fields = ["person", "role", "note", "position"]
    autocomplete_fields = ["person"]
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    fk_name = "session"
    fields = ["organisation", "kind", "role", "slug", "sources"]
    autocomplete_fields = ["organisation", "sources"]
    verbose_name = "organisation taking part"
    verbose_name_plural = "organisations taking part"
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "exhibition", "date", "starts_at", "place", "published"]
    list_select_related = ["exhibition"]
    list_filter = ["published", "kind", ("exhibition", admin.RelatedOnlyFieldListFilter), "date"]
    search_fields = ["title", "slug", "summary", "place"]
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["exhibition", "pavilion", "sectors", "showcases", "sources"]
    date_hierarchy = "date"
    actions = PUBLISH_ACTIONS
    inlines = [SessionPersonInline, ParticipationInline]
    fieldsets = [
        (None, {"fields": ["exhibition", "title", "slug", "kind", "published"]}),
        ("When and where", {"fields": ["date", "starts_at", "ends_at", "place", "pavilion"]}),
        ("About", {"fields": ["summary", "description", "sectors", "showcases"]}),
        ("Sources", {"fields": ["sources", "source_notes"]}),
    ]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "exhibition", "session", "pavilion", "role"]
    list_select_related = ["organisation", "exhibition", "session", "pavilion"]
    list_filter = ["kind", ("exhibition", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["organisation__name", "role", "slug", "session__title"]
    autocomplete_fields = ["exhibition", "organisation", "session", "pavilion", "sources"]


@admin.register(SessionPerson)
class SessionPersonAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "session"]
    list_select_related = ["person", "session"]
    list_filter = ["role"]
    search_fields = ["person__name", "session__title"]
    autocomplete_fields = ["session", "person"]
