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
and the "translation" list filter (:class:`LacksTranslationFilter`, which an index per language
answers on a large table: :func:`lacks_translation_index`). A record lacks a language when
one of its translated fields has English text and no text in that language; an empty English field
has nothing to translate.
"""

from django.conf.locale import LANG_INFO
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import connections, models, transaction
from django.db.models import BooleanField, ExpressionWrapper, Func, Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from core.images import no_image
from core.paginators import EstimatedCountPaginator
from core.search import clean_query, name_columns, terms, ts_query
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
            # A file name after the empty one: neither empty nor NULL, and a range an index on
            # the column answers (``exclude(no_image(...))`` would be a NOT, which none does).
            return queryset.filter(**{f"{self.image_field}__gt": ""})
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
    subquery. The fields are taken in alphabetical order, so the condition reads the same wherever
    it is written, an index's expression among them (:func:`lacks_translation_index`)."""
    condition = Q(pk__in=[])  # no translated fields: nothing lacks
    for field in sorted(fields):
        other = column(field, language)
        condition |= _filled(column(field, DEFAULT_LANGUAGE)) & (
            Q(**{other: ""}) | Q(**{f"{other}__isnull": True})
        )
    return condition


def lacks(model, language):
    """Whether a record of ``model`` lacks ``language``, as a boolean expression (never NULL)."""
    return ExpressionWrapper(
        lacks_translation(translated_fields(model), language), output_field=BooleanField()
    )


class Holds(Func):
    """``(condition) IS TRUE``, or ``IS FALSE``: a test PostgreSQL answers from an index on the
    condition (:func:`lacks_translation_index`), where it would merge a plain ``OR`` of two
    conditions into one, or push a ``NOT`` inside one, and so find no index for either."""

    output_field = BooleanField()

    def __init__(self, condition, holds=True):
        super().__init__(condition, template=f"(%(expressions)s) IS {str(holds).upper()}")


def lacks_translation_index(model, language):
    """An index on :func:`lacks` for ``language``: PostgreSQL answers the translation filter from
    it instead of reading every row, for the language, either language (two index scans, OR-ed)
    and neither (two index scans, AND-ed), all tested with :class:`Holds`. For a migration (see
    :func:`lacks_translation_index_operations`), on tables of hundreds of thousands of rows."""
    name = f"{model._meta.db_table}_lacks_{language.replace('-', '_')}"
    return models.Index(lacks(model, language), name=name)


def lacks_translation_index_operations(app_label, model_name):
    """Migration operations creating :func:`lacks_translation_index` for each translation language
    on PostgreSQL (the condition is that of the model's translated fields as registered now)."""
    from django.apps import apps
    from django.db import migrations

    def run(method):
        def operation(historical_apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                model = apps.get_model(app_label, model_name)
                for code in TRANSLATION_LANGUAGES:
                    getattr(schema_editor, method)(model, lacks_translation_index(model, code))

        return operation

    return [migrations.RunPython(run("add_index"), run("remove_index"))]


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
        model = queryset.model
        if value in TRANSLATION_LANGUAGES:
            return queryset.filter(Holds(lacks(model, value)))
        if value == self.EITHER:
            return queryset.filter(
                Q(*[Holds(lacks(model, code)) for code in TRANSLATION_LANGUAGES], _connector=Q.OR)
            )
        if value == self.COMPLETE:
            return queryset.filter(
                *[Holds(lacks(model, code), False) for code in TRANSLATION_LANGUAGES]
            )
        return queryset


class TranslatedAdmin(TranslationAdmin):
    """The admin of a model with translated fields (see the module's docstring). Add
    ``"translations"`` to ``list_display`` and :class:`LacksTranslationFilter` to ``list_filter``."""

    @admin.display(description="translations")
    def translations(self, obj):
        return translation_status(obj)


# Large tables (see also core.paginators).


class IndexedSearchMixin:
    """A changelist search (and the autocompletes of the model) that indexes answer, on PostgreSQL.

    Django's admin search tests ``icontains`` on every ``search_fields`` column of every row:
    seconds over a table of millions, and with ``DISTINCT`` once a search field crosses a
    many-to-many relation. On PostgreSQL this admin searches instead the union of
    :meth:`search_matches`: by default the model's own full-text search (``core.search``: the
    search vector's GIN index, and the names' trigram indexes for a misspelt or partly typed name),
    in every language. SQLite, the embedded database of small directories, keeps Django's search
    over ``search_fields``.

    With :attr:`search_limit` set, each kind of match stops at that many records, found in the
    table's order: a common word matches a tenth of three million showcases, and finding them all
    to sort them by name reads most of the table. The list says so when a search reaches the limit.
    """

    #: The most records of each kind of match a search lists (None: all of them).
    search_limit = None

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip() or connections[queryset.db].vendor != "postgresql":
            return super().get_search_results(request, queryset, search_term)
        parts = [part.order_by().values("pk") for part in self.search_matches(search_term)]
        if not parts:
            return queryset.none(), False
        if self.search_limit is None:
            return queryset.filter(pk__in=parts[0].union(*parts[1:])), False
        parts = [part[: self.search_limit] for part in parts]
        found = [row["pk"] for row in parts[0].union(*parts[1:])]
        if len(found) >= self.search_limit and request.resolver_match.view_name.endswith(
            "_changelist"
        ):
            self.message_user(
                request,
                f"Many records match “{search_term}”: this list shows the first "
                f"{self.search_limit:,} of each kind of match. Add a word or a filter to see others.",
                messages.WARNING,
            )
        return queryset.filter(pk__in=found), False

    def search_matches(self, term):
        """Querysets of the records matching ``term``, each answered by an index: the result is
        their union. By default those of the model's full-text search (``core.search.match``, part
        by part so that each can stop at :attr:`search_limit`): its search vector, and the
        trigrams of its name in English and in Russian. Override to add, e.g., a slug or a related
        record's name."""
        query = " ".join(terms(clean_query(term)))
        if not query:
            return []
        records = self.model._default_manager.all()
        names = name_columns(self.model, records.search_fields[0])
        return [
            records.filter(search_vector=ts_query(query)),
            *[records.filter(**{f"{name}__trigram_word_similar": query}) for name in names],
        ]


class LargeTableAdmin(IndexedSearchMixin):
    """What the admin of a table of tens of thousands of rows or more needs: on PostgreSQL, counts
    of a large list that are estimates (:class:`~core.paginators.EstimatedCountPaginator`, shown as
    "about N") and far pages read from the end; no second count of the whole table beside a
    filtered one (Django's ``show_full_result_count``: the "Show all" link instead of "N total");
    and a search that indexes answer (:class:`IndexedSearchMixin`). Its ``ordering`` must be one an
    index serves, and its list filters must neither join a many-to-many relation (``DISTINCT`` over
    every matching row) nor list the rows of a large table."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    search_limit = 1000
