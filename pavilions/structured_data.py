"""schema.org structured data for pavilions (see :mod:`core.structured_data`).

A pavilion is an exhibition inside an exhibition: an ``ExhibitionEvent`` whose ``superEvent`` is its
edition, with the edition's dates, place and attendance mode, and the country it presents as
``about``. Its ``image`` is its photo, if any, and its share card.

Its ``organiser`` is free text ("Consulate General of Belarus in Chongqing, with partner companies"),
so no ``organizer`` is emitted (see :mod:`exhibitions.structured_data`). The page's quotations (of the
people named with the pavilion) are page-level nodes.
"""

from core.structured_data import (
    EVENT_SCHEDULED,
    compact,
    entity_ref,
    fetched,
    image_url,
    register,
    register_page,
    share_card_url,
)
from exhibitions.structured_data import (
    attendance_mode,
    country_data,
    event_dates,
    exhibition_place,
    exhibition_ref,
    quotations_of,
)
from pavilions.models import Pavilion


def pavilion_place(pavilion):
    """The pavilion's hall or zone inside the exhibition's venue, or the venue itself.

    The venue's address has its country only if the page fetched the exhibition's country (see
    ``exhibition_place``); the exhibition's own JSON-LD (its ``superEvent``) has the full address.
    """
    venue = exhibition_place(pavilion.exhibition)
    if not pavilion.location:
        return venue
    return {"@type": "Place", "name": pavilion.location, "containedInPlace": venue}


@register(Pavilion)
def pavilion_data(pavilion, request=None):
    if not pavilion.published:
        return None
    exhibition = pavilion.exhibition
    data = entity_ref(pavilion, "ExhibitionEvent", "event", request)
    images = [
        image_url(pavilion.image, request),
        share_card_url("pavilion", pavilion.slug, request),
    ]
    data.update(
        {
            "description": pavilion.summary,
            "image": [url for url in images if url],
            **event_dates(exhibition),
            "eventStatus": EVENT_SCHEDULED,
            "eventAttendanceMode": attendance_mode(exhibition),
            "location": pavilion_place(pavilion),
            "superEvent": exhibition_ref(exhibition, request),
            "about": country_data(pavilion.country),
        }
    )
    return compact(data)


@register_page("pavilions:pavilion_detail")
def pavilion_page(context, request=None):
    """A pavilion page's quotations, from the people the view prefetched with their quotes."""
    pavilion = context.get("pavilion")
    if pavilion is None:
        return []
    return quotations_of(fetched(pavilion.people.all()), request)
