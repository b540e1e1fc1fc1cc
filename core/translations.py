"""Records' texts in three languages: django-modeltranslation's columns, and the rules we add to it.

Each translated field ``name`` has a column per language (``name_en``, ``name_zh_hans``,
``name_ru``) beside the original ``name`` column. Reading ``record.name`` gives the active
language's text, or the English one when that is empty (``MODELTRANSLATION_FALLBACK_LANGUAGES``).

What we add:

- the original column always holds the English text: Django writes the value it reads through
  modeltranslation's attribute, which is the active language's text, and :func:`saved_in_english`
  makes that English whatever the page's language (a loader, with no language active, reads English
  too), so that anything reading the column itself (raw SQL, a database dump) reads English;
- the active language is dropped when a request ends (:func:`forget_request_language`): the
  language of the last page served must not decide which column a later write lands in.
"""

from django.conf import settings
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
LANGUAGE_CODES = tuple(code for code, _ in settings.LANGUAGES)


def translated_fields(model):
    """The names of ``model``'s translated fields, or () when it has none."""
    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()


def column(field, language):
    """``column("name", "zh-hans")`` → ``"name_zh_hans"``."""
    return build_localized_fieldname(field, language)


def columns(field):
    """The field's column in every language, English first."""
    return [column(field, language) for language in LANGUAGE_CODES]


def is_translated(instance, field, language):
    """Whether ``instance`` has its own text for ``field`` in ``language`` (not a fallback)."""
    return bool(getattr(instance, column(field, language)))


def forget_request_language(**kwargs):
    """``request_finished``: back to the default language once a response is sent."""
    translation.deactivate()


def saved_in_english(model):
    """Make ``model.save()`` run with English active. Django reads each field's value to write
    through its attribute, and modeltranslation's attribute for ``name`` is the active language's
    text: saved during a Russian page, the original column would take the Russian name."""
    save = model.save

    def save_in_english(self, *args, **kwargs):
        with translation.override(DEFAULT_LANGUAGE):
            return save(self, *args, **kwargs)

    save_in_english.__wrapped__ = save
    model.save = save_in_english


def connect_signals():
    from django.core.signals import request_finished

    for model in translator.get_registered_models(abstract=False):
        saved_in_english(model)
    request_finished.connect(forget_request_language, dispatch_uid="translations-forget-language")


def missing_translations(instance, language):
    """The translated fields of ``instance`` that have English text but none in ``language``."""
    if language == DEFAULT_LANGUAGE:
        return []
    return [
        field
        for field in translated_fields(type(instance))
        if getattr(instance, column(field, DEFAULT_LANGUAGE))
        and not is_translated(instance, field, language)
    ]
