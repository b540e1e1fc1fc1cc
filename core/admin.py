"""The admin site's titles and what every app's admin shares: publish actions, image filters and
previews, URL fields that assume https, and the admin of records whose texts are translated.

Translated records (their fields registered in ``<app>/translation.py``) get a
:class:`TranslatedAdmin`, django-modeltranslation's ``TranslationAdmin``: the form shows each
translated field ``name`` as its three inputs, "name [en]", "name [zh-hans]" and "name [ru]", one
under the other, and never the original ``name`` column (which is written from the
English one, ``core.translations``). Fieldsets, ``fields`` and ``readonly_fields`` keep naming the
field (``"name"``): modeltranslation puts the three inputs in its place. ``prepopulated_fields``
and ``search_fields`` name the columns themselves (``"name_en"``, :func:`in_every_language`).
Inlines are modeltranslation's ``TranslationTabularInline`` and ``TranslationStackedInline``.

What a translated record lacks: the "translations" list column (:meth:`TranslatedAdmin.translations`)
and the "translation" list filter (:class:`LacksTranslationFilter`). A record lacks a language when
one of its translated fields has English text and no text in that language; an empty English field
has nothing to translate.
"""

from django.conf.locale import LANG_INFO
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import models, transaction
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from core.images import no_image
from core.translations import (
    DEFAULT_LANGUAGE,
    LANGUAGE_CODES,
    column,
    missing_translations,
    translated_fields,
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


# Translated records.

# The languages a record is translated into, from its English text.
TRANSLATION_LANGUAGES = tuple(code for code in LANGUAGE_CODES if code != DEFAULT_LANGUAGE)


def language_name(code):
    """The language's English name, for the English-only admin: "Simplified Chinese", "Russian"."""
    return LANG_INFO[code]["name"]


def in_every_language(*lookups):
    """Search fields for translated fields: each lookup on every language's column.

    ``in_every_language("name", "=countries__name")`` → ``["name_en", "name_zh_hans", "name_ru",
    "=countries__name_en", ...]``: the lookup's last part must be a translated field."""
    expanded = []
    for lookup in lookups:
        prefix = lookup[0] if lookup[0] in "^=@" else ""
        expanded += [prefix + column(lookup.removeprefix(prefix), code) for code in LANGUAGE_CODES]
    return expanded


def _filled(name):
    return Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""})


def lacks_translation(fields, language):
    """A ``Q`` for the records lacking ``language``: one of ``fields`` has English text and an
    empty (or NULL) column in ``language``. One condition on each row's own columns: no join, no
    subquery."""
    condition = Q(pk__in=[])  # no translated fields: nothing lacks
    for field in fields:
        other = column(field, language)
        condition |= _filled(column(field, DEFAULT_LANGUAGE)) & (
            Q(**{other: ""}) | Q(**{f"{other}__isnull": True})
        )
    return condition


def translation_status(obj):
    """The "translations" column: "zh-hans ✓, ru —", each language's missing fields in its title."""
    parts = []
    for language in TRANSLATION_LANGUAGES:
        missing = missing_translations(obj, language)
        if missing:
            names = ", ".join(str(type(obj)._meta.get_field(f).verbose_name) for f in missing)
            parts.append(
                format_html(
                    '<span title="{} lacks: {}">{} —</span>',
                    language_name(language),
                    names,
                    language,
                )
            )
        else:
            parts.append(
                format_html(
                    '<span title="{} complete">{} ✓</span>', language_name(language), language
                )
            )
    return format_html_join(", ", "{}", ((part,) for part in parts))


class LacksTranslationFilter(admin.SimpleListFilter):
    """The records lacking a language (see :func:`lacks_translation`), either of them, or none."""

    title = "translation"
    parameter_name = "lacks_translation"
    EITHER = "either"
    COMPLETE = "complete"

    def lookups(self, request, model_admin):
        names = [language_name(code) for code in TRANSLATION_LANGUAGES]
        return [
            *[(code, f"Lacks {language_name(code)}") for code in TRANSLATION_LANGUAGES],
            (self.EITHER, f"Lacks {' or '.join(names)}"),
            (self.COMPLETE, "Complete in every language"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        fields = translated_fields(queryset.model)
        lacking = {code: lacks_translation(fields, code) for code in TRANSLATION_LANGUAGES}
        if value in lacking:
            return queryset.filter(lacking[value])
        either = Q(pk__in=[])
        for condition in lacking.values():
            either |= condition
        if value == self.EITHER:
            return queryset.filter(either)
        if value == self.COMPLETE:
            return queryset.exclude(either)
        return queryset


class TranslatedAdmin(TranslationAdmin):
    """The admin of a model with translated fields (see the module's docstring). Add
    ``"translations"`` to ``list_display`` and :class:`LacksTranslationFilter` to ``list_filter``."""

    @admin.display(description="translations")
    def translations(self, obj):
        return translation_status(obj)
