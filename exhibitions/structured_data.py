"""JSON-LD for the expo-wide records: an exhibition edition, and the pieces other apps reuse (its
place, dates and attendance mode, a country, a person, a quotation).

What the records cannot say is left out rather than guessed:

- **Organiser.** ``Pavilion.organiser`` is free text ("Consulate General of Belarus in Chongqing,
  with partner companies"): a sentence, not the name of an organisation with a page or a website. An
  ``organizer`` is an ``Organization`` taken from a record that links the event to an organisation:
  an "organiser" participation (``programme.Participation``). This floor cannot read those, so
  :func:`exhibition_data` names only the organisers its caller passes (the exhibition page does, see
  ``expo.structured_data``) and otherwise emits none.
- **Attendance mode.** ``OfflineEventAttendanceMode`` ("primarily conducted offline") only for an
  edition whose record names the venue it was held at: the sources place it there. An edition known
  only by its city (the 2021 edition, which its description says was held online and on site) gets no
  mode, since the records do not say how much of it was online.
- **People.** A person has a page (``/people/<slug>/``): a ``Person`` node has its ``url`` and an
  ``@id`` under it (``#person``), so every page that names someone points to the same node.
  ``nationality`` is the person's country when the page fetched it with the person; ``worksFor`` only
  where the caller knows the organisation (see ``exhibitors.structured_data``), never from the role's
  text alone.
"""

from core.structured_data import (
    EVENT_SCHEDULED,
    OFFLINE_ATTENDANCE,
    absolute_url,
    cached_related,
    compact,
    entity_ref,
    fetched,
    register,
    share_card_url,
)
from exhibitions.models import Exhibition


def country_data(country):
    """A country as schema.org ``Country``, named and identified by its ISO 3166-1 code."""
    if country is None:
        return None
    return {"@type": "Country", "name": country.name, "identifier": country.code}


def exhibition_place(exhibition):
    """Where an exhibition takes place: its venue (or city) with a postal address.

    The address has the city, and the country's code when the page fetched the exhibition's country
    with it (``select_related``): a page that did not gets no ``addressCountry`` rather than spend a
    query on it.
    """
    country = cached_related(exhibition, "country")
    address = compact(
        {
            "@type": "PostalAddress",
            "addressLocality": exhibition.city,
            "addressCountry": country.code if country else None,
        }
    )
    return {"@type": "Place", "name": exhibition.venue or exhibition.city, "address": address}


def event_dates(exhibition):
    """An edition's first and last day, which its pavilions share."""
    return {
        "startDate": exhibition.starts_on.isoformat() if exhibition.starts_on else None,
        "endDate": exhibition.ends_on.isoformat() if exhibition.ends_on else None,
    }


def attendance_mode(exhibition):
    """``OfflineEventAttendanceMode`` when the edition's record names its venue, else ``None``."""
    return OFFLINE_ATTENDANCE if exhibition.venue else None


def exhibition_ref(exhibition, request=None):
    """A short reference to an exhibition, for other entities' ``superEvent`` or ``event``."""
    return entity_ref(exhibition, "ExhibitionEvent", "event", request)


@register(Exhibition)
def exhibition_data(exhibition, request=None, organizers=()):
    """An exhibition edition as ``ExhibitionEvent``: dates, place, status, attendance mode, share
    card, official website, and ``organizer``: the ``Organization`` references given, if any (see
    the module docstring).

    ``sameAs`` is the edition's official website, the one outside page that identifies it.
    """
    data = exhibition_ref(exhibition, request)
    data.update(
        {
            "alternateName": exhibition.local_name,
            "description": exhibition.summary,
            "sameAs": exhibition.website,
            "image": [share_card_url("exhibition", exhibition.slug, request)],
            **event_dates(exhibition),
            "eventStatus": EVENT_SCHEDULED,
            "eventAttendanceMode": attendance_mode(exhibition),
            "location": exhibition_place(exhibition),
            "organizer": list(organizers),
        }
    )
    return compact(data)


def person_id(person, request=None):
    """The ``@id`` of a person: their page's URL (``/people/<slug>/``) and ``#person``."""
    return absolute_url(person.get_absolute_url(), request) + "#person"


def person_data(person, request=None, works_for=None):
    """A person as ``Person``: name, page, other spellings, role as ``jobTitle``, country as
    ``nationality`` (if fetched with the person); ``worksFor`` the reference or references given (an
    organisation's ``{"@id": ...}``), if any."""
    return compact(
        {
            "@type": "Person",
            "@id": person_id(person, request),
            "name": person.name,
            "url": absolute_url(person.get_absolute_url(), request),
            "alternateName": person.alternate_names,
            "jobTitle": person.role,
            "nationality": country_data(cached_related(person, "country")),
            "worksFor": works_for,
        }
    )


def source_data(source, request=None):
    """Where a quotation was reported, as a ``CreativeWork`` citation."""
    if source is None:
        return None
    return compact(
        {
            "@type": "CreativeWork",
            "name": source.title,
            "url": source.url,
            "publisher": (
                {"@type": "Organization", "name": source.publisher} if source.publisher else None
            ),
            "datePublished": source.published_on.isoformat() if source.published_on else None,
        }
    )


def quotation_data(quote, person, request=None):
    """A quote as ``Quotation``: its words, the person who said them as ``creator``, the day if known
    (``dateCreated``) and the source that reported it (``citation``, when it was fetched with it)."""
    return compact(
        {
            "@type": "Quotation",
            "text": quote.text,
            "creator": person_data(person, request),
            "dateCreated": quote.said_on.isoformat() if quote.said_on else None,
            "citation": source_data(cached_related(quote, "source"), request),
        }
    )


def quotations_of(people, request=None):
    """``Quotation`` nodes for the quotes of ``people`` (already fetched, quotes prefetched)."""
    nodes = []
    for person in people or ():
        for quote in fetched_quotes(person):
            nodes.append(quotation_data(quote, person, request))
    return nodes


def fetched_quotes(person):
    """A person's quotes if they were prefetched, else none (page-level JSON-LD runs no query)."""
    return fetched(person.quotes.all()) or []
