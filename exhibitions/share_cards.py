"""What the share cards of the expo-wide records show (see :mod:`core.share_cards`): an exhibition,
a country and a sector; and the pieces other apps reuse (an edition's dates and place)."""

from django.db.models import Count, Q

from core.share_cards import Card, count_of, date_range, joined, register
from exhibitions.models import Country, Exhibition, Sector


def ordinal(number):
    """``1st``, ``2nd``, ``3rd``, ``4th``, ``11th``, ``22nd``."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


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
    edition = f"{ordinal(exhibition.edition)} edition" if exhibition.edition else ""
    return Card(
        title=exhibition.name,
        kind=joined("Exhibition", edition),
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
    return Card(
        title=country.name,
        kind="Country",
        detail=joined(
            count_of(country.exhibitor_count, "exhibitor"),
            count_of(country.pavilion_count, "pavilion"),
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
        kind=joined("Sector", sector.parent.name if sector.parent_id else ""),
        detail=sector.description,
        **current_exhibition_footer(),
    )
