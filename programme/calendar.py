"""Calendar files (RFC 5545, written with ``icalendar``) of one session or of a programme.

What a calendar entry says follows what the sources say, as the pages do:

- **Time published**: ``DTSTART``/``DTEND`` in the exhibition's zone (``TZID=Asia/Shanghai``), with
  the ``VTIMEZONE`` it needs, so that a calendar shows the local time at the venue and converts it
  right for its owner's zone.
- **Day only**: an all-day entry (``VALUE=DATE``, ending the next day); its description says the
  time is not published.
- **No day**: an all-day entry over the exhibition's days, whose description says the day is not
  published; left out when the exhibition's dates are not known either, since a calendar entry
  needs a day.

Every entry keeps its ``UID`` (``session-<slug>@<host>``) from one download to the next, so a
calendar that imports the file again updates its entries instead of doubling them. ``DTSTAMP`` is
the time the directory's content last changed (:func:`core.content.content_state`): stable between
requests, and newer after an organiser's edit.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from core.content import content_state
from core.structured_data import absolute_url

PRODID = "-//Expo Directory//Programme//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def site_host(request):
    """The host that names the entries' UIDs: ``SITE_URL``'s, else the request's, without a port."""
    if settings.SITE_URL:
        return urlsplit(settings.SITE_URL).hostname
    return urlsplit(f"//{request.get_host()}").hostname


def session_uid(session, request):
    return f"session-{session.slug}@{site_host(request)}"


def location_text(session):
    """Where it took place: the session's own place, else its pavilion's name; then the venue when
    the session is at the exhibition (in a pavilion, or with no place of its own), not when its
    place is elsewhere (a launch "on public roads")."""
    exhibition = session.exhibition
    pavilion = session.pavilion if session.pavilion_id and session.pavilion.published else None
    parts = [session.place or (pavilion.name if pavilion else "")]
    if pavilion or not session.place:
        parts.append(", ".join(part for part in (exhibition.venue, exhibition.city) if part))
    return ", ".join(part for part in parts if part)


def _when(session):
    """``(start, end, note)``: what goes in DTSTART and DTEND, and what the description adds; or
    ``None`` when the entry would need a day that nobody knows."""
    exhibition = session.exhibition
    if session.starts_at is not None:
        return session.local_start, session.local_end, ""
    if session.date is not None:
        return session.date, session.date + datetime.timedelta(days=1), _("Time not published.")
    if exhibition.starts_on and exhibition.ends_on:
        # Translators: in a calendar entry of a session whose day is not known; the dates are
        # written YYYY-MM-DD.
        note = _("Day not published: the entry spans the exhibition, %(start)s to %(end)s.") % {
            "start": f"{exhibition.starts_on:%Y-%m-%d}",
            "end": f"{exhibition.ends_on:%Y-%m-%d}",
        }
        return exhibition.starts_on, exhibition.ends_on + datetime.timedelta(days=1), note
    return None


def session_event(session, request, stamp):
    """The session as a ``VEVENT``, or ``None`` if it cannot be placed on any day."""
    when = _when(session)
    if when is None:
        return None
    start, end, note = when
    url = absolute_url(session.get_absolute_url(), request)
    description = "\n\n".join(part for part in (session.summary, note, url) if part)
    return Event.new(
        uid=session_uid(session, request),
        stamp=stamp,
        start=start,
        end=end,
        summary=session.title,
        description=description,
        location=location_text(session) or None,
        url=url,
    )


def calendar(sessions, request, *, name, uid):
    """A ``VCALENDAR`` named ``name`` (its ``UID`` is ``uid@host``) of the sessions that can be
    placed on a day, with the time zones their times use."""
    changed_at = content_state()[1] or timezone.now()
    stamp = changed_at.astimezone(datetime.UTC).replace(microsecond=0)
    cal = Calendar.new(prodid=PRODID, name=name, uid=f"{uid}@{site_host(request)}")
    starts = []
    for session in sessions:
        event = session_event(session, request, stamp)
        if event is not None:
            cal.add_component(event)
            starts.append(_day(event.start))
    if starts:
        # A VTIMEZONE only as long as the entries need: a day either side of them.
        cal.add_missing_timezones(
            first_date=min(starts) - datetime.timedelta(days=1),
            last_date=max(starts) + datetime.timedelta(days=2),
        )
    return cal


def _day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def response(cal, filename):
    """The calendar as a ``text/calendar`` download named ``filename``."""
    result = HttpResponse(cal.to_ical(), content_type=CONTENT_TYPE)
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result


def invalid_query(errors):
    """400 for filter values that are not valid, naming each parameter: a calendar with no entries
    would look like an honest empty programme."""
    # Translators: a line of the answer to a calendar download with a wrong filter value:
    # the query parameter's name ("day") and what is wrong with it.
    line = _("Invalid query parameter %(name)s: %(message)s")
    lines = [
        line % {"name": name, "message": message}
        for name, messages in errors.items()
        for message in messages
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8", status=400
    )
