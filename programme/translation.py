"""Fields kept in every language (django-modeltranslation adds ``<field>_en``, ``_zh_hans``, ``_ru``)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Participation, Session, SessionPerson


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title", "place", "summary", "description")


@register(SessionPerson)
class SessionPersonTranslation(TranslationOptions):
    fields = ("note",)


@register(Participation)
class ParticipationTranslation(TranslationOptions):
    fields = ("role",)
