"""Fields kept in every language (django-modeltranslation adds ``<field>_en``, ``_zh_hans``, ``_ru``)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Exhibitor, Showcase


@register(Exhibitor)
class ExhibitorTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "headquarters")


@register(Showcase)
class ShowcaseTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "image_alt")
