"""The pages that span apps: home, exhibition, countries, sectors, search, and the health checks.

They sit on the top floor, above every app whose records they show, and import those apps' models.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from core import share_cards
from core.cache_backend import cache_status
from core.derived import remembered
from core.related import attach_linked, first_rows_and_total
from core.search import SEARCH_CANDIDATES, clean_query
from core.sorting import by_name
from exhibitions.models import Country, Exhibition, KeyFigure, Person, Quote, Sector, Source
from exhibitors.models import Exhibitor, Showcase
from expo.counts import overview_counts, with_counts
from expo.structured_data import exhibition_event
from pavilions.models import Hall, Pavilion
from programme.models import Participation, Session

# Lists on overview pages show this many cards, then link to the full, filtered directory.
PREVIEW_SIZE = 12
SEARCH_LIMIT = 20
# The home page features this many showcases of the current exhibition.
FEATURED_SHOWCASES = 6
# An exhibition's page shows the first sessions of its programme, then links to all of them.
PROGRAMME_HIGHLIGHTS = 4


class HomeView(TemplateView):
    template_name = "expo/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exhibition = Exhibition.objects.select_related("country").current()
        context["exhibition"] = exhibition
        if exhibition:
            context["key_figures"] = exhibition.key_figures.all()
            context["pavilions"] = exhibition.pavilions.published().select_related("country")
        # Only countries and sectors with something to see: an empty theme is not advertised.
        counts = overview_counts()
        context["countries"] = with_counts(Country.objects.order_by(by_name()), counts["countries"])
        context["sectors"] = with_counts(
            Sector.objects.top_level().order_by(by_name()), counts["sectors"]
        )
        context["showcases"] = self.featured_showcases(exhibition)
        return context

    @staticmethod
    def featured_showcases(exhibition):
        """Premieres first, then showcases with an image, then the rest, each by name, of the
        current exhibition: the first ``FEATURED_SHOWCASES`` of them.

        Choosing them sorts every published showcase of the edition (seconds at 3,000,000), so
        the chosen ids are kept per content version (``core.derived``), per edition and per
        language (the names sort in the page's language); later pages read them back and fetch
        those rows by key, in the kept order (the choice is made on the primary, the rows are
        read where the rest of the page is).
        """
        if exhibition is None:
            return []

        def choose():
            showcases = (
                exhibition.showcases.published()
                .annotate(has_image=~Q(image=""))
                .order_by("-premiere", "-has_image", by_name(), "pk")
            )
            return list(showcases.values_list("pk", flat=True)[:FEATURED_SHOWCASES])

        ids = remembered(f"home-featured-showcases:{exhibition.pk}:{get_language()}", choose)
        if not ids:
            return []
        # published() again: a kept id is never served for a showcase that is no longer public.
        rows = Showcase.objects.published().for_cards().in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


class ExhibitionDetailView(DetailView):
    template_name = "expo/exhibition_detail.html"
    # has_plan: whether it has a published hall, for the link to its floor plan (no query of its own).
    queryset = (
        Exhibition.objects.select_related("country")
        .annotate(has_plan=Exists(Hall.objects.published().filter(exhibition=OuterRef("pk"))))
        .prefetch_related(Prefetch("key_figures", queryset=KeyFigure.objects.order_by("position")))
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exhibition = self.object
        context["pavilions"] = exhibition.pavilions.published().select_related("country")
        context["showcases"], context["showcase_count"] = first_rows_and_total(
            exhibition.showcases.published().for_cards(), PREVIEW_SIZE
        )
        context["people"] = exhibition.people.select_related("country")
        context["quotes"] = exhibition.quotes.select_related("person", "source")
        context["other_editions"] = Exhibition.objects.exclude(pk=exhibition.pk).order_by("-year")
        context["sessions"] = list(
            exhibition.sessions.published()
            .in_order()
            .select_related("exhibition", "pavilion")[:PROGRAMME_HIGHLIGHTS]
        )
        # The organisers of the edition itself; a pavilion's organisers are on its page.
        organisers = list(
            Participation.objects.published()
            .organisers()
            .filter(exhibition=exhibition, pavilion__isnull=True)
            .select_related("organisation")
            .order_by(by_name("organisation__name"))
        )
        context["organisers"] = organisers
        # The edition's sources and its organisers' in one query (``cited`` on each).
        attach_linked(
            Source, "cited", [([exhibition], "exhibitions"), (organisers, "participations")]
        )
        context["exhibition_json_ld"] = exhibition_event(exhibition, organisers, self.request)
        return context


class CountryListView(ListView):
    template_name = "expo/country_list.html"

    def get_queryset(self):
        countries = Country.objects.annotate(
            pavilion_count=Count("pavilions", filter=Q(pavilions__published=True), distinct=True),
        ).order_by(by_name())
        counts = overview_counts()["countries"]
        return [
            country
            for country in with_counts(countries, counts, keep_empty=True)
            if country.exhibitor_count or country.showcase_count or country.pavilion_count
        ]


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
        # Each list is a preview with its total: a country's pavilions (one per edition or more)
        # and its people grow with the data. No public list filters either by country, so the
        # page shows how many there are without a link.
        context["pavilions"], context["pavilion_count"] = first_rows_and_total(
            country.pavilions.published()
            .select_related("exhibition")
            .order_by("-exhibition__year", by_name(), "pk"),
            PREVIEW_SIZE,
        )
        context["exhibitors"] = list(exhibitors.for_cards()[:PREVIEW_SIZE])
        context["showcases"] = list(showcases.for_cards()[:PREVIEW_SIZE])
        counts = overview_counts()["countries"].get(country.pk, (0, 0))
        context["exhibitor_count"], context["showcase_count"] = counts
        context["people"], context["people_count"] = first_rows_and_total(
            country.people.prefetch_related(
                Prefetch("quotes", queryset=Quote.objects.select_related("source", "exhibition"))
            ).order_by(by_name(), "pk"),
            PREVIEW_SIZE,
        )
        # Sessions held in the country's pavilions; one row more tells whether there are more.
        sessions = list(
            Session.objects.published()
            .filter(pavilion__country=country, pavilion__published=True)
            .select_related("exhibition", "pavilion")
            .in_order()[: PREVIEW_SIZE + 1]
        )
        context["sessions"] = sessions[:PREVIEW_SIZE]
        context["more_sessions"] = len(sessions) > PREVIEW_SIZE
        return context


class SectorListView(ListView):
    template_name = "expo/sector_list.html"

    def get_queryset(self):
        sectors = list(
            Sector.objects.top_level()
            .prefetch_related(Prefetch("children", queryset=Sector.objects.order_by(by_name())))
            .order_by(by_name())
        )
        counts = overview_counts()
        with_counts(sectors, counts["sectors"], keep_empty=True)
        alone = counts["sectors_alone"]
        for sector in sectors:
            sector.counted_children = with_counts(sector.children.all(), alone, keep_empty=True)
        return sectors


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
        context["showcases"] = showcases.for_cards()[:PREVIEW_SIZE]
        # A top-level sector's page lists its sub-sectors' rows too (``in_sector``).
        counted = overview_counts()["sectors" if sector.parent_id is None else "sectors_alone"]
        counts = counted.get(sector.pk, (0, 0))
        context["exhibitor_count"], context["showcase_count"] = counts
        return context


class SearchView(TemplateView):
    """One box across exhibitors, showcases, pavilions, sessions and people, grouped by type: one
    query per type, whatever the data. Each type ranks at most ``SEARCH_CANDIDATES`` rows of each
    kind of match (core.search), so a common word costs what a rare one does."""

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
                _("Exhibitors"),
                Exhibitor.objects.published().search(query, SEARCH_CANDIDATES),
                reverse("exhibitors:exhibitor_list"),
            ),
            (
                _("Showcases"),
                Showcase.objects.published()
                .search(query, SEARCH_CANDIDATES)
                .select_related("exhibition"),
                reverse("exhibitors:showcase_list"),
            ),
            (
                _("Pavilions"),
                Pavilion.objects.published()
                .search(query, SEARCH_CANDIDATES)
                .select_related("exhibition"),
                None,
            ),
            (
                _("Sessions"),
                Session.objects.published()
                .search(query, SEARCH_CANDIDATES)
                .select_related("exhibition"),
                None,
            ),
            (
                _("People"),
                Person.objects.search(query, SEARCH_CANDIDATES).select_related("country"),
                reverse("programme:person_list"),
            ),
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
        # "52+ results": one "+" when any group has more than it shows.
        context["more"] = any(g["more"] for g in context["groups"])
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


def share_card(request, kind, slug):
    """The share card (``og:image``) of one record's page, a 1200×630 PNG: ``kind`` is
    ``exhibition``, ``pavilion``, ``exhibitor``, ``showcase``, ``country`` (its code in lower case)
    or ``sector``. A record that is not public has none (404). Drawn in the language its path
    names (``/ru/share-cards/…`` in Russian), like the page it is the card of. See
    core/share_cards.py."""
    card = share_cards.record_card(kind, slug)
    if card is None:
        raise Http404("No share card by that name.")
    return share_cards.response(card)


share_card.query_parameters = ()  # the page cache drops any query string (expo.cache)


def page_share_card(request, name):
    """The share card of a page that shows no single record: ``home``, ``exhibitors``,
    ``showcases``, ``pavilions``, ``countries``, ``sectors``, ``search``, or ``site`` for the rest;
    in the language its path names."""
    card = share_cards.page_card(name)
    if card is None:
        raise Http404("No share card by that name.")
    return share_cards.response(card)


page_share_card.query_parameters = ()


def static_file_view(path, content_type):
    """A view answering with ``static/<path>``, for the files clients ask for at the site's root
    (``/favicon.ico``, ``/apple-touch-icon.png``) rather than where a page's links point."""

    def view(request):
        found = finders.find(path)
        if not found:
            raise Http404("No such file.")
        with open(found, "rb") as file:
            return HttpResponse(file.read(), content_type=content_type)

    view.query_parameters = ()
    return view


favicon = static_file_view("img/favicon.ico", "image/vnd.microsoft.icon")
apple_touch_icon = static_file_view("img/apple-touch-icon.png", "image/png")

# The site's colours (static/css/site.css): the light theme's surface and background.
THEME_COLOUR = "#ffffff"
BACKGROUND_COLOUR = "#f7f8fa"


def web_manifest(request):
    """The web app manifest: the site's name, icons and colours, for a browser's "add to home screen".
    It is a web site, not an app: it opens in the browser, with no offline mode."""
    manifest = {
        "name": "Expo Directory",
        "short_name": "Expo Dir",
        "description": _(
            "Pavilions, exhibitors and product showcases of the Smart China Expo, by country and "
            "by technology sector."
        ),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(f"img/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


web_manifest.query_parameters = ()
