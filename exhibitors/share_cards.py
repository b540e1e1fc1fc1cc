"""What the share cards of exhibitors and showcases show (see :mod:`core.share_cards`).

An exhibitor's card names the edition of its latest stand; a showcase's, the edition it was shown
at, its maker and the maker's countries. The fixed texts go through gettext when the card is built,
under the card's language.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext, pgettext

from core.share_cards import Card, joined, register, register_page
from exhibitions.share_cards import exhibition_when
from exhibitors.models import Exhibitor, Showcase, Stand


def _exhibitor(slug):
    stands = Stand.objects.select_related("exhibition").order_by(
        "-exhibition__year", "-exhibition__starts_on"
    )
    return (
        Exhibitor.objects.published()
        .prefetch_related("countries", Prefetch("stands", queryset=stands))
        .filter(slug=slug)
        .first()
    )


def _countries(exhibitor):
    return tuple((country.code, country.name) for country in exhibitor.countries.all())


@register(Exhibitor, "exhibitor", lookup=_exhibitor)
def exhibitor_card(exhibitor):
    stands = exhibitor.stands.all()
    exhibition = stands[0].exhibition if stands else None
    return Card(
        title=exhibitor.name,
        kind=joined(gettext("Exhibitor"), exhibitor.get_kind_display()),
        local_name=exhibitor.local_name,
        countries=_countries(exhibitor),
        event=exhibition.name if exhibition else "",
        when=exhibition_when(exhibition) if exhibition else "",
    )


def _showcase(slug):
    return (
        Showcase.objects.published()
        .select_related("exhibition", "exhibitor")
        .prefetch_related("exhibitor__countries")
        .filter(slug=slug)
        .first()
    )


@register(Showcase, "showcase", lookup=_showcase)
def showcase_card(showcase):
    maker = showcase.exhibitor
    made_by = pgettext("share card: the maker of a showcase", "By %(maker)s")
    premiere = pgettext("badge: a product shown for the first time", "Premiere")
    return Card(
        title=showcase.name,
        kind=joined(
            gettext("Showcase"),
            showcase.get_kind_display(),
            premiere if showcase.premiere else "",
        ),
        detail=made_by % {"maker": maker.name} if maker else "",
        countries=_countries(maker) if maker else (),
        event=showcase.exhibition.name,
        when=exhibition_when(showcase.exhibition),
    )


@register_page("floor-plan", view_names=("exhibitors:floor_plan",))
def floor_plan_card():
    """The floor plans' card: a named page (the card URL carries no exhibition)."""
    return Card(
        title=gettext("Floor plan"),
        kind=pgettext("share card: what the floor plan shows", "Halls and stands"),
        detail=gettext("Every published stand position, linked to its exhibitor"),
    )
