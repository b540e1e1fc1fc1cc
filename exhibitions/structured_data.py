"""JSON-LD for the expo-wide records: an exhibition edition, and the pieces other apps reuse (its
place, dates and organiser, a country)."""

from core.structured_data import EVENT_SCHEDULED, compact, entity_ref, register
from exhibitions.models import Exhibition


def country_data(country):
    """A country as schema.org ``Country``, named and identified by its ISO 3166-1 code."""
    if country is None:
        return None
    return {"@type": "Country", "name": country.name, "identifier": country.code}


def exhibition_place(exhibition, with_country=True):
    """Where an exhibition takes place: its venue (or city) with a postal address.

    ``with_country=False`` leaves out ``addressCountry`` for pages that have not fetched the
    exhibition's country, rather than spend a query on it.
    """
    address = {"@type": "PostalAddress", "addressLocality": exhibition.city}
    if with_country:
        address["addressCountry"] = exhibition.country.code
    return {"@type": "Place", "name": exhibition.venue or exhibition.city, "address": address}


def event_dates(exhibition):
    """An edition's first and last day, which its pavilions share."""
    return {
        "startDate": exhibition.starts_on.isoformat() if exhibition.starts_on else None,
        "endDate": exhibition.ends_on.isoformat() if exhibition.ends_on else None,
    }


def organiser_data(name):
    """An organiser named in free text, as an ``Organization``; ``None`` without a name."""
    return {"@type": "Organization", "name": name} if name else None


def exhibition_ref(exhibition, request=None):
    """A short reference to an exhibition, for other entities' ``superEvent`` or ``event``."""
    return entity_ref(exhibition, "ExhibitionEvent", "event", request)


@register(Exhibition)
def exhibition_data(exhibition, request=None):
    """An exhibition edition as ``ExhibitionEvent``: dates, place, organiser, official website.

    The attendance mode is left out: the directory does not record whether an edition was also
    held online.
    """
    data = exhibition_ref(exhibition, request)
    data.update(
        {
            "alternateName": exhibition.local_name,
            "description": exhibition.summary,
            "sameAs": exhibition.website,
            **event_dates(exhibition),
            "eventStatus": EVENT_SCHEDULED,
            "location": exhibition_place(exhibition),
            "organizer": organiser_data(exhibition.organisers),
        }
    )
    return compact(data)
