"""What the share cards of the expo-wide records show (see :mod:`core.share_cards`): an exhibition,
a country and a sector; and the pieces other apps reuse (an edition's dates and place, its number).

The builders run under the card's language: the records' texts come translated, the fixed texts
through gettext and the dates through ``core/dates.py``."""

from django.db.models import Count, Q
from django.utils.translation import gettext, ngettext, pgettext

from core.share_cards import Card, date_range, joined, register
from exhibitions.models import Country, Exhibition, Sector


def edition_label(exhibition):
    """``Edition 5``, ``5-я выставка``, ``第 5 届`` (the exhibition page's words); "" without one."""
    if not exhibition.edition:
        return ""
    return gettext("Edition %(edition)s") % {"edition": exhibition.edition}


def exhibition_kind(exhibition):
    """``Exhibition · Edition 5`` (one string, so a language can say it once: ``5-я выставка``)."""
    if not exhibition.edition:
        return gettext("Exhibition")
    return pgettext(
        "share card: the kind of an exhibition's page, with its edition number",
        "Exhibition · Edition %(edition)s",
    ) % {"edition": exhibition.edition}


def exhibition_when(exhibition, place=None):
    """An edition's dates and place, as a card's footer gives them: ``22–24 August 2022 · Chongqing``."""
    return joined(date_range(exhibition.starts_on, exhibition.ends_on), place or exhibition.city)


def current_exhibition_footer():
    """``event`` and ``when`` of the current edition, for cards of pages that span editions."""
    exhibition = Exhibition.objects.current()
    if exhibition is None:
        return {}
    return {"event": exhibition.name, "when": exhibition_when(exhibition)}


def _exhibition(slug):
    return Exhibition.objects.select_related("country").filter(slug=slug).first()


@register(Exhibition, "exhibition", lookup=_exhibition)
def exhibition_card(exhibition):
    return Card(
        title=exhibition.name,
        kind=exhibition_kind(exhibition),
        local_name=exhibition.local_name,
        detail=exhibition.theme,
        countries=((exhibition.country.code, exhibition.country.name),),
        when=exhibition_when(exhibition, exhibition.venue),
    )


def _country(slug):
    # The URL's code is the lower-case one (/countries/by/); the stored one is upper-case.
    if len(slug) != 2 or not slug.isascii() or not slug.isalpha() or slug != slug.lower():
        return None
    return (
        Country.objects.filter(code=slug.upper())
        .annotate(
            exhibitor_count=Count(
                "exhibitors", filter=Q(exhibitors__published=True), distinct=True
            ),
            pavilion_count=Count("pavilions", filter=Q(pavilions__published=True), distinct=True),
        )
        .first()
    )


@register(Country, "country", lookup=_country, slug=lambda country: country.code.lower())
def country_card(country):
    exhibitors, pavilions = country.exhibitor_count, country.pavilion_count
    return Card(
        title=country.name,
        kind=gettext("Country"),
        detail=joined(
            ngettext("%(counter)s exhibitor", "%(counter)s exhibitors", exhibitors)
            % {"counter": exhibitors},
            ngettext("%(counter)s pavilion", "%(counter)s pavilions", pavilions)
            % {"counter": pavilions},
        ),
        countries=((country.code, ""),),
        **current_exhibition_footer(),
    )


def _sector(slug):
    return Sector.objects.select_related("parent").filter(slug=slug).first()


@register(Sector, "sector", lookup=_sector)
def sector_card(sector):
    return Card(
        title=sector.name,
        kind=joined(gettext("Sector"), sector.parent.name if sector.parent_id else ""),
        detail=sector.description,
        **current_exhibition_footer(),
    )
