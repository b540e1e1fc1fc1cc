"""Facet counts beside a programme: kind, sector and day.

They count as the directories' facets do (:mod:`exhibitors.facets`, whose per-facet counter this
reuses): each option counts the sessions the list would hold if the visitor picked it, with every
other active filter applied; options with no session are left out unless selected. Kind and sector
are one grouped query each (sector two: a parent counts its sub-sectors' sessions too), and days
one more, whatever the number of sessions.
"""

from django.db.models import Count

from exhibitions.models import Sector
from exhibitors.facets import Facet, Option, PerFacet
from programme.filters import DAY_NOT_PUBLISHED, day_label, parse_day
from programme.models import Session


# From a session to an option, and the options (see ``exhibitors.facets``).
def _session_facet_specs():
    return {
        "kind": ("kind", None),
        "sector": ("sectors", Sector.objects.all()),
    }


def _facet(filterset, name, rows):
    """The facet of filter ``name`` from ``(value, label, count, depth)`` rows: the empty options
    left out, the value in use marked (and kept, even when nothing matches it)."""
    selected = filterset.value(name)
    options = [
        Option(str(value), label, count, str(value) == selected, depth)
        for value, label, count, depth in rows
        if count or str(value) == selected
    ]
    return Facet(name, filterset.filters[name].label, options)


def day_rows(filterset):
    """One option per day with sessions, in order, then "Day not published"; a day asked for that
    has no session is listed too, so that its chip has a name."""
    counts = dict(
        filterset.filter_queryset_except("day")
        .values_list("date")
        .annotate(n=Count("pk"))
        .order_by()
    )
    asked = parse_day(filterset.value("day"))
    if asked is not None:
        counts.setdefault(asked, 0)
    days = sorted(day for day in counts if day is not None)
    rows = [(day.isoformat(), day_label(day), counts[day], 0) for day in days]
    rows.append((DAY_NOT_PUBLISHED, day_label(None), counts.get(None, 0), 0))
    return rows


def session_facets(filterset):
    """The facets of a programme whose filters are valid, in display order."""
    counter = PerFacet(filterset, _session_facet_specs())
    return [
        _facet(filterset, "kind", counter.choice_rows(Session.Kind.choices)),
        _facet(filterset, "sector", counter.sector_rows()),
        _facet(filterset, "day", day_rows(filterset)),
    ]
