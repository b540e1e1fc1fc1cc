from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from core.pagination import ForgivingPaginationMixin
from exhibitions.models import Quote
from pavilions.models import Pavilion, Section

PREVIEW_SIZE = 24


class PavilionListView(ForgivingPaginationMixin, ListView):
    paginate_by = 24

    def get_queryset(self):
        return (
            Pavilion.objects.published()
            .select_related("exhibition__country", "country")
            .annotate(
                exhibitor_count=Count(
                    "stands", filter=Q(stands__exhibitor__published=True), distinct=True
                )
            )
            .order_by("-exhibition__year", "name")
        )


class PavilionDetailView(DetailView):
    queryset = (
        Pavilion.objects.published()
        .select_related("exhibition", "country")
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("position")),
            "sources",
            Prefetch(
                "people__quotes", queryset=Quote.objects.select_related("source", "exhibition")
            ),
        )
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pavilion = self.object
        # Stands and showcases are reverse relations from the exhibitors app. Each list shows
        # PREVIEW_SIZE cards; one row more tells whether to link to the full directory.
        stands = list(
            pavilion.stands.filter(exhibitor__published=True)
            .select_related("exhibitor")
            .prefetch_related("exhibitor__countries", "exhibitor__sectors")
            .order_by("exhibitor__name")[: PREVIEW_SIZE + 1]
        )
        exhibitors = []
        for stand in stands[:PREVIEW_SIZE]:
            stand.exhibitor.booth = stand.booth
            exhibitors.append(stand.exhibitor)
        context["exhibitors"] = exhibitors
        context["more_exhibitors"] = len(stands) > PREVIEW_SIZE
        showcases = list(
            pavilion.exhibition.showcases.published()
            .filter(exhibitor__stands__pavilion=pavilion)
            .for_cards()[: PREVIEW_SIZE + 1]
        )
        context["showcases"] = showcases[:PREVIEW_SIZE]
        context["more_showcases"] = len(showcases) > PREVIEW_SIZE
        return context
