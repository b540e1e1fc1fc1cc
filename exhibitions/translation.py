"""Fields kept in every language (django-modeltranslation adds ``<field>_en``, ``_zh_hans``, ``_ru``)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Country, Exhibition, KeyFigure, Person, Quote, Sector


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Exhibition)
class ExhibitionTranslation(TranslationOptions):
    fields = ("name", "city", "venue", "theme", "summary", "description")


@register(KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ("label",)


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("name", "role", "bio")


@register(Quote)
class QuoteTranslation(TranslationOptions):
    # The quotation itself stays as the source reports it.
    fields = ("occasion",)
