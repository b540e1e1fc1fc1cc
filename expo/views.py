"""The pages that span apps: home, exhibition, countries, sectors, search, and the health checks.

They sit on the top floor, above every app whose records they show, and import those apps' models.
"""

from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from core.cache_backend import cache_status
from core.search import clean_query
from exhibitions.models import Country, Exhibition, KeyFigure, Person, Quote, Sector
from exhibitors.models import Exhibitor, Showcase
from pavilions.models import Pavilion

# Lists on overview pages show this many cards, then link to the full, filtered directory.
PREVIEW_SIZE = 12
SEARCH_LIMIT = 20


def published_exhibitor_count():
    return Count("exhibitors", filter=Q(exhibitors__published=True), distinct=True)


class HomeView(TemplateView):
    template_name = "expo/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exhibition = Exhibition.objects.select_related("country").current()
        context["exhibition"] = exhibition
        if exhibition:
            context["key_figures"] = exhibition.key_figures.all()
            context["pavilions"] = exhibition.pavilions.published().select_related("country")
        context["countries"] = (
            Country.objects.annotate(exhibitor_count=published_exhibitor_count())
            .filter(exhibitor_count__gt=0)
            .order_by("name")
        )
        context["sectors"] = (
            Sector.objects.top_level()
            .annotate(exhibitor_count=published_exhibitor_count())
            .order_by("name")
        )
        return context


class ExhibitionDetailView(DetailView):
    template_name = "expo/exhibition_detail.html"
    queryset = Exhibition.objects.select_related("country").prefetch_related(
        Prefetch("key_figures", queryset=KeyFigure.objects.order_by("position")), "sources"
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exhibition = self.object
        context["pavilions"] = exhibition.pavilions.published().select_related("country")
        showcases = exhibition.showcases.published().for_cards()
        context["showcases"] = showcases[:PREVIEW_SIZE]
        context["showcase_count"] = showcases.count()
        context["people"] = exhibition.people.select_related("country")
        context["quotes"] = exhibition.quotes.select_related("person", "source")
        context["other_editions"] = Exhibition.objects.exclude(pk=exhibition.pk).order_by("-year")
        return context


class CountryListView(ListView):
    template_name = "expo/country_list.html"

    def get_queryset(self):
        return Country.objects.annotate(
            exhibitor_count=published_exhibitor_count(),
            pavilion_count=Count("pavilions", filter=Q(pavilions__published=True), distinct=True),
        ).order_by("name")


class CountryDetailView(DetailView):
    template_name = "expo/country_detail.html"
    context_object_name = "country"

    def get_object(self, queryset=None):
        code = self.kwargs["code"]
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise Http404("No such country code.")
        try:
            return Country.objects.get(code=code.upper())
        except Country.DoesNotExist:
            raise Http404("No country with that code in the directory.") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        exhibitors = Exhibitor.objects.published().in_country(country.code)
        showcases = Showcase.objects.published().in_country(country.code)
        context["pavilions"] = country.pavilions.published().select_related("exhibition")
        context["exhibitors"] = exhibitors.for_cards()[:PREVIEW_SIZE]
        context["exhibitor_count"] = exhibitors.count()
        context["showcases"] = showcases.for_cards()[:PREVIEW_SIZE]
        context["showcase_count"] = showcases.count()
        context["people"] = country.people.prefetch_related(
            Prefetch("quotes", queryset=Quote.objects.select_related("source"))
        )
        return context


class SectorListView(ListView):
    template_name = "expo/sector_list.html"

    def get_queryset(self):
        children = Sector.objects.annotate(exhibitor_count=published_exhibitor_count())
        return (
            Sector.objects.top_level()
            .annotate(exhibitor_count=published_exhibitor_count())
            .prefetch_related(Prefetch("children", queryset=children))
            .order_by("name")
        )


class SectorDetailView(DetailView):
    queryset = Sector.objects.select_related("parent")
    template_name = "expo/sector_detail.html"
    context_object_name = "sector"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sector = self.object
        exhibitors = Exhibitor.objects.published().in_sector(sector.slug)
        showcases = Showcase.objects.published().in_sector(sector.slug)
        context["children"] = sector.children.all()
        context["exhibitors"] = exhibitors.for_cards()[:PREVIEW_SIZE]
        context["exhibitor_count"] = exhibitors.count()
        context["showcases"] = showcases.for_cards()[:PREVIEW_SIZE]
        context["showcase_count"] = showcases.count()
        return context


class SearchView(TemplateView):
    """One box across exhibitors, pavilions, showcases and people, grouped by type."""

    template_name = "expo/search.html"
    query_parameters = ("q",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = clean_query(self.request.GET.get("q", ""))
        context["query"] = query
        context["groups"] = []
        if not query:
            return context
        groups = [
            (
                "Exhibitors",
                Exhibitor.objects.published().search(query),
                reverse("exhibitors:exhibitor_list"),
            ),
            (
                "Showcases",
                Showcase.objects.published().search(query).select_related("exhibition"),
                reverse("exhibitors:showcase_list"),
            ),
            (
                "Pavilions",
                Pavilion.objects.published().search(query).select_related("exhibition"),
                None,
            ),
            ("People", Person.objects.search(query).select_related("country"), None),
        ]
        for title, queryset, directory_url in groups:
            # One more row than shown tells whether there are more, without a COUNT query.
            results = list(queryset[: SEARCH_LIMIT + 1])
            context["groups"].append(
                {
                    "title": title,
                    "results": results[:SEARCH_LIMIT],
                    "more": len(results) > SEARCH_LIMIT,
                    "directory_url": directory_url,
                }
            )
        context["found"] = [g for g in context["groups"] if g["results"]]
        context["total"] = sum(len(g["results"]) for g in context["groups"])
        return context


def liveness(request):
    """The cheapest answer the server can give: no database, no template. The benchmark's floor."""
    return HttpResponse(b"ok", content_type="text/plain")


def healthz(request):
    """200 when the app and its database answer, 503 otherwise; the body also says how the cache is.

    The cache is an accelerator: with Redis down (``"cache": "unavailable"``) pages are served from
    the database, so the answer stays 200.
    """
    cache = cache_status()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        body = {"status": "unavailable", "database": "down", "cache": cache}
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "cache": cache})
