"""What the share card of a pavilion shows (see :mod:`core.share_cards`), in the card's language."""

from django.utils.translation import gettext

from core.share_cards import Card, joined, register
from exhibitions.share_cards import exhibition_when
from pavilions.models import Pavilion


def _pavilion(slug):
    return (
        Pavilion.objects.published()
        .select_related("exhibition", "country")
        .filter(slug=slug)
        .first()
    )


@register(Pavilion, "pavilion", lookup=_pavilion)
def pavilion_card(pavilion):
    country = pavilion.country
    if country:
        kind = joined(gettext("Pavilion"), pavilion.location)
    else:
        kind = gettext("Themed pavilion")
    return Card(
        title=pavilion.name,
        kind=kind,
        countries=((country.code, country.name),) if country else (),
        event=pavilion.exhibition.name,
        when=exhibition_when(pavilion.exhibition),
    )
