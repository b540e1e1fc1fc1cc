"""The programme pages: an exhibition's sessions by day and time, one session, and their calendar
files.

A programme is one exhibition's (``/exhibitions/<slug>/programme/``; ``/programme/`` is the current
exhibition's, ``Exhibition.objects.current()``), filtered by kind, sector and day with facet counts
as in the directories, every state a plain URL. It is not paged: a day cut across two pages would
be harder to read than a long page. Sessions whose day no source gives come last, under "Day not
published".

A programme of more than :data:`ONE_DAY_ABOVE` sessions (with the page's other filters, kind and
sector) is shown one day at a time instead: without ``?day=`` the page shows the first day's
sessions (not today's: the page would then change with the date, which neither the page cache nor
its ``ETag``, both keyed by the content, would notice), and says so, with how many sessions the other days hold and a
link to each day (``?day=``, the filter the page already has, so every day is a plain URL and a day
chosen keeps the navigation). A demo edition of 35,000 exhibitors has about 550 sessions, 140 a
day; all of them on one page took 0.5 to 1.7 s to render, one day about 50 ms. The calendar files
keep every session.

What repeats per session (title, kind and place, summary, people, the save button) is built in
Python by :class:`SessionItems`, not by the template engine, with the markup the template wrote.

Invalid filter values give what the directories give: the page lists nothing and says which
parameter is wrong; a calendar file answers 400 instead, since an empty file would look like an
honest empty programme.
"""

import itertools
import re
from html import escape

from django.db.models import CharField, F, Prefetch, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import DetailView
from django_filters.views import FilterView
from modeltranslation.utils import get_language

from core.pagination import query_without_page
from core.sorting import by_name
from core.templatetags.text_tags import lang_attr
from core.translations import DEFAULT_LANGUAGE, column
from exhibitions.models import Exhibition
from exhibitors.models import Showcase
from exhibitors.views import DirectoryMixin
from programme import calendar
from programme.facets import session_facets
from programme.filters import SessionFilterSet, day_label
from programme.models import Participation, Session, SessionPerson

# The query parameters of the programme calendar files: the page's filters (expo.cache).
CALENDAR_PARAMETERS = tuple(SessionFilterSet.base_filters)
SPEAKING_ROLES = (SessionPerson.Role.SPEAKER, SessionPerson.Role.MODERATOR)
# A programme of more sessions than this is shown one day at a time.
ONE_DAY_ABOVE = 200
# Where the save button's slug and name go (NUL: in no rendered template, nor in PostgreSQL text).
SLUG_MARK, NAME_MARK = "\x00slug\x00", "\x00name\x00"


def people_in_order():
    return SessionPerson.objects.select_related("person").order_by(
        "position", by_name("person__name")
    )


def programme_sessions(exhibition):
    """The published sessions of ``exhibition``, with what a programme shows of each."""
    return (
        Session.objects.published()
        .filter(exhibition=exhibition)
        .select_related("exhibition", "pavilion")
        .prefetch_related("sectors", Prefetch("people", queryset=people_in_order()))
    )


def listed_sessions(exhibition):
    """The published sessions of ``exhibition`` with what the programme page lists of each: its
    pavilion (its people come from :func:`people_by_session`; its exhibition is the page's, set
    on each by the view)."""
    return Session.objects.published().filter(exhibition=exhibition).select_related("pavilion")


def people_by_session(sessions):
    """``{session pk: [(slug, name, role)]}``: the people of ``sessions`` as a programme lists
    them (by position, then name), each name in the active language, else English (as
    ``person.name`` reads it). One query, read as values: prefetched as model instances, the
    people of a demo day's 140 sessions took 15 ms (a person's whole row, biography and all, made
    PostgreSQL hash every person of the directory); as values, 5 ms."""
    language = get_language()
    english = F(f"person__{column('name', DEFAULT_LANGUAGE)}")
    name = english
    if language != DEFAULT_LANGUAGE:
        own = NullIf(F(f"person__{column('name', language)}"), Value(""))
        name = Coalesce(own, english, output_field=CharField())
    rows = (
        people_in_order()
        .filter(session__in=[session.pk for session in sessions])
        .annotate(shown_name=name)
        .values_list("session_id", "person__slug", "shown_name", "role")
    )
    people = {}
    for session_id, slug, person_name, role in rows:
        people.setdefault(session_id, []).append((slug, person_name or "", role))
    return people


def programme_exhibition(slug):
    """The exhibition named in the URL (404 if there is none), or the current one for
    ``/programme/`` (``None`` on a directory without exhibitions)."""
    if slug is None:
        return Exhibition.objects.select_related("country").current()
    return get_object_or_404(Exhibition.objects.select_related("country"), slug=slug)


def by_day_and_time(sessions, items=None):
    """``[{"day", "label", "slots": [{"label", "sessions", "items"}]}]``: sessions in programme
    order grouped by day, then by start and end time. Untimed sessions of a day come first, under
    "Time not published". ``items`` (a :class:`SessionItems`) gives each slot the markup of its
    sessions."""
    days = []
    untimed = _("Time not published")
    for day, day_sessions in itertools.groupby(sessions, key=lambda session: session.date):
        slots = []
        for times, slot in itertools.groupby(day_sessions, key=lambda s: s.time_label):
            listed = list(slot)
            slots.append(
                {
                    "label": times or untimed,
                    "sessions": listed,
                    "items": items(listed) if items is not None else "",
                }
            )
        count = sum(len(slot["sessions"]) for slot in slots)
        days.append({"day": day, "label": day_label(day), "count": count, "slots": slots})
    return days


def url_prefix(name):
    """The URL of ``name``'s page before its slug, in the active language (``/sessions/``,
    ``/ru/sessions/``): reversed once per page, not once per row."""
    return reverse(name, args=["-"])[:-2]


def filled_template(name, context, marks):
    """Template ``name`` rendered once with ``context``, as a ``str.format`` pattern whose fields
    are where each of ``marks`` (strings the rendering leaves as they are) came out, in order:
    ``pattern.format(*escaped_values)`` gives what rendering it with those values gives."""
    rendered = get_template(name).render(context)
    pieces = re.split("(" + "|".join(map(re.escape, marks)) + ")", rendered)
    fields = {mark: f"{{{i}}}" for i, mark in enumerate(marks)}
    return "".join(
        fields.get(piece) or piece.replace("{", "{{").replace("}", "}}") for piece in pieces
    )


class SessionItems:
    """The ``<li>`` of each session of a programme's list, as ``session_list.html`` wrote them in
    a loop: title (a link), kind and place (or published pavilion), summary, the people with their
    roles, and the save button (``visits/includes/save_button.html``, rendered once per page and
    filled in per session). Every text from the data is escaped; built for one request."""

    def __init__(self, request, people):
        self.people = people  # from people_by_session()
        self.session_urls = url_prefix("programme:session_detail")
        self.person_urls = url_prefix("programme:person_detail")
        self.with_names = escape(pgettext("followed by a list of names", "With"))
        self.kinds = {value: escape(str(label)) for value, label in Session.Kind.choices}
        self.roles = {
            value: escape(str(label).lower()) for value, label in SessionPerson.Role.choices
        }
        self.save_button = filled_template(
            "visits/includes/save_button.html",
            {"kind": "session", "slug": SLUG_MARK, "name": NAME_MARK, "request": request},
            (SLUG_MARK, NAME_MARK),
        )

    def __call__(self, sessions):
        return mark_safe("".join(map(self.item, sessions)))  # noqa: S308 - escaped in item()

    def item(self, session):
        slug, title = escape(session.slug), session.title
        kind = self.kinds.get(session.kind) or escape(session.kind)
        parts = [
            f'<li>\n          <a class="result-list__name" href="{self.session_urls}{slug}/"'
            f'{lang_attr(title)}>{escape(title)}</a>\n          <span class="muted">{kind}'
        ]
        place, pavilion = session.place, session.pavilion
        if place:
            parts.append(f" · <span{lang_attr(place)}>{escape(place)}</span>")
        elif pavilion is not None and pavilion.published:
            parts.append(f" · {escape(pavilion.name)}")
        parts.append("</span>\n          ")
        if session.summary:
            parts.append(f"<p>{escape(session.summary)}</p>")
        parts.append("\n          ")
        people = self.people.get(session.pk)
        if people:
            names = ", ".join(
                f'<a href="{self.person_urls}{escape(slug)}/"{lang_attr(name)}>{escape(name)}</a>'
                f" ({self.roles.get(role) or escape(role.lower())})"
                for slug, name, role in people
            )
            parts.append(f'<p class="muted">{self.with_names} {names}</p>')
        parts.append("\n          ")
        parts.append(self.save_button.format(slug, escape(title)))
        parts.append("\n        </li>")
        return "".join(parts)


class ProgrammeView(DirectoryMixin, FilterView):
    """An exhibition's programme, filtered and grouped by day and time."""

    filterset_class = SessionFilterSet
    template_name = "programme/session_list.html"

    def get(self, request, *args, **kwargs):
        self.exhibition = programme_exhibition(kwargs.get("slug"))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if self.exhibition is None:
            return Session.objects.none()
        return listed_sessions(self.exhibition)

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        listed = kwargs.pop("object_list")
        facets, one_day = [], None
        if filterset.is_valid() and self.exhibition is not None:
            facets = session_facets(filterset)
            one_day = self._one_day(filterset, facets)
            if one_day is not None and one_day["chosen"]:
                listed = filterset.filter_day(listed, "day", one_day["value"])
            self._link_options(facets)
        sessions = list(listed)
        for session in sessions:
            session.exhibition = self.exhibition  # for its times, without a copy per row
        chips = self._chips(filterset, facets)
        if not sessions and filterset.is_valid():
            self._count_without(filterset, chips)
        context = super().get_context_data(object_list=sessions, **kwargs)
        context.update(
            {
                "exhibition": self.exhibition,
                "programme_title": self._title(),
                "days": by_day_and_time(
                    sessions, SessionItems(self.request, people_by_session(sessions))
                ),
                "one_day": one_day,
                "facets": facets,
                "chips": chips,
                # Shown one day at a time, the list is still the whole programme's.
                "result_count": one_day["total"]
                if one_day is not None and one_day["chosen"]
                else len(sessions),
                "query_without_page": query_without_page(self.request),
                "hidden_filters": filterset.active_filters(),
                "programme_url": self.request.path,
                "calendar_url": self._calendar_url(),
            }
        )
        return context

    def _one_day(self, filterset, facets):
        """``None`` when the programme fits on one page: at most :data:`ONE_DAY_ABOVE` sessions
        with the other filters, or a single day. Else what the page needs to show one day:
        ``value`` (``?day=``'s value), ``label`` and ``count`` of the day shown, ``others`` (the
        sessions of the other days), ``total``, ``chosen`` (True when the page chose the day, no
        ``?day=`` being given) and ``days``, a link to each day with sessions. The counts are the
        day facet's, which ignores the day filter: no query."""
        options = next(facet for facet in facets if facet.name == "day").options
        with_sessions = [option for option in options if option.count]
        total = sum(option.count for option in with_sessions)
        if total <= ONE_DAY_ABOVE or len(with_sessions) < 2:
            return None
        value = filterset.value("day")
        chosen = not value
        if chosen:  # the first day with sessions, in programme order
            value = with_sessions[0].value
        # A day asked for is among the options even without sessions (the facet keeps it).
        shown = next(option for option in options if option.value == value)
        return {
            "value": value,
            "label": shown.label,
            "count": shown.count,
            "others": total - shown.count,
            "total": total,
            "chosen": chosen,
            "days": [
                {
                    "label": option.label,
                    "count": option.count,
                    "current": option.value == value,
                    "query": query_without_page(self.request, day=option.value),
                }
                for option in with_sessions
            ],
        }

    def _title(self):
        if self.exhibition is None:
            return pgettext("the sessions of an exhibition", "Programme")
        # Translators: the title of an exhibition's programme page ("Smart China Expo 2022
        # programme").
        return _("%(exhibition)s programme") % {"exhibition": self.exhibition.name}

    def _calendar_url(self):
        if self.exhibition is None:
            return ""
        if "slug" in self.kwargs:
            path = reverse("programme:exhibition_programme_ics", args=[self.exhibition.slug])
        else:
            path = reverse("programme:current_programme_ics")
        query = query_without_page(self.request)
        return f"{path}?{query}" if query else path

    def _link_options(self, facets):
        for facet in facets:
            for option in facet.options:
                option.query = query_without_page(
                    self.request, **{facet.name: None if option.selected else option.value}
                )

    def _chips(self, filterset, facets):
        labels = {facet.name: {o.value: o.label for o in facet.options} for facet in facets}
        return [
            {
                "name": name,
                "label": filterset.filters[name].label,
                "value": labels.get(name, {}).get(value, value),
                "query": query_without_page(self.request, **{name: None}),
            }
            for name, value in filterset.active_filters()
        ]

    def _count_without(self, filterset, chips):
        """For an empty result: how many sessions each active filter hides (one COUNT per active
        filter, only when nothing was found)."""
        for chip in chips:
            data = self.request.GET.copy()
            data.pop(chip["name"], None)
            relaxed = SessionFilterSet(data, queryset=self.get_queryset(), request=self.request)
            chip["count_without"] = relaxed.qs.count() if relaxed.is_valid() else 0


class SessionDetailView(DetailView):
    """One published session: when and where, who spoke and took part, what was shown, sources."""

    def get_queryset(self):
        return (
            Session.objects.published()
            .select_related("exhibition__country", "pavilion")
            .prefetch_related(
                "sectors",
                "sources",
                Prefetch("people", queryset=people_in_order()),
                Prefetch(
                    "participations",
                    queryset=Participation.objects.published()
                    .select_related("organisation")
                    .prefetch_related("sources")
                    .order_by(by_name("organisation__name")),
                ),
                Prefetch(
                    "showcases",
                    queryset=Showcase.objects.published().for_cards().order_by(by_name()),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = self.object.people.all()
        context["speakers"] = [p for p in people if p.role in SPEAKING_ROLES]
        context["participants"] = [p for p in people if p.role not in SPEAKING_ROLES]
        context["pavilion"] = (
            self.object.pavilion
            if self.object.pavilion_id and self.object.pavilion.published
            else None
        )
        return context


def _programme_calendar(request, exhibition):
    filterset = SessionFilterSet(request.GET, queryset=programme_sessions(exhibition))
    if not filterset.is_valid():
        return calendar.invalid_query(filterset.errors)
    cal = calendar.calendar(
        filterset.qs,
        request,
        # Translators: the name of the calendar file of an exhibition's programme.
        name=_("%(exhibition)s: programme") % {"exhibition": exhibition.name},
        uid=f"programme-{exhibition.slug}",
    )
    return calendar.response(cal, f"{exhibition.slug}-programme.ics")


def current_programme_calendar(request):
    """``/programme.ics``: the current exhibition's programme, with the page's filters."""
    exhibition = Exhibition.objects.current()
    if exhibition is None:
        raise Http404("No exhibition has been published yet.")
    return _programme_calendar(request, exhibition)


def programme_calendar(request, slug):
    """``/exhibitions/<slug>/programme.ics``, with the page's filters."""
    return _programme_calendar(request, get_object_or_404(Exhibition, slug=slug))


def session_calendar(request, slug):
    """``/sessions/<slug>.ics``: one published session (404 for any other)."""
    session = get_object_or_404(
        Session.objects.published().select_related("exhibition", "pavilion"), slug=slug
    )
    cal = calendar.calendar([session], request, name=session.title, uid=f"calendar-{session.slug}")
    return calendar.response(cal, f"{session.slug}.ics")


current_programme_calendar.query_parameters = CALENDAR_PARAMETERS  # expo.cache.known_parameters
programme_calendar.query_parameters = CALENDAR_PARAMETERS
session_calendar.query_parameters = ()
