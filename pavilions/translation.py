"""Fields kept in every language (django-modeltranslation adds ``<field>_en``, ``_zh_hans``, ``_ru``)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Hall, Pavilion, Section


@register(Hall)
class HallTranslation(TranslationOptions):
    fields = ("name",)
    # A hall's name is unique in its exhibition in each language: a missing translation is NULL,
    # never "", so that two halls without a Chinese name do not clash.
    empty_values = None


@register(Pavilion)
class PavilionTranslation(TranslationOptions):
    fields = ("name", "organiser", "location", "summary", "description", "image_alt")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "text")
