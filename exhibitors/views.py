from django.conf import settings
from django.db.models import Prefetch
from django.views.generic import DetailView
from django_filters.views import FilterView

from exhibitors.filters import ExhibitorFilterSet, ShowcaseFilterSet
from exhibitors.models import Exhibitor, Showcase, Stand
from expo.models import Quote
from expo.pagination import ForgivingPaginationMixin, query_without_page


class DirectoryListView(ForgivingPaginationMixin, FilterView):
    """A filtered, paginated list; an invalid filter value gives an empty list and a message."""

    paginate_by = settings.DIRECTORY_PAGE_SIZE
    strict = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query_without_page"] = query_without_page(self.request)
        context["result_count"] = context["paginator"].count
        return context


class ExhibitorListView(DirectoryListView):
    filterset_class = ExhibitorFilterSet
    template_name = "exhibitors/exhibitor_list.html"

    def get_queryset(self):
        return Exhibitor.objects.published().for_cards().order_by("name", "pk")


class ExhibitorDetailView(DetailView):
    def get_queryset(self):
        return Exhibitor.objects.published().prefetch_related(
            "countries",
            "sectors",
            "sources",
            Prefetch("partners", queryset=Exhibitor.objects.published().order_by("name")),
            Prefetch(
                "stands",
                queryset=Stand.objects.select_related("exhibition", "pavilion").order_by(
                    "-exhibition__year"
                ),
            ),
            Prefetch(
                "showcases",
                queryset=Showcase.objects.filter(published=True)
                .select_related("exhibition")
                .order_by("name"),
            ),
            Prefetch(
                "people__quotes", queryset=Quote.objects.select_related("source", "exhibition")
            ),
        )


class ShowcaseListView(DirectoryListView):
    filterset_class = ShowcaseFilterSet
    template_name = "exhibitors/showcase_list.html"

    def get_queryset(self):
        return Showcase.objects.published().for_cards().order_by("name", "pk")


class ShowcaseDetailView(DetailView):
    def get_queryset(self):
        return (
            Showcase.objects.published()
            .select_related("exhibition", "exhibitor")
            .prefetch_related("sectors", "sources", "exhibitor__countries")
        )
