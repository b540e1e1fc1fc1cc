"""schema.org structured data for sessions (see :mod:`core.structured_data`).

A session is an ``Event`` whose ``superEvent`` is its exhibition. Its dates say what the sources
say and no more:

- time published: ``startDate``/``endDate`` as local date-times with their offset from UTC
  (``2022-08-22T09:30:00+08:00``), which fix the instant and the local time at once;
- day only: the date alone, as ``startDate`` and ``endDate``;
- no day: no ``startDate`` at all, rather than the exhibition's first day.

Its ``location`` is its own place, inside its pavilion or the exhibition's venue when it is at the
exhibition (a launch "on public roads" is not); with no place of its own, its pavilion's, else the
venue (see :func:`session_place`). Its ``performer`` are the people who spoke or moderated, as the
same ``Person`` nodes (``@id`` ``/people/<slug>/#person``) the other pages use; participants were in
the audience and are not performers. Its ``organizer`` are the organisations whose participation in
it is of the kind "organiser", and there is none otherwise: an organisation that took part did not
thereby organise it.
"""

from core.structured_data import (
    EVENT_SCHEDULED,
    absolute_url,
    compact,
    register,
    share_card_url,
)
from exhibitions.structured_data import (
    attendance_mode,
    exhibition_place,
    exhibition_ref,
    person_data,
)
from exhibitors.structured_data import organization_ref
from pavilions.structured_data import pavilion_place
from programme.models import Participation, Session, SessionPerson

PERFORMER_ROLES = (SessionPerson.Role.SPEAKER, SessionPerson.Role.MODERATOR)


def session_place(session):
    """Where the session took place, as a ``Place``."""
    pavilion = session.pavilion if session.pavilion_id and session.pavilion.published else None
    around = pavilion_place(pavilion) if pavilion else exhibition_place(session.exhibition)
    if not session.place:
        return around
    if pavilion is None:
        # A place of its own and no pavilion: somewhere the records do not tie to the venue.
        return {"@type": "Place", "name": session.place}
    return {"@type": "Place", "name": session.place, "containedInPlace": around}


def session_dates(session):
    """``startDate`` and ``endDate`` as far as they are published (see the module docstring)."""
    if session.starts_at is not None:
        end = session.local_end
        return {
            "startDate": session.local_start.isoformat(),
            "endDate": end.isoformat() if end else None,
        }
    if session.date is not None:
        return {"startDate": session.date.isoformat(), "endDate": session.date.isoformat()}
    return {}


@register(Session)
def session_data(session, request=None):
    if not session.published:
        return None
    exhibition = session.exhibition
    url = absolute_url(session.get_absolute_url(), request)
    data = {
        "@type": "Event",
        "@id": f"{url}#event",
        "name": session.title,
        "url": url,
        "description": session.summary,
        "image": [share_card_url("session", session.slug, request)],
        **session_dates(session),
        "eventStatus": EVENT_SCHEDULED,
        "eventAttendanceMode": attendance_mode(exhibition),
        "location": session_place(session),
        "performer": [
            person_data(role.person, request)
            for role in session.people.all()
            if role.role in PERFORMER_ROLES
        ],
        "organizer": [
            organization_ref(participation.organisation, request)
            for participation in session.participations.all()
            if participation.kind == Participation.Kind.ORGANISER
            and participation.organisation.published
        ],
        "keywords": [sector.name for sector in session.sectors.all()],
        "superEvent": exhibition_ref(exhibition, request),
    }
    return compact(data)
