from django.db.models import Count, Prefetch, Q
from django.views.generic import DetailView, ListView

from core.pagination import ForgivingPaginationMixin
from core.related import attach_linked
from core.sorting import by_name
from exhibitions.models import Quote, Source
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
            .order_by("-exhibition__year", by_name())
        )


class PavilionDetailView(DetailView):
    queryset = (
        Pavilion.objects.published()
        .select_related("exhibition", "country", "hall")
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("position")),
            Prefetch(
                "people__quotes", queryset=Quote.objects.select_related("source", "exhibition")
            ),
        )
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pavilion = self.object
        # Stands (a stand or a part of the pavilion) and showcases are reverse relations from the
        # exhibitors app. Each list shows PREVIEW_SIZE cards; one row more tells whether to link
        # to the full directory.
        stands = list(
            pavilion.stands.filter(exhibitor__published=True)
            .select_related("exhibitor")
            .prefetch_related("exhibitor__countries", "exhibitor__sectors")
            .order_by(by_name("exhibitor__name"))[: PREVIEW_SIZE + 1]
        )
        exhibitors = []
        for stand in stands[:PREVIEW_SIZE]:
            stand.exhibitor.booth = stand.booth
            exhibitors.append(stand.exhibitor)
        context["exhibitors"] = exhibitors
        context["more_exhibitors"] = len(stands) > PREVIEW_SIZE
        # A link to the floor plan when the pavilion's area or one of its listed stands is on it
        # (the stands fetched above; no query of its own).
        area_drawn = pavilion.area is not None and pavilion.hall.published
        context["on_plan"] = area_drawn or any(
            stand.hall_id and stand.x is not None and stand.booth for stand in stands
        )
        # The showcase cards leave out their sectors, as on a profile: the exhibitors' cards show
        # them, and the query they would cost goes to the programme and organisers below.
        showcases = list(
            pavilion.exhibition.showcases.published()
            .filter(exhibitor__stands__pavilion=pavilion)
            .select_related("exhibition", "exhibitor")[: PREVIEW_SIZE + 1]
        )
        context["showcases"] = showcases[:PREVIEW_SIZE]
        context["more_showcases"] = len(showcases) > PREVIEW_SIZE
        # The programme's sessions held here and the organisations that organised the pavilion,
        # both reverse relations from the programme app (this floor does not import it). A
        # session needs no organisation named for it: the tasting shows although none is.
        sessions = list(
            pavilion.sessions.published()
            .in_order()
            .select_related("exhibition", "pavilion")[: PREVIEW_SIZE + 1]
        )
        context["sessions"] = sessions[:PREVIEW_SIZE]
        context["more_sessions"] = len(sessions) > PREVIEW_SIZE
        organisers = list(
            pavilion.participations.published()
            .organisers()
            .select_related("organisation")
            .order_by(by_name("organisation__name"))
        )
        context["organisers"] = organisers
        # The pavilion's sources and its organisers' in one query (``cited`` on each).
        attach_linked(Source, "cited", [([pavilion], "pavilions"), (organisers, "participations")])
        return context
