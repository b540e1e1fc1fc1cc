"""The people pages: everyone the directory names, and one person's sessions, quotes and sources.

A person (``exhibitions.Person``) is named with exhibitions, pavilions and organisations, speaks or
takes part at sessions and is quoted by sources. Their page lives here, on the programme's floor,
because it is the lowest floor that sees the sessions as well as the organisations.

Only published records are shown: published organisations, published sessions (a person named only
at an unpublished session still has a page, without it). The JSON-LD of a person's page is built
in ``expo.structured_data`` with the other pages whose nodes draw on several apps.
"""

from django.conf import settings
from django.db.models import Count, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.views.generic import DetailView, ListView

from core.pagination import ForgivingPaginationMixin
from core.search import clean_query
from core.sorting import by_name
from exhibitions.models import Exhibition, Person, Quote
from exhibitors.models import Exhibitor
from pavilions.models import Pavilion
from programme.models import SessionPerson


def published_organisations():
    """The organisations a person is named with, as listed beside them: published, by name."""
    return Prefetch("exhibitors", queryset=Exhibitor.objects.published().order_by(by_name()))


def count_of(queryset):
    """``queryset``'s rows for the outer person, counted in a subquery (0 for none).

    A subquery per count rather than ``Count()`` over joins: two joined relations would multiply
    each other's rows before ``distinct`` sorted them out again.
    """
    counted = queryset.filter(person=OuterRef("pk")).order_by().values("person")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0)


class PersonListView(ForgivingPaginationMixin, ListView):
    """``/people/``: everyone, by name; ``?q=`` narrows the list by name, other spellings, role or
    biography and keeps the order by name (a list to browse, not ranked results)."""

    template_name = "programme/person_list.html"
    paginate_by = settings.DIRECTORY_PAGE_SIZE
    query_parameters = ("q",)  # expo.cache.known_parameters

    def get_queryset(self):
        people = Person.objects.all()
        query = self.query()
        if query:
            people = people.matching(query)
        return (
            people.select_related("country")
            .prefetch_related(published_organisations())
            .annotate(
                session_count=count_of(SessionPerson.objects.filter(session__published=True)),
                quote_count=count_of(Quote.objects.all()),
            )
            .order_by(by_name(), "pk")
        )

    def query(self):
        return clean_query(self.request.GET.get("q", ""))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query()
        return context


class PersonDetailView(DetailView):
    """``/people/<slug>/``: role, country, organisations, biography, sessions (each with the role
    and the note the source gives), quotes whole, the editions and pavilions the person is named
    with, and the sources. Every list is prefetched: the page costs the same queries whatever it
    shows."""

    template_name = "programme/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        roles = (
            SessionPerson.objects.filter(session__published=True)
            .select_related("session__exhibition", "session__pavilion")
            .order_by(
                "-session__exhibition__year",
                F("session__date").asc(nulls_last=True),
                F("session__starts_at").asc(nulls_first=True),
                "session__title",
            )
        )
        quotes = Quote.objects.select_related("source", "exhibition").order_by(
            F("said_on").desc(nulls_last=True), "slug"
        )
        return Person.objects.select_related("country").prefetch_related(
            published_organisations(),
            Prefetch("session_roles", queryset=roles),
            Prefetch("quotes", queryset=quotes),
            Prefetch("exhibitions", queryset=Exhibition.objects.order_by("-year", "name")),
            Prefetch(
                "pavilions",
                queryset=Pavilion.objects.published()
                .select_related("exhibition")
                .order_by("-exhibition__year", "name"),
            ),
            "sources",
        )
