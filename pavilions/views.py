from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from expo.pagination import ForgivingPaginationMixin
from pavilions.models import Pavilion, Section


class PavilionListView(ForgivingPaginationMixin, ListView):
    paginate_by = 24

    def get_queryset(self):
        return (
            Pavilion.objects.published()
            .select_related("exhibition", "country")
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
            "people__quotes__source",
        )
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pavilion = self.object
        # Stands and showcases are reverse relations from the exhibitors app.
        stands = (
            pavilion.stands.filter(exhibitor__published=True)
            .select_related("exhibitor")
            .prefetch_related("exhibitor__countries", "exhibitor__sectors")
            .order_by("exhibitor__name")
        )
        exhibitors = []
        for stand in stands:
            stand.exhibitor.booth = stand.booth
            exhibitors.append(stand.exhibitor)
        context["exhibitors"] = exhibitors
        context["showcases"] = (
            pavilion.exhibition.showcases.published()
            .filter(exhibitor__stands__pavilion=pavilion)
            .for_cards()
        )
        return context
