"""The exhibitor directory, the showcase list, their open-data downloads, and the profiles."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import DetailView, View
from django_filters.views import FilterView

from core.pagination import ForgivingPaginationMixin, query_without_page
from core.related import attach_linked, first_rows_and_total
from core.search import SEARCH_CANDIDATES, closest
from core.sorting import by_name
from exhibitions.models import Quote, Source
from exhibitors import datapackage, exports
from exhibitors.facets import exhibitor_facets, showcase_facets
from exhibitors.filters import ExhibitorFilterSet, ShowcaseFilterSet
from exhibitors.models import Exhibitor, Showcase, Stand
from exhibitors.plan import plan_url

# A showcase page shows this many other showcases of its maker.
MORE_FROM_MAKER = 4
# An exhibitor's profile shows this many of its showcases, then links to the list of all of them.
PROFILE_SHOWCASES = 12


class DirectoryMixin:
    """A FilterSet always bound to the query string, even an empty one."""

    strict = True

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs


class DirectoryListView(DirectoryMixin, ForgivingPaginationMixin, FilterView):
    """A filtered, faceted, paginated list. Invalid input gives an empty list and a message."""

    paginate_by = settings.DIRECTORY_PAGE_SIZE
    facet_function = None
    # A list counted in one pass is fetched by primary key while it is at most this long.
    listed_limit = 2000

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        filterset.search_limit = SEARCH_CANDIDATES
        return filterset

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        facets, total, estimated = [], None, False
        if filterset.is_valid():
            counted = type(self).facet_function(filterset)
            facets, total, estimated = counted.facets, counted.total, counted.estimated
            # Past the search's candidates the pages hold what it read (the estimate is shown).
            self.known_count = len(counted.listed) if estimated else total
            if counted.listed is not None and len(counted.listed) <= self.listed_limit:
                # The rows are known: fetch them by key rather than searching again.
                listed = self.get_queryset().filter(pk__in=counted.listed)
                kwargs["object_list"] = filterset.order(listed)
            self._link_options(facets)
        else:
            self.known_count = 0
        context = super().get_context_data(**kwargs)
        context["facets"] = facets
        context["chips"] = self._chips(filterset, facets)
        context["query_without_page"] = query_without_page(self.request)
        context["result_count"] = total if estimated else context["paginator"].count
        context["estimated"] = estimated
        context["search_candidates"] = SEARCH_CANDIDATES
        context["hidden_filters"] = [
            (name, value) for name, value in filterset.active_filters() if name != "q"
        ]
        if context["result_count"] == 0 and filterset.is_valid():
            self._help_empty(filterset, context)
        return context

    def _help_empty(self, filterset, context):
        """For an empty result: how many rows each active filter hides, and names close to the search.

        One COUNT per active filter and one query for the names, only when nothing was found; a
        filter whose removal leaves more than the search's candidates is not counted.
        """
        for chip, (name, _value) in zip(context["chips"], filterset.active_filters(), strict=True):
            data = self.request.GET.copy()
            data.pop(name, None)
            relaxed = self.filterset_class(data, queryset=self.get_queryset(), request=self.request)
            relaxed.search_limit = SEARCH_CANDIDATES
            chip["count_without"] = 0
            if relaxed.is_valid():
                # Past the search's candidates, too many to count: the link says nothing of how many.
                estimated = relaxed.estimated_matches() is not None
                chip["count_without"] = None if estimated else relaxed.qs.count()
        query = filterset.value("q")
        context["suggestions"] = closest(self.get_queryset(), query) if query else []

    def _query(self, **changes):
        return query_without_page(self.request, **changes)

    def _link_options(self, facets):
        for facet in facets:
            for option in facet.options:
                option.query = self._query(
                    **{facet.name: None if option.selected else option.value}
                )

    def _chips(self, filterset, facets):
        labels = {facet.name: {o.value: o.label for o in facet.options} for facet in facets}
        chips = []
        for name, value in filterset.active_filters():
            label = filterset.filters[name].label
            if name == "q":
                # Translators: the search chip above a list, the words searched for in quotation
                # marks; use your language's quotation marks.
                shown = _("“%(query)s”") % {"query": value}
            else:
                shown = labels.get(name, {}).get(str(value), value)
            chips.append({"label": label, "value": shown, "query": self._query(**{name: None})})
        return chips


class ExhibitorListView(DirectoryListView):
    filterset_class = ExhibitorFilterSet
    template_name = "exhibitors/exhibitor_list.html"
    facet_function = exhibitor_facets

    def get_queryset(self):
        return Exhibitor.objects.published().for_cards()


class ShowcaseListView(DirectoryListView):
    filterset_class = ShowcaseFilterSet
    template_name = "exhibitors/showcase_list.html"
    facet_function = showcase_facets

    def get_queryset(self):
        return Showcase.objects.published().for_cards()


class ExportView(View):
    """A directory list as CSV or JSON, with the same filters as the page and no paging.

    A filter value the page would refuse (``?kind=spaceship``) gives a 400 naming the parameter:
    a file with no rows would look like an honest empty result.
    """

    filterset_class = None
    model = None
    dataset = None

    def get(self, request, format):
        if format not in exports.FORMATS:
            raise Http404("Unknown format.")
        filterset = self.filterset_class(data=request.GET, queryset=self.model.objects.published())
        if not filterset.is_valid():
            return exports.invalid_query(filterset.errors, format)
        return exports.response(request, self.dataset, filterset.qs, format)


class ExhibitorExportView(ExportView):
    filterset_class = ExhibitorFilterSet
    model = Exhibitor
    dataset = exports.EXHIBITORS


class ShowcaseExportView(ExportView):
    filterset_class = ShowcaseFilterSet
    model = Showcase
    dataset = exports.SHOWCASES


def data_package(request):
    """``/datapackage.json``: the open-data files described as a Frictionless Data Package."""
    response = JsonResponse(datapackage.package(request), json_dumps_params={"ensure_ascii": False})
    return exports.allow_any_origin(response)


data_package.query_parameters = ()  # none (expo.cache.known_parameters)


class ExhibitorDetailView(DetailView):
    def get_queryset(self):
        return Exhibitor.objects.published().prefetch_related(
            "countries",
            "sectors",
            Prefetch(
                "partners",
                queryset=Exhibitor.objects.published()
                .order_by(by_name())
                .prefetch_related("countries"),
            ),
            Prefetch(
                "stands",
                queryset=Stand.objects.select_related("exhibition", "pavilion", "hall").order_by(
                    "-exhibition__year"
                ),
            ),
            Prefetch(
                "people__quotes", queryset=Quote.objects.select_related("source", "exhibition")
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["taking_part"] = self.taking_part()
        context.update(self.showcase_preview())
        return context

    def showcase_preview(self):
        """The exhibitor's first ``PROFILE_SHOWCASES`` published showcases by name, how many it
        has, and the showcase list filtered to them when it has more (one query: an exhibitor may
        have hundreds)."""
        exhibitor = self.object
        showcases, total = first_rows_and_total(
            exhibitor.showcases.filter(published=True)
            .select_related("exhibition")
            .order_by(by_name(), "pk"),
            PROFILE_SHOWCASES,
        )
        all_url = None
        if total > len(showcases):
            query = urlencode({"exhibitor": exhibitor.slug})
            all_url = f"{reverse('exhibitors:showcase_list')}?{query}"
        return {"showcases": showcases, "showcase_count": total, "all_showcases_url": all_url}

    def taking_part(self):
        """Every way the exhibitor took part, by edition (newest first), each with its sources:
        its stand or part of a pavilion (a ``Stand``), then its sessions, launches and organising
        (``programme.Participation``, read through the reverse relation: this floor does not
        import the programme). A participation in a session that is not published is left out.

        The sources of the exhibitor, of its stands and of its participations come in one query
        (``cited`` on each: :func:`core.related.attach_linked`).
        """
        exhibitor = self.object
        stands = exhibitor.stands.all()
        participations = list(
            exhibitor.participations.filter(Q(session__isnull=True) | Q(session__published=True))
            .select_related("exhibition", "session", "pavilion")
            .order_by("kind", by_name("session__title"), "pk")
        )
        attach_linked(
            Source,
            "cited",
            [([exhibitor], "exhibitors"), (stands, "stands"), (participations, "participations")],
        )
        editions = defaultdict(lambda: {"stands": [], "participations": []})
        for stand in stands:
            # A stand drawn on a published plan links to it (exhibitors.plan; no query).
            drawn = stand.rect and stand.booth and stand.hall.published
            stand.plan_url = plan_url(stand) if drawn else None
            editions[stand.exhibition]["stands"].append(stand)
        for participation in participations:
            editions[participation.exhibition]["participations"].append(participation)
        ordered = sorted(editions, key=lambda edition: (-edition.year, edition.name))
        return [{"exhibition": edition, **editions[edition]} for edition in ordered]


class ShowcaseDetailView(DetailView):
    def get_queryset(self):
        return (
            Showcase.objects.published()
            .select_related("exhibition", "exhibitor")
            .prefetch_related("sectors", "sources", "exhibitor__countries")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        showcase = self.object
        # The programme's sessions about it (a reverse relation: this floor does not import the
        # programme app).
        context["sessions"] = list(
            showcase.sessions.published().in_order().select_related("exhibition", "pavilion")
        )
        context["stand"] = None
        context["more_showcases"] = []
        if showcase.exhibitor_id:
            # Where the maker stood at this exhibition, and what else it showed there.
            context["stand"] = (
                Stand.objects.filter(exhibitor=showcase.exhibitor, exhibition=showcase.exhibition)
                .select_related("pavilion")
                .first()
            )
            context["more_showcases"] = list(
                Showcase.objects.published()
                .filter(exhibitor=showcase.exhibitor)
                .exclude(pk=showcase.pk)
                .for_cards()
                .order_by("-premiere", by_name())[:MORE_FROM_MAKER]
            )
        return context
