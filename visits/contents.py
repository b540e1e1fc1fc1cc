"""What a plan holds, arranged for its pages: a walking route, the sessions by day, the halls.

:func:`contents` reads a plan in a constant number of queries whatever it holds: its published
items (one query), the stands of the exhibitors it names (one), and three per exhibition whose
halls are drawn (``exhibitors.plan.hall_plans``).

- **Route**: per exhibition (the latest first), the stands of the saved exhibitors (each at its
  latest exhibition: the one a visitor is going to) and of the makers of the saved showcases (at
  the showcase's exhibition), by hall (the hall's order, then its name) and then stand code in
  natural order (``N3-2`` before ``N3-12``); stands without a published position come after them,
  by exhibitor. A saved showcase is shown at its maker's stand at its own exhibition; one whose
  maker has no stand there (or is not named) is listed apart.
- **Sessions**: by day, then start and end; sessions of one day whose times overlap are flagged
  as clashing with each other. A session without an end clashes with those running at its start.
- **Plans**: the halls that hold a saved stand, with those stands highlighted.
"""

import itertools
import re
from dataclasses import dataclass, field

from django.db.models import Q

from exhibitors.models import Exhibitor, Showcase, Stand
from exhibitors.plan import hall_plans
from programme.filters import day_label
from programme.models import Session
from visits.models import Item


@dataclass
class Stop:
    """One stand on the route, or an exhibitor saved without a stand."""

    exhibitor: Exhibitor
    stand: Stand | None = None
    exhibitor_item: Item | None = None
    showcase_items: list = field(default_factory=list)

    @property
    def positioned(self):
        """Drawn on a published hall's plan: a whole position (``Stand.rect``) and a code."""
        stand = self.stand
        return (
            stand is not None
            and stand.rect is not None
            and bool(stand.booth)
            and stand.hall.published
        )


@dataclass
class Route:
    exhibition: object  # an Exhibition, or None for exhibitors saved without any stand
    stops: list = field(default_factory=list)
    plans: list = field(default_factory=list)

    @property
    def positioned(self):
        return [stop for stop in self.stops if stop.positioned]

    @property
    def unpositioned(self):
        return [stop for stop in self.stops if not stop.positioned]

    @property
    def by_hall(self):
        """``[(hall, first stop's number, stops)]`` along the route: numbers run on across halls."""
        halls, number = [], 1
        for _hall, stops in itertools.groupby(self.positioned, key=lambda s: s.stand.hall_id):
            stops = list(stops)
            halls.append((stops[0].stand.hall, number, stops))
            number += len(stops)
        return halls


@dataclass
class Day:
    day: object
    label: str
    entries: list = field(default_factory=list)


@dataclass
class SessionEntry:
    item: Item
    clashes: list = field(default_factory=list)

    @property
    def session(self):
        return self.item.session


@dataclass
class Contents:
    items: list
    routes: list
    unplaced_showcases: list
    days: list

    @property
    def count(self):
        return len(self.items)

    def count_of(self, kind):
        return sum(item.kind == kind for item in self.items)

    @property
    def exhibitor_count(self):
        return self.count_of(Item.Kind.EXHIBITOR)

    @property
    def showcase_count(self):
        return self.count_of(Item.Kind.SHOWCASE)

    @property
    def session_count(self):
        return self.count_of(Item.Kind.SESSION)

    @property
    def sessions(self):
        return [entry.session for day in self.days for entry in day.entries]

    @property
    def plans(self):
        return [plan for route in self.routes for plan in route.plans]


def natural_key(code):
    """``N3-12`` → ``("n", 3, "-", 12)``: numbers compare as numbers."""
    return tuple(
        int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", code)
    )


def published_items(plan):
    """The plan's items whose exhibitor, showcase or session is published, oldest first."""
    if plan is None:
        return []
    visible = (
        Q(exhibitor__in=Exhibitor.objects.published())
        | Q(showcase__in=Showcase.objects.published())
        | Q(session__in=Session.objects.published())
    )
    return list(
        plan.items.filter(visible).select_related(
            "exhibitor",
            "showcase__exhibitor",
            "showcase__exhibition",
            "session__exhibition",
            "session__pavilion",
        )
    )


def contents(plan, *, draw_plans=True):
    """The plan's :class:`Contents`; ``draw_plans`` draws the halls of the saved stands."""
    items = published_items(plan)
    routes, unplaced = build_routes(items)
    if draw_plans:
        for route in routes:
            chosen = {stop.stand.pk for stop in route.positioned}
            if chosen:
                route.plans = [
                    plan for plan in hall_plans(route.exhibition, highlight=chosen) if plan.matches
                ]
    return Contents(items, routes, unplaced, session_days(items))


def build_routes(items):
    saved_exhibitors = {i.exhibitor_id: i for i in items if i.kind == Item.Kind.EXHIBITOR}
    showcase_items = [i for i in items if i.kind == Item.Kind.SHOWCASE]
    makers = {i.showcase.exhibitor_id for i in showcase_items if i.showcase.exhibitor_id}
    stands = list(
        Stand.objects.filter(exhibitor__in=set(saved_exhibitors) | makers)
        .select_related("exhibition", "hall", "pavilion", "exhibitor")
        .order_by("pk")
    )
    stops = {}  # stand pk (or ("none", exhibitor pk)) -> Stop
    by_place = {(stand.exhibitor_id, stand.exhibition_id): stand for stand in stands}
    latest = {}  # exhibitor pk -> its stand at its latest exhibition
    for stand in sorted(stands, key=lambda stand: exhibition_order(stand.exhibition)):
        latest.setdefault(stand.exhibitor_id, stand)
    for exhibitor_id, stand in latest.items():
        if exhibitor_id in saved_exhibitors:
            stops[stand.pk] = Stop(stand.exhibitor, stand, saved_exhibitors[exhibitor_id])
    with_stand = {stand.exhibitor_id for stand in stands}
    for exhibitor_id, item in saved_exhibitors.items():
        if exhibitor_id not in with_stand:
            stops[("none", exhibitor_id)] = Stop(item.exhibitor, None, item)
    unplaced = []
    for item in showcase_items:
        stand = by_place.get((item.showcase.exhibitor_id, item.showcase.exhibition_id))
        if stand is None:
            unplaced.append(item)
            continue
        stop = stops.setdefault(stand.pk, Stop(stand.exhibitor, stand))
        stop.showcase_items.append(item)
    groups = {}
    for stop in stops.values():
        exhibition = stop.stand.exhibition if stop.stand else None
        key = exhibition.pk if exhibition else None
        groups.setdefault(key, Route(exhibition)).stops.append(stop)
    for route in groups.values():
        route.stops.sort(key=stop_order)
    routes = sorted(groups.values(), key=route_order)
    return routes, unplaced


def stop_order(stop):
    if stop.positioned:
        hall = stop.stand.hall
        return (0, hall.position, hall.name.casefold(), natural_key(stop.stand.booth), "")
    return (1, 0, "", (), stop.exhibitor.name.casefold())


def route_order(route):
    """The latest exhibition first; exhibitors saved without any stand last."""
    return exhibition_order(route.exhibition)


def exhibition_order(exhibition):
    """Latest first (by first day), then by name; no exhibition last."""
    if exhibition is None:
        return (1, 0, "")
    starts = exhibition.starts_on.toordinal() if exhibition.starts_on else 0
    return (0, -starts, exhibition.name.casefold())


def session_days(items):
    """The saved sessions by day (no day last), each day's in time order, clashes flagged."""
    entries = [SessionEntry(item) for item in items if item.kind == Item.Kind.SESSION]
    entries.sort(key=lambda e: session_order(e.session))
    days = []
    for day, group in itertools.groupby(entries, key=lambda e: e.session.date):
        group = list(group)
        mark_clashes(group)
        days.append(Day(day, day_label(day), group))
    return days


def session_order(session):
    return (
        session.date is None,
        session.date or 0,
        session.starts_at is None,
        session.starts_at or 0,
        session.ends_at or session.starts_at or 0,
        session.title.casefold(),
    )


def mark_clashes(entries):
    """Flag each pair of timed sessions whose times overlap (in order, so a short sweep)."""
    timed = [e for e in entries if e.session.starts_at is not None]
    for i, first in enumerate(timed):
        end = first.session.ends_at or first.session.starts_at
        for second in timed[i + 1 :]:
            start = second.session.starts_at
            if start > end or (start == end and first.session.ends_at is not None):
                break
            first.clashes.append(second.session)
            second.clashes.append(first.session)
