"""The programme pages: an exhibition's sessions by day and time, one session, and their calendar
files.

A programme is one exhibition's (``/exhibitions/<slug>/programme/``; ``/programme/`` is the current
exhibition's, ``Exhibition.objects.current()``), filtered by kind, sector and day with facet counts
as in the directories, every state a plain URL. It is not paged: an edition's programme is a few
hundred sessions at most, and a day cut across two pages would be harder to read than a long page.
Sessions whose day no source gives come last, under "Day not published".

Invalid filter values give what the directories give: the page lists nothing and says which
parameter is wrong; a calendar file answers 400 instead, since an empty file would look like an
honest empty programme.
"""

import itertools

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import DetailView
from django_filters.views import FilterView

from core.pagination import query_without_page
from core.sorting import by_name
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


def programme_exhibition(slug):
    """The exhibition named in the URL (404 if there is none), or the current one for
    ``/programme/`` (``None`` on a directory without exhibitions)."""
    if slug is None:
        return Exhibition.objects.select_related("country").current()
    return get_object_or_404(Exhibition.objects.select_related("country"), slug=slug)


def by_day_and_time(sessions):
    """``[{"day", "label", "slots": [{"label", "sessions"}]}]``: sessions in programme order
    grouped by day, then by start and end time. Untimed sessions of a day come first, under "Time
    not published"."""
    days = []
    untimed = _("Time not published")
    for day, day_sessions in itertools.groupby(sessions, key=lambda session: session.date):
        slots = [
            {"label": times or untimed, "sessions": list(slot)}
            for times, slot in itertools.groupby(day_sessions, key=lambda s: s.time_label)
        ]
        count = sum(len(slot["sessions"]) for slot in slots)
        days.append({"day": day, "label": day_label(day), "count": count, "slots": slots})
    return days


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
        return programme_sessions(self.exhibition)

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        sessions = list(kwargs.pop("object_list"))
        facets = []
        if filterset.is_valid() and self.exhibition is not None:
            facets = session_facets(filterset)
            self._link_options(facets)
        chips = self._chips(filterset, facets)
        if not sessions and filterset.is_valid():
            self._count_without(filterset, chips)
        context = super().get_context_data(object_list=sessions, **kwargs)
        context.update(
            {
                "exhibition": self.exhibition,
                "programme_title": self._title(),
                "days": by_day_and_time(sessions),
                "facets": facets,
                "chips": chips,
                "result_count": len(sessions),
                "query_without_page": query_without_page(self.request),
                "hidden_filters": filterset.active_filters(),
                "programme_url": self.request.path,
                "calendar_url": self._calendar_url(),
            }
        )
        return context

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
