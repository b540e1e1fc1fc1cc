"""schema.org structured data for pavilions (see :mod:`core.structured_data`).

A pavilion is an exhibition inside an exhibition: an ``ExhibitionEvent`` whose ``superEvent`` is its
edition, with the edition's dates and place, its own organiser, and the country it presents as ``about``.
"""

from core.structured_data import EVENT_SCHEDULED, compact, entity_ref, image_url, register
from exhibitions.structured_data import (
    country_data,
    event_dates,
    exhibition_place,
    exhibition_ref,
    organiser_data,
)
from pavilions.models import Pavilion


def pavilion_place(pavilion):
    """The pavilion's hall or zone inside the exhibition's venue, or the venue itself.

    The venue's address gives the city only: the pavilion page does not fetch the exhibition's
    country, and the exhibition's own JSON-LD (its ``superEvent``) has the full address.
    """
    venue = exhibition_place(pavilion.exhibition, with_country=False)
    if not pavilion.location:
        return venue
    return {"@type": "Place", "name": pavilion.location, "containedInPlace": venue}


@register(Pavilion)
def pavilion_data(pavilion, request=None):
    if not pavilion.published:
        return None
    exhibition = pavilion.exhibition
    data = entity_ref(pavilion, "ExhibitionEvent", "event", request)
    data.update(
        {
            "description": pavilion.summary,
            "image": image_url(pavilion.image, request),
            **event_dates(exhibition),
            "eventStatus": EVENT_SCHEDULED,
            "location": pavilion_place(pavilion),
            "organizer": organiser_data(pavilion.organiser),
            "superEvent": exhibition_ref(exhibition, request),
            "about": country_data(pavilion.country),
        }
    )
    return compact(data)
