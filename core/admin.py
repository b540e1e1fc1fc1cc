"""The admin site's titles and what every app's admin shares: publish actions, image filters and
previews, URL fields that assume https."""

from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models, transaction
from django.utils.html import format_html
from django.utils.translation import ngettext

from core.images import no_image

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
