"""schema.org structured data for pavilions (see :mod:`expo.structured_data`).

A pavilion is an exhibition inside an exhibition: an ``ExhibitionEvent`` whose ``superEvent`` is its
edition, with the edition's dates and place, its own organiser, and the country it presents as ``about``.
"""

from expo.structured_data import (
    EVENT_SCHEDULED,
    absolute_url,
    compact,
    country_data,
    exhibition_place,
    exhibition_ref,
    image_url,
    node_id,
    register,
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


def pavilion_ref(pavilion, request=None):
    return {
        "@type": "ExhibitionEvent",
        "@id": node_id(pavilion, "event", request),
        "name": pavilion.name,
        "url": absolute_url(pavilion.get_absolute_url(), request),
    }


@register(Pavilion)
def pavilion_data(pavilion, request=None):
    if not pavilion.published:
        return None
    exhibition = pavilion.exhibition
    data = pavilion_ref(pavilion, request)
    data.update(
        {
            "description": pavilion.summary,
            "image": image_url(pavilion.image, request),
            "startDate": exhibition.starts_on.isoformat() if exhibition.starts_on else None,
            "endDate": exhibition.ends_on.isoformat() if exhibition.ends_on else None,
            "eventStatus": EVENT_SCHEDULED,
            "location": pavilion_place(pavilion),
            "organizer": (
                {"@type": "Organization", "name": pavilion.organiser}
                if pavilion.organiser
                else None
            ),
            "superEvent": exhibition_ref(exhibition, request),
            "about": country_data(pavilion.country),
        }
    )
    return compact(data)
